/**
 * The Go-made gate evaluations (`gait-v1.4.0-made/expected.json`, #19–#22, #30, #32, #33, #40,
 * #42, #95): same inputs, same tokens and keys; our output must equal the reference's except for
 * the per-run correlation id and warnings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { announceSkip, hasMade, madeDir } from '../../../../test-support/conformance.js';
import { verifyTraceRecord } from '../trace/verify.js';
import { readPublicKeyFile } from '@gait/core-sign';
import { evaluateGate, type GateEvalOptions } from './gate-eval.js';

announceSkip('Go-made gate evaluations', hasMade, madeDir);

interface Command {
  n: number;
  args: string[];
  exit: number;
  stdout: string;
}

const commands: Command[] = hasMade
  ? (JSON.parse(readFileSync(join(madeDir, 'expected.json'), 'utf8')) as { commands: Command[] }).commands.filter(
      (c) => c.args[0] === 'gate' && c.args[1] === 'eval',
    )
  : [];

/** The flags those commands use, mapped onto options; inputs are read from the made folder. */
function optionsFor(args: string[], cwd: string): GateEvalOptions {
  const flags = new Map<string, string>();
  let simulate = false;
  for (let i = 2; i < args.length; i++) {
    const name = args[i]!.replace(/^--?/, '');
    if (name === 'json') continue;
    if (name === 'simulate') {
      simulate = true;
      continue;
    }
    flags.set(name, args[++i]!);
  }
  const input = (name: string) => (flags.has(name) ? join(madeDir, flags.get(name)!) : undefined);
  return {
    policyPath: input('policy')!,
    intentPath: input('intent')!,
    keyMode: flags.get('key-mode'),
    privateKeyPath: input('private-key'),
    approvalKey: { publicKeyPath: input('approval-public-key') },
    delegationKey: { publicKeyPath: input('delegation-public-key') },
    approvalTokenPaths: flags.has('approval-token') ? [input('approval-token')!] : [],
    delegationTokenPaths: flags.has('delegation-token') ? [input('delegation-token')!] : [],
    traceOut: flags.get('trace-out'),
    approvalAuditOut: flags.get('approval-audit-out'),
    delegationAuditOut: flags.get('delegation-audit-out'),
    simulate,
    cwd,
    producerVersion: '1.4.0',
  };
}

describe.runIf(hasMade)('Go-made gate evaluations', () => {
  const work = mkdtempSync(join(tmpdir(), 'gait-made-gate-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('covers the evaluations listed in the brief', () => {
    expect(commands.map((c) => c.n)).toEqual([19, 20, 21, 22, 30, 32, 33, 40, 42, 95]);
  });

  it.each(commands.map((c) => [c.n, c] as const))('#%i gives the reference output and exit code', async (_n, c) => {
    const cwd = join(work, String(c.n));
    const result = await evaluateGate(optionsFor(c.args, cwd));
    const want = JSON.parse(readFileSync(join(madeDir, c.stdout), 'utf8')) as Record<string, unknown>;
    const { correlation_id: _c, warnings: _w, ...expected } = want;
    const { warnings: _ow, ...got } = result.output;
    expect(result.exitCode).toBe(c.exit);
    expect(got).toEqual(expected);
    // The trace we wrote verifies with the prod public key, like the reference's.
    const trace = JSON.parse(readFileSync(join(cwd, String(result.output.trace_path)), 'utf8')) as unknown;
    const verified = verifyTraceRecord(trace, readPublicKeyFile(join(madeDir, 'keys/prod_public.key')));
    expect(verified.signature_status).toBe('verified');
    // And it carries what the Go trace carries, apart from the per-emission members.
    const goTrace = JSON.parse(readFileSync(join(madeDir, c.args[c.args.indexOf('--trace-out') + 1]!), 'utf8')) as Record<string, unknown>;
    const stable = (t: Record<string, unknown>) => {
      const { observed_at: _o, event_id: _e, latency_ms: _l, signature: _s, correlation_id: _c2, ...rest } = t;
      return rest;
    };
    expect(stable(trace as Record<string, unknown>)).toEqual(stable(goTrace));
    // Audit records match the Go ones (token expiry included: they come from the same tokens).
    for (const key of ['approval_audit_path', 'delegation_audit_path']) {
      const path = result.output[key];
      if (typeof path !== 'string') continue;
      const ours = JSON.parse(readFileSync(join(cwd, path), 'utf8')) as unknown;
      expect(ours).toEqual(JSON.parse(readFileSync(join(madeDir, path), 'utf8')));
    }
  });
});
