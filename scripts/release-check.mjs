#!/usr/bin/env node
// Release check: prove every public package works the way a user gets it, from its tarball.
// Packs each package with `pnpm pack`, installs the tarballs with plain npm into a scratch project
// outside the workspace, and exercises the CLI, ESM/CJS consumers and TypeScript consumers there.
// Exits 1 on the first failed check, naming it. Run with `pnpm release:check` after `pnpm build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'gait-release-'));
const tarballDir = join(scratch, 'tarballs');
const consumer = join(scratch, 'consumer');
mkdirSync(tarballDir);
mkdirSync(consumer);

let failures = 0;
const keep = process.argv.includes('--keep');

function check(name, fn) {
  try {
    const note = fn();
    console.log(`ok   ${name}${note ? ` (${note})` : ''}`);
  } catch (error) {
    failures += 1;
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  if (result.error) throw result.error;
  return result;
}

function mustRun(cmd, args, options = {}) {
  const result = run(cmd, args, options);
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`.trim());
  }
  return result;
}

function dirSize(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of readdirSync(path)) total += dirSize(join(path, entry));
  return total;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// 1. Pack every public package.
const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter((p) => p.manifest.private !== true);

const requiredFields = ['description', 'keywords', 'license', 'repository', 'engines', 'sideEffects', 'publishConfig'];
const tarballs = [];
for (const pkg of packages) {
  const name = pkg.manifest.name;
  check(`${name}: metadata complete`, () => {
    const missing = requiredFields.filter((f) => pkg.manifest[f] === undefined);
    if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
    if (pkg.manifest.license !== 'Apache-2.0') throw new Error(`license is ${pkg.manifest.license}, expected Apache-2.0`);
    if (!pkg.manifest.repository.directory) throw new Error('repository.directory is missing');
    if (pkg.manifest.publishConfig.access !== 'public') throw new Error('publishConfig.access must be public');
    if (!existsSync(join(pkg.dir, 'README.md'))) throw new Error('README.md is missing');
    if (name === '@gait/cli' && !pkg.manifest.bin?.gait) throw new Error('bin.gait is missing');
  });
  const out = mustRun('pnpm', ['pack', '--pack-destination', tarballDir], { cwd: pkg.dir });
  const file = out.stdout.trim().split('\n').filter((l) => l.endsWith('.tgz')).pop();
  const tarball = file && existsSync(file) ? file : join(tarballDir, readdirSync(tarballDir).find((f) => f.startsWith(name.replace('@', '').replace('/', '-')) ) ?? '');
  tarballs.push({ name, tarball, dir: pkg.dir });
  check(`${name}: tarball holds only what users need`, () => {
    const listing = mustRun('tar', ['-tzf', tarball]).stdout.split('\n').filter(Boolean);
    const bad = listing.filter((f) => /\.test\.|\/src\/|\/test\/|fixtures|\.tsbuildinfo$/.test(f));
    if (bad.length) throw new Error(`unexpected files: ${bad.slice(0, 5).join(', ')}`);
    for (const needed of ['package/package.json', 'package/README.md', 'package/LICENSE']) {
      if (!listing.includes(needed)) throw new Error(`${needed} is not in the tarball`);
    }
    return `${listing.length} files, packed ${kib(statSync(tarball).size)}`;
  });
}

// 2. publint and attw on every tarball.
const bin = (name) => join(root, 'node_modules', '.bin', name);
for (const { name, tarball, dir } of tarballs) {
  check(`${name}: publint`, () => {
    const result = run(bin('publint'), ['--strict'], { cwd: dir });
    if (result.status !== 0) throw new Error(result.stdout + result.stderr);
  });
  check(`${name}: are-the-types-wrong`, () => {
    const result = run(bin('attw'), [tarball, '--format', 'ascii', '--profile', 'node16']);
    if (result.status !== 0) throw new Error(result.stdout + result.stderr);
  });
}

// 3. Install the tarballs with plain npm, outside the workspace.
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'gait-consumer', private: true, version: '0.0.0' }, null, 2));
check('npm install of the tarballs in a scratch project', () => {
  mustRun('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((t) => t.tarball)], { cwd: consumer });
  mustRun('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-save', 'typescript@5.9.3', '@types/node@20.19.43'], { cwd: consumer });
  return `installed ${kib(dirSize(join(consumer, 'node_modules')))} in all`;
});
for (const { name } of tarballs) {
  const installed = join(consumer, 'node_modules', ...name.split('/'));
  if (existsSync(installed)) console.log(`     ${name}: installed ${kib(dirSize(installed))}`);
}

// 4. The CLI as users run it.
const gait = (args, cwd = consumer) => run('npx', ['--no-install', 'gait', ...args], { cwd });
check('npx gait --help', () => {
  const r = gait(['--help']);
  if (r.status !== 0 || !/Usage:/.test(r.stdout)) throw new Error(`exit ${r.status}: ${r.stdout}${r.stderr}`);
});
check('npx gait version --json', () => {
  const r = gait(['version', '--json']);
  const out = JSON.parse(r.stdout);
  if (r.status !== 0 || out.ok !== true || typeof out.version !== 'string') throw new Error(r.stdout + r.stderr);
  return out.version;
});
check('npx gait demo', () => {
  const work = join(consumer, 'demo-work');
  mkdirSync(work);
  const r = gait(['demo', '--json'], work);
  const out = JSON.parse(r.stdout);
  if (r.status !== 0 || out.ok !== true) throw new Error(`exit ${r.status}: ${r.stdout}${r.stderr}`);
  return out.run_id;
});
const policyPath = join(consumer, 'policy.yaml');
writeFileSync(
  policyPath,
  [
    'schema_id: gait.gate.policy',
    'schema_version: 1.0.0',
    'default_verdict: allow',
    'rules:',
    '  - name: block-deletes',
    '    effect: block',
    '    match:',
    '      tool_names: [fs.delete]',
    '',
  ].join('\n'),
);
const intent = (tool) => ({
  schema_id: 'gait.gate.intent_request',
  schema_version: '1.0.0',
  created_at: '2026-02-06T00:00:00Z',
  producer_version: '0.0.0-release-check',
  tool_name: tool,
  args: { path: '/tmp/x' },
  targets: [{ kind: 'path', value: '/tmp/x', operation: tool === 'fs.delete' ? 'delete' : 'read' }],
  context: { identity: 'release-check', workspace: '/tmp', risk_class: 'low' },
});
for (const [tool, verdict, exit] of [
  ['fs.read', 'allow', 0],
  ['fs.delete', 'block', 3],
]) {
  check(`npx gait gate eval (${tool} → ${verdict}, exit ${exit})`, () => {
    const intentPath = join(consumer, `intent_${tool}.json`);
    writeFileSync(intentPath, JSON.stringify(intent(tool), null, 2));
    const r = gait(['gate', 'eval', '--policy', policyPath, '--intent', intentPath, '--json']);
    const out = JSON.parse(r.stdout);
    if (r.status !== exit || out.verdict !== verdict) throw new Error(`exit ${r.status}, verdict ${out.verdict}: ${r.stdout}${r.stderr}`);
  });
}

// 5. ESM and CommonJS consumers.
const libraries = {
  '@gait/sdk': ['createGate'],
  '@gait/core-gate': ['evaluateGate', 'compilePolicy', 'evaluateIntent'],
  '@gait/core-runpack': ['verifyRunpack', 'recordRun'],
};
const present = Object.entries(libraries).filter(([name]) => tarballs.some((t) => t.name === name));
writeFileSync(
  join(consumer, 'esm.mjs'),
  present.map(([name, fns], i) => `import { ${fns.map((f) => `${f} as m${i}_${f}`).join(', ')} } from '${name}';\n${fns.map((f) => `if (typeof m${i}_${f} !== 'function') throw new Error('${name}: ${f} is not a function');`).join('\n')}`).join('\n') + "\nconsole.log('esm ok');\n",
);
writeFileSync(
  join(consumer, 'cjs.cjs'),
  present.map(([name, fns]) => `{ const m = require('${name}'); for (const f of ${JSON.stringify(fns)}) if (typeof m[f] !== 'function') throw new Error('${name}: ' + f + ' is not a function'); }`).join('\n') + "\nconsole.log('cjs ok');\n",
);
check(`ESM consumer of ${present.map(([n]) => n).join(', ')}`, () => void mustRun('node', ['esm.mjs'], { cwd: consumer }));
check(`CommonJS consumer of ${present.map(([n]) => n).join(', ')}`, () => void mustRun('node', ['cjs.cjs'], { cwd: consumer }));

// 6. TypeScript consumers under node16 and bundler resolution.
writeFileSync(
  join(consumer, 'consumer.ts'),
  present.map(([name, fns], i) => `import { ${fns.map((f) => `${f} as m${i}_${f}`).join(', ')} } from '${name}';\nexport const fns${i} = [${fns.map((f) => `m${i}_${f}`).join(', ')}];`).join('\n') + '\n',
);
for (const [resolution, module] of [
  ['node16', 'node16'],
  ['bundler', 'esnext'],
]) {
  check(`TypeScript consumer type-checks (moduleResolution ${resolution})`, () => {
    writeFileSync(
      join(consumer, `tsconfig.${resolution}.json`),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module, moduleResolution: resolution, target: 'es2022', types: ['node'], skipLibCheck: false }, files: ['consumer.ts'] }),
    );
    mustRun(join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', `tsconfig.${resolution}.json`], { cwd: consumer });
  });
}

// 7. Cold start of the installed CLI against a bare node start, measured in the same run.
check('cold start: npx gait version vs node -e 0', () => {
  const time = (cmd, args) => {
    const samples = [];
    for (let i = 0; i < 5; i += 1) {
      const start = process.hrtime.bigint();
      mustRun(cmd, args, { cwd: consumer });
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return median(samples);
  };
  const base = time('node', ['-e', '0']);
  const direct = time('node', [join(consumer, 'node_modules', '@gait', 'cli', 'dist', 'bin.js'), 'version']);
  const viaNpx = time('npx', ['--no-install', 'gait', 'version']);
  const npxAlone = time('npx', ['--no-install', '--version']);
  return (
    `node -e 0 ${base.toFixed(0)} ms; gait version ${direct.toFixed(0)} ms (${(direct / base).toFixed(2)}x); ` +
    `npx gait version ${viaNpx.toFixed(0)} ms (${(viaNpx / base).toFixed(2)}x, of which npx itself ~${npxAlone.toFixed(0)} ms)`
  );
});

// 8. Changesets: the fixed group bumps every package together, on a temporary copy of the tree.
check('changeset version bumps all @gait/* together and writes changelogs', () => {
  const copy = join(scratch, 'tree');
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (file.startsWith('.changeset/') && file.endsWith('.md') && !file.endsWith('README.md')) continue;
    const target = join(copy, file);
    mkdirSync(dirname(target), { recursive: true });
    if (existsSync(join(root, file))) cpSync(join(root, file), target);
  }
  writeFileSync(join(copy, '.changeset', 'release-check-sample.md'), '---\n"@gait/core-sign": minor\n---\n\nRelease-check sample entry.\n');
  mustRun(bin('changeset'), ['version'], { cwd: copy });
  const versions = new Map();
  for (const dir of readdirSync(join(copy, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(copy, 'packages', dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    versions.set(manifest.name, manifest.version);
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
      if (dep.startsWith('@gait/') && !String(range).startsWith('workspace:')) throw new Error(`${manifest.name} depends on ${dep}@${range}`);
    }
  }
  const distinct = new Set(versions.values());
  if (distinct.size !== 1) throw new Error(`versions differ: ${JSON.stringify(Object.fromEntries(versions))}`);
  const changelog = readFileSync(join(copy, 'packages', 'core-sign', 'CHANGELOG.md'), 'utf8');
  if (!changelog.includes('Release-check sample entry.')) throw new Error('core-sign CHANGELOG.md lacks the sample entry');
  return `all ${versions.size} packages at ${[...distinct][0]}`;
});

console.log(`\nrelease check: ${failures === 0 ? 'passed' : `${failures} failed`} (scratch: ${relative(process.cwd(), scratch) || scratch})`);
if (!keep && failures === 0) rmSync(scratch, { recursive: true, force: true });
process.exit(failures === 0 ? 0 : 1);
