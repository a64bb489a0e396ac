import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../test-support/conformance.js';
import { correlationId } from './correlation.js';

/**
 * Real runs of the built `dist/bin.js`. `turbo run test` builds first; a bare `vitest run` on a
 * fresh clone builds here once.
 */
const packageDir = resolve(__dirname, '..');
const bin = join(packageDir, 'dist/bin.js');
announceSkip('subprocess keys verify of the Go-made keys', hasMade, madeDir);

let cwd: string;
beforeAll(() => {
  if (!existsSync(bin)) execFileSync('pnpm', ['run', 'build'], { cwd: packageDir, stdio: 'ignore' });
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-bin-'));
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function gait(args: string[], options: { cwd?: string } = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the gait binary', () => {
  it('lists its commands for --help', () => {
    const { code, stdout, stderr } = gait(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage:\n/);
    for (const path of ['keys init', 'keys rotate', 'keys verify', 'version']) expect(stdout).toMatch(new RegExp(`^  ${path} +\\S`, 'm'));
  });

  it('prints version JSON with the correlation id of `gait version --json`', () => {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
    const { code, stdout } = gait(['version', '--json']);
    expect(code).toBe(0);
    expect(stdout).toBe(`{"correlation_id":"${correlationId(['gait', 'version', '--json'])}","ok":true,"version":"${pkg.version}"}\n`);
  });

  it('exits 6 for an unknown command, with only the envelope under --json', () => {
    const { code, stdout } = gait(['frobnicate', '--json']);
    expect(code).toBe(6);
    expect(JSON.parse(stdout)).toEqual({
      correlation_id: correlationId(['gait', 'frobnicate', '--json']),
      error: 'unknown command: frobnicate',
      error_category: 'invalid_input',
      error_code: 'invalid_input',
      hint: 'check command usage and input schema',
      ok: false,
      retryable: false,
    });
    expect(gait(['frobnicate']).stdout).toMatch(/^error: unknown command: frobnicate\nUsage:\n/);
  });

  it('writes keys with keys init that keys verify accepts', () => {
    const init = gait(['keys', 'init', '--out-dir', 'keys', '--prefix', 'ci', '--json']);
    expect(init.code).toBe(0);
    const { key_id: keyId } = JSON.parse(init.stdout) as { key_id: string };
    const verify = gait(['keys', 'verify', '--private-key', 'keys/ci_private.key', '--public-key', 'keys/ci_public.key']);
    expect(verify).toEqual({ code: 0, stdout: `keys verify ok: key_id=${keyId}\n`, stderr: '' });
  });

  it('rejects a bad key file with a clear message and exit 6', () => {
    writeFileSync(join(cwd, 'bad_private.key'), 'AAAA\n');
    const { code, stdout } = gait(['keys', 'verify', '--private-key', 'bad_private.key']);
    expect(code).toBe(6);
    expect(stdout).toBe('keys verify error: invalid private key length: 3\n');
  });

  it.runIf(hasMade)('verifies the Go-made prod key pair', () => {
    const { code, stdout } = gait(['keys', 'verify', '--private-key', 'keys/prod_private.key', '--public-key', 'keys/prod_public.key'], {
      cwd: madeDir,
    });
    expect(code).toBe(0);
    expect(stdout).toBe('keys verify ok: key_id=4b89cef4f8fec3208effa4e859bb21feff783394c42042740352e0b9fabdb9dc\n');
  });
});

describe('start-up', () => {
  /** Files reachable from dist/bin.js through static imports only (dynamic `import()` excluded). */
  function staticImports(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    // esbuild writes static imports at column 0: `import {\n  x\n} from "./chunk.js";`, `import "./chunk.js";`.
    for (const match of source.matchAll(/^(?:import|export)\s+(?:[\w*{}\s,$]+\s+from\s+)?["']([^"']+)["'];?$/gm)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.')) staticImports(join(dirname(file), specifier), seen);
      else seen.add(specifier);
    }
    return seen;
  }

  it('loads no engine for `gait version`: only @gait/core-errors among the Gait packages, engines lazily', () => {
    const reached = [...staticImports(bin)];
    expect(reached.length).toBeGreaterThan(1);
    const gaitPackages = reached.filter((entry) => entry.startsWith('@gait/'));
    expect(gaitPackages.filter((name) => name !== '@gait/core-errors')).toEqual([]);
    expect(reached.filter((entry) => /engine/.test(entry))).toEqual([]);
    const chunks = reached.filter((entry) => entry.endsWith('.js')).map((file) => readFileSync(file, 'utf8')).join('\n');
    expect(chunks).toMatch(/await import\(["']\.\/engine-[\w-]+\.js["']\)/);
  });
});
