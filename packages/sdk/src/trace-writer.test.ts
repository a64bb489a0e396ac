import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fsx from '@gait/core-fsx';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GaitGateFailureError, createGate } from './index.js';
import { expectSignedTrace, fixedClock, intent, testKeyPair } from './testing/index.js';
import { WRITE_POLICY } from './test-fixtures/policies.js';

const key = testKeyPair('writer');

afterEach(() => {
  vi.restoreAllMocks();
});

describe("traceWrites: 'background'", () => {
  it('signs in the decision and has every trace on disk after flush()', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'gait-sdk-bg-'));
    const gate = createGate({ policy: WRITE_POLICY, keys: { privateKey: key }, outDir, clock: fixedClock(), traceWrites: 'background' });
    const decisions = await Promise.all(['/a', '/b', '/c'].map((path) => gate.evaluate(intent('tool.read', { path }))));
    await gate.flush();
    for (const d of decisions) expectSignedTrace(d.tracePath!, key.publicKey);
    expect(readdirSync(outDir).filter((f) => f.startsWith('trace_'))).toHaveLength(3);
  });

  it('a failed background write fails flush() and every later decision closed', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'gait-sdk-bg-fail-'));
    vi.spyOn(fsx, 'writeFileAtomic').mockRejectedValue(new Error('disk full'));
    const gate = createGate({ policy: WRITE_POLICY, keys: { privateKey: key }, outDir, clock: fixedClock(), traceWrites: 'background' });
    await gate.evaluate(intent('tool.read', { path: '/a' }));
    await expect(gate.flush()).rejects.toThrow(/write trace .*disk full/);
    const execute = vi.fn();
    await expect(gate.guard('tool.read', execute)({ path: '/b' })).rejects.toBeInstanceOf(GaitGateFailureError);
    expect(execute).not.toHaveBeenCalled();
  });

  it("in 'await' mode a failed write rejects the decision and the tool does not run", async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'gait-sdk-await-fail-'));
    vi.spyOn(fsx, 'writeFileAtomic').mockRejectedValue(new Error('read-only file system'));
    const gate = createGate({ policy: WRITE_POLICY, keys: { privateKey: key }, outDir, clock: fixedClock() });
    const execute = vi.fn();
    await expect(gate.guard('tool.read', execute)({ path: '/b' })).rejects.toThrow(/read-only file system/);
    expect(execute).not.toHaveBeenCalled();
  });
});
