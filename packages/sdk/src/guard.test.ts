import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as engine from '@gait/core-gate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GaitApprovalRequiredError,
  GaitBlockedError,
  GaitEnforcementError,
  GaitGateFailureError,
  createGate,
  isGaitRefusal,
} from './index.js';
import { expectSignedTrace, fixedClock, intent, testKeyPair } from './testing/index.js';
import { RATE_LIMITED_POLICY, WRITE_POLICY } from './test-fixtures/policies.js';

const outDir = () => mkdtempSync(join(tmpdir(), 'gait-sdk-guard-'));
const key = testKeyPair('guard');
const newGate = (extra: Partial<Parameters<typeof createGate>[0]> = {}) =>
  createGate({ policy: WRITE_POLICY, keys: { privateKey: key }, outDir: outDir(), clock: fixedClock(), context: { identity: 'guard-test', workspace: '/tmp/w', riskClass: 'low' }, ...extra });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('gate.guard', () => {
  it('runs the tool on allow and returns its value', async () => {
    const execute = vi.fn(async (args: { path: string }) => `read ${args.path}`);
    const decisions: string[] = [];
    const read = newGate().guard('tool.read', execute, { onDecision: (d) => decisions.push(d.verdict) });
    expect(await read({ path: '/tmp/a' })).toBe('read /tmp/a');
    expect(execute).toHaveBeenCalledTimes(1);
    expect(decisions).toEqual(['allow']);
  });

  it('never calls execute on block, and the error carries verdict, reasons and a signed trace', async () => {
    const execute = vi.fn();
    const exec = newGate().guard('tool.exec', execute);
    const error = await exec({ cmd: 'ls' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GaitBlockedError);
    const blocked = error as GaitBlockedError;
    expect(blocked.verdict).toBe('block');
    expect(blocked.exitCode).toBe(3);
    expect(blocked.reasonCodes).toContain('default_block');
    expect(blocked.decision?.verdict).toBe('block');
    expect(expectSignedTrace(blocked.tracePath!, key.publicKey).verdict).toBe('block');
    expect(execute).not.toHaveBeenCalled();
  });

  it('throws GaitApprovalRequiredError on require_approval and GaitBlockedError on dry_run', async () => {
    const execute = vi.fn();
    const gate = newGate();
    const approval = await gate.guard('tool.write', execute)({ path: '/tmp/x' }).catch((e: unknown) => e);
    expect(approval).toBeInstanceOf(GaitApprovalRequiredError);
    expect((approval as GaitApprovalRequiredError).exitCode).toBe(4);
    expect((approval as GaitApprovalRequiredError).reasonCodes).toContain('approval_token_missing');
    const dryRun = await gate.guard('tool.deploy', execute)({}).catch((e: unknown) => e);
    expect(dryRun).toBeInstanceOf(GaitBlockedError);
    expect((dryRun as GaitBlockedError).verdict).toBe('dry_run');
    expect(execute).not.toHaveBeenCalled();
  });

  it("in 'return' mode resolves with a refusal the model can read", async () => {
    const execute = vi.fn();
    const exec = newGate().guard('tool.exec', execute, { mode: 'return' });
    const refusal = await exec({});
    expect(isGaitRefusal(refusal)).toBe(true);
    if (!isGaitRefusal(refusal)) return;
    expect(refusal.verdict).toBe('block');
    expect(refusal.message).toMatch(/tool\.exec was blocked by policy \(default_block\); it was not executed/);
    expect(refusal.error).toBeInstanceOf(GaitEnforcementError);
    expect(execute).not.toHaveBeenCalled();
  });

  it('builds the intent with toIntent (targets and context reach the policy)', async () => {
    const policy = `default_verdict: allow
rules:
  - name: no-etc
    effect: block
    match:
      tool_names: [tool.write]
      target_values: [/etc/passwd]
`;
    const execute = vi.fn();
    const write = newGate({ policy }).guard('tool.write', execute, {
      toIntent: (args: { path: string }) => ({ args, targets: [{ kind: 'path', value: args.path, operation: 'write' }] }),
    });
    await expect(write({ path: '/etc/passwd' })).rejects.toMatchObject({ verdict: 'block', reasonCodes: ['matched_rule_no_etc'] });
    await write({ path: '/tmp/ok' });
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it('passes an exception from the tool itself through unchanged', async () => {
    const read = newGate().guard('tool.read', () => {
      throw new RangeError('disk on fire');
    });
    await expect(read({})).rejects.toThrow(RangeError);
  });
});

describe('fail closed', () => {
  it('an exception inside the engine: the tool does not run', async () => {
    vi.spyOn(engine, 'prepareGateIntent').mockImplementation(() => {
      throw new Error('engine exploded');
    });
    const execute = vi.fn();
    const error = await newGate().guard('tool.read', execute)({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GaitGateFailureError);
    expect(error).toBeInstanceOf(GaitBlockedError);
    expect((error as GaitGateFailureError).reasonCodes).toEqual(['gate_error']);
    expect(((error as Error).cause as Error).message).toBe('engine exploded');
    expect(execute).not.toHaveBeenCalled();
  });

  it('a decision over its time budget (synchronous work): the tool does not run', async () => {
    const real = engine.prepareGateIntent;
    vi.spyOn(engine, 'prepareGateIntent').mockImplementation((...args) => {
      const until = performance.now() + 30;
      while (performance.now() < until) {
        // burn the budget synchronously, as a pathological policy would
      }
      return real(...args);
    });
    const execute = vi.fn();
    const error = await newGate({ timeoutMs: 5 }).guard('tool.read', execute)({}).catch((e: unknown) => e);
    expect((error as GaitGateFailureError).reasonCodes).toEqual(['gate_timeout']);
    expect(execute).not.toHaveBeenCalled();
  });

  it('a decision that never settles (a stuck rate-limit lock or trace write): the tool does not run', async () => {
    vi.spyOn(engine, 'decideGate').mockImplementation(() => new Promise(() => {}));
    const execute = vi.fn();
    const error = await newGate({ policy: RATE_LIMITED_POLICY, timeoutMs: 50 }).guard('tool.read', execute)({}).catch((e: unknown) => e);
    expect((error as GaitGateFailureError).reasonCodes).toEqual(['gate_timeout']);
    expect(execute).not.toHaveBeenCalled();
  });

  it('an invalid decision (unknown verdict): the tool does not run', async () => {
    const real = engine.prepareGateIntent;
    vi.spyOn(engine, 'prepareGateIntent').mockImplementation((...args) => {
      const prepared = real(...args);
      return { ...prepared, outcome: { ...prepared.outcome, result: { ...prepared.outcome.result, verdict: 'maybe' as never } } };
    });
    const execute = vi.fn();
    const error = await newGate().guard('tool.read', execute)({}).catch((e: unknown) => e);
    expect((error as GaitGateFailureError).reasonCodes).toEqual(['gate_invalid_decision']);
    expect(execute).not.toHaveBeenCalled();
  });

  it('an intent the gate cannot normalize: the tool does not run', async () => {
    const execute = vi.fn();
    const guarded = newGate().guard('tool.read', execute, { toIntent: () => ({ argProvenance: [{ argPath: '$.x', source: 'rumour' }] }) });
    const error = await guarded({}).catch((e: unknown) => e);
    expect((error as GaitGateFailureError).reasonCodes).toEqual(['gate_error']);
    expect((error as Error).message).toMatch(/unsupported provenance source: rumour/);
    expect(execute).not.toHaveBeenCalled();
  });

  it('an onDecision hook that throws: the tool does not run', async () => {
    const execute = vi.fn();
    const read = newGate().guard('tool.read', execute, {
      onDecision: () => {
        throw new Error('audit sink down');
      },
    });
    await expect(read({})).rejects.toBeInstanceOf(GaitGateFailureError);
    expect(execute).not.toHaveBeenCalled();
  });

  it('a bad policy or a missing prod key: no gate, so no tool can be wrapped', () => {
    expect(() => createGate({ policy: 'default_verdict: maybe\nrules: []\n' })).toThrow(/default_verdict/);
    expect(() => createGate({ policy: '/nonexistent/policy.yaml' })).toThrow(/read policy \/nonexistent\/policy.yaml/);
    expect(() => createGate({ policy: WRITE_POLICY, keys: { keyMode: 'prod' } })).toThrow(/prod key mode requires keys.privateKey/);
    expect(() => createGate({ policy: WRITE_POLICY, profile: 'oss-prod' })).toThrow(/oss-prod/);
  });
});
