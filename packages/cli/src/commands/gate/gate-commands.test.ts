/**
 * The gate commands end to end through `runCli`: the Go-made evaluations, trace verifications,
 * and delegation-token verifications of `gait-v1.4.0-made/expected.json` (#19–#42, #94–#96) must
 * give the reference's exit codes and JSON; then the commands' own behaviour on local fixtures.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../../../test-support/conformance.js';
import { runCaptured } from '../../testing/run-captured.js';

announceSkip('Go-made gate, trace and delegation commands', hasMade, madeDir);

interface Command {
  n: number;
  args: string[];
  exit: number;
  stdout: string;
}

const BOOL_FLAGS = new Set(['--json', '--simulate']);
const PATH_FLAGS = new Set(['--policy', '--intent', '--private-key', '--public-key', '--approval-public-key', '--delegation-public-key', '--approval-token', '--delegation-token', '--token']);

const commands: Command[] = hasMade
  ? (JSON.parse(readFileSync(join(madeDir, 'expected.json'), 'utf8')) as { commands: Command[] }).commands.filter(
      (c) => (c.n >= 19 && c.n <= 42 && c.args[0] !== 'approve' && !(c.args[0] === 'delegate' && c.args[1] === 'mint')) || (c.n >= 94 && c.n <= 96),
    )
  : [];

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-gate-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

/** Inputs are read in place from the made folder; outputs go to a scratch folder. */
function localise(args: string[]): { argv: string[]; positional?: string } {
  const argv: string[] = [];
  let positional: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (i < 2 || BOOL_FLAGS.has(a)) argv.push(a);
    else if (PATH_FLAGS.has(a)) argv.push(a, join(madeDir, args[++i]!));
    else if (a.startsWith('-')) argv.push(a, args[++i]!);
    else {
      positional = join(madeDir, a);
      argv.push(positional);
    }
  }
  return positional === undefined ? { argv } : { argv, positional };
}

describe.runIf(hasMade)('Go-made gate commands through the CLI', () => {
  it.each(commands.map((c) => [c.n, c.args.slice(0, 2).join(' '), c] as const))('#%i %s', async (_n, _name, c) => {
    const { argv, positional } = localise(c.args);
    const { code, stdout } = await runCaptured(argv, { cwd, env: {} });
    const want = JSON.parse(readFileSync(join(madeDir, c.stdout), 'utf8')) as Record<string, unknown>;
    const got = JSON.parse(stdout) as Record<string, unknown>;
    expect(code).toBe(c.exit);
    const strip = (o: Record<string, unknown>) => {
      const { correlation_id: _c, warnings: _w, path: _p, token_path: _t, ...rest } = o;
      return rest;
    };
    expect(strip(got)).toEqual(strip(want));
    if (positional !== undefined && 'path' in want) expect(got.path).toBe(positional);
  });
});

const policy = 'default_verdict: require_approval\nrules:\n  - {name: block-delete, priority: 1, effect: block, match: {tool_names: [tool.delete]}}\n';
const intent = {
  created_at: '2026-02-05T00:00:00Z',
  tool_name: 'tool.write',
  args: {},
  targets: [{ kind: 'path', value: '/tmp/out.txt' }],
  context: { identity: 'alice', workspace: '/tmp', risk_class: 'high' },
};

describe('gate commands', () => {
  const run = (argv: string[]) => runCaptured(argv, { cwd, env: {}, correlationId: 'cid' });
  const setup = () => {
    writeFileSync(join(cwd, 'policy.yaml'), policy);
    writeFileSync(join(cwd, 'intent.json'), JSON.stringify(intent));
  };

  it('mints keys, approves, evaluates and verifies the trace (C3 flow)', async () => {
    setup();
    expect((await run(['keys', 'init', '--out-dir', 'k', '--prefix', 'gate'])).code).toBe(0);
    expect((await run(['keys', 'init', '--out-dir', 'k', '--prefix', 'approver'])).code).toBe(0);
    const keys = ['--key-mode', 'prod', '--private-key', 'k/gate_private.key'];
    const first = await run(['gate', 'eval', '--policy', 'policy.yaml', '--intent', 'intent.json', ...keys, '--json']);
    expect(first.code).toBe(4);
    const evaluated = JSON.parse(first.stdout) as Record<string, string>;
    expect(evaluated).toMatchObject({ verdict: 'require_approval', correlation_id: 'cid' });
    const approve = await run([
      'approve', '--intent-digest', evaluated.intent_digest!, '--policy-digest', evaluated.policy_digest!, '--ttl', '1h',
      '--scope', 'tool:tool.write', '--approver', 'bob', '--reason-code', 'ok', '--key-mode', 'prod',
      '--private-key', 'k/approver_private.key', '--out', 'tokens/a.json', '--json',
    ]);
    expect(approve.code).toBe(0);
    expect(JSON.parse(approve.stdout)).toMatchObject({ ok: true, token_path: 'tokens/a.json', scope: ['tool:tool.write'] });
    const granted = await run([
      'gate', 'eval', '--policy', 'policy.yaml', '--intent', 'intent.json', ...keys,
      '--approval-token', 'tokens/a.json', '--approval-public-key', 'k/approver_public.key', '--trace-out', 'out/trace.json',
    ]);
    expect(granted.code).toBe(0);
    expect(granted.stdout).toContain('gate eval: verdict=allow\ntrace: out/trace.json\nreasons: approval_granted,default_require_approval\napprovals: 1/1\n');
    const verified = await run(['trace', 'verify', 'out/trace.json', '--public-key', 'k/gate_public.key', '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, signature_status: 'verified', verdict: 'allow' });
    const wrongKey = await run(['trace', 'verify', '--path', 'out/trace.json', '--public-key', 'k/approver_public.key']);
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stdout).toBe('trace verify failed: out/trace.json\nsignature status: failed\n');
  });

  it('delegate mint then verify, with a mismatch exiting 2', async () => {
    await run(['keys', 'init', '--out-dir', 'k']);
    const mint = await run(['delegate', 'mint', '--delegator', 'lead', '--delegate', 'spec', '--scope', 'write', '--ttl', '1h', '--key-mode', 'prod', '--private-key', 'k/gait_private.key', '--out', 'd.json']);
    expect(mint).toMatchObject({ code: 0, stdout: 'delegation token ok: d.json\n' });
    const ok = await run(['delegate', 'verify', '--token', 'd.json', '--public-key', 'k/gait_public.key', '--delegator', 'lead', '--json']);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, description: 'delegation token verified' });
    const bad = await run(['delegate', 'verify', '--token', 'd.json', '--public-key', 'k/gait_public.key', '--delegate', 'other', '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error_code: 'delegation_token_delegate_mismatch', error_category: 'verification_failed' });
  });

  it('reports usage errors with exit 6', async () => {
    setup();
    expect(await run(['gate', 'eval', '--policy', 'policy.yaml'])).toMatchObject({ code: 6, stdout: 'gate eval error: both --policy and --intent are required\n' });
    expect((await run(['gate', 'eval', '--policy', 'policy.yaml', '--intent', 'intent.json', 'extra'])).code).toBe(6);
    expect((await run(['approve', '--ttl', 'bad', '--scope', 'x'])).stdout).toBe('approve error: invalid --ttl, expected positive duration\n');
    expect((await run(['delegate', 'verify'])).stdout).toBe('delegate error: --token is required\n');
    expect((await run(['trace', 'verify'])).code).toBe(6);
  });

  it('dev mode warns and rejects explicit keys', async () => {
    setup();
    const dev = await run(['gate', 'eval', '--policy', 'policy.yaml', '--intent', 'intent.json', '--json']);
    expect(JSON.parse(dev.stdout).warnings).toEqual(['dev mode: ephemeral keypair generated; signatures will not verify across machines']);
    const explicit = await run(['gate', 'eval', '--policy', 'policy.yaml', '--intent', 'intent.json', '--private-key', 'x.key']);
    expect(explicit).toMatchObject({ code: 6, stdout: 'gate eval error: dev mode does not accept explicit key sources\n' });
  });

  it('reads defaults from .gait/config.yaml unless --no-config', async () => {
    setup();
    writeFileSync(join(cwd, 'p2.yaml'), 'default_verdict: dry_run\n');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(cwd, '.gait'));
    writeFileSync(join(cwd, '.gait/config.yaml'), 'gate:\n  policy: p2.yaml\n  trace_path: cfg-trace.json\n');
    const fromConfig = await run(['gate', 'eval', '--intent', 'intent.json', '--json']);
    expect(JSON.parse(fromConfig.stdout)).toMatchObject({ verdict: 'dry_run', trace_path: 'cfg-trace.json' });
    expect((await run(['gate', 'eval', '--intent', 'intent.json', '--no-config'])).code).toBe(6);
  });
});
