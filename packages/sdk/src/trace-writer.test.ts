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
  for (const traceSigning of ['background', 'inline'] as const) {
    it(`signs ${traceSigning === 'inline' ? 'in the decision' : 'in the background'} and has every trace on disk after flush()`, async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'gait-sdk-bg-'));
      const gate = createGate({ policy: WRITE_POLICY, keys: { privateKey: key }, outDir, clock: fixedClock(), traceWrites: 'background', traceSigning });
      const decisions = await Promise.all(['/a', '/b', '/c'].map((path) => gate.evaluate(intent('tool.read', { path }))));
      // Resolved with the paths the traces will have, before any of them is on disk.
      expect(readdirSync(outDir).filter((f) => f.startsWith('trace_'))).toHaveLength(0);
      await gate.flush();
      for (const d of decisions) expectSignedTrace(d.tracePath!, key.publicKey);
      expect(readdirSync(outDir).filter((f) => f.startsWith('trace_'))).toHaveLength(3);
    });
  }

  it('reports a failed background trace to onTraceError with its path', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'gait-sdk-bg-hook-'));
    vi.spyOn(fsx.AtomicBatchWriter.prototype, 'write').mockRejectedValue(new Error('disk full'));
    const failures: [Error, string][] = [];
    const gate = createGate({
      policy: WRITE_POLICY,
      keys: { privateKey: key },
      outDir,
      clock: fixedClock(),
      traceWrites: 'background',
      onTraceError: (error, path) => failures.push([error, path]),
    });
    const decision = await gate.evaluate(intent('tool.read', { path: '/a' }));
    await expect(gate.flush()).rejects.toThrow(/disk full/);
    expect(failures).toHaveLength(1);
    expect(failures[0]![0].message).toMatch(/write trace .*disk full/);
    expect(failures[0]![1]).toBe(decision.tracePath);
  });

  it('refuses trace options that cannot work together', () => {
    const base = { policy: WRITE_POLICY, keys: { privateKey: key }, outDir: mkdtempSync(join(tmpdir(), 'gait-sdk-bg-opts-')) };
    expect(() => createGate({ ...base, traceSigning: 'background' })).toThrow(/needs traceWrites "background"/);
    expect(() => createGate({ ...base, traceWrites: 'background', traceSigning: 'later' as 'inline' })).toThrow(/traceSigning must be/);
    expect(() => createGate({ ...base, onTraceError: 'log' as unknown as () => void })).toThrow(/onTraceError must be a function/);
  });

  it('a failed background write fails flush() and every later decision closed', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'gait-sdk-bg-fail-'));
    vi.spyOn(fsx.AtomicBatchWriter.prototype, 'write').mockRejectedValue(new Error('disk full'));
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
