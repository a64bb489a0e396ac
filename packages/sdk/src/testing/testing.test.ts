import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyId } from '@gait/core-sign';
import { describe, expect, it } from 'vitest';
import { createGate } from '../index.js';
import { WRITE_POLICY } from '../test-fixtures/policies.js';
import { expectSignedTrace, expectVerdict, fixedClock, intent, manualClock, readTrace, target, testKeyPair } from './index.js';

describe('@gait/sdk/testing', () => {
  it('testKeyPair is deterministic per label', () => {
    expect(keyId(testKeyPair().publicKey)).toBe(keyId(testKeyPair().publicKey));
    expect(keyId(testKeyPair('a').publicKey)).not.toBe(keyId(testKeyPair('b').publicKey));
  });

  it('fixedClock stands still; manualClock moves only when told', () => {
    const fixed = fixedClock('2026-01-01T00:00:00Z');
    expect(fixed().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(fixed()).not.toBe(fixed());
    const manual = manualClock('2026-01-01T00:00:00Z');
    manual.advance(1500);
    expect(manual().toISOString()).toBe('2026-01-01T00:00:01.500Z');
    expect(() => fixedClock('not a time')).toThrow(/ISO-8601/);
  });

  it('a fixed clock and key give byte-identical traces across gates', async () => {
    const traces = [];
    for (let i = 0; i < 2; i += 1) {
      const gate = createGate({ policy: WRITE_POLICY, keys: { privateKey: testKeyPair() }, outDir: mkdtempSync(join(tmpdir(), 'gait-sdk-det-')), clock: fixedClock() });
      const d = await gate.evaluate(intent('tool.read', { path: '/x' }, { targets: [target('path', '/x', 'read')] }));
      traces.push(readFileSync(d.tracePath!, 'utf8'));
    }
    expect(traces[0]).toBe(traces[1]);
  });

  it('expectVerdict and expectSignedTrace fail with a message that shows what was found', async () => {
    const key = testKeyPair();
    const gate = createGate({ policy: WRITE_POLICY, keys: { privateKey: key }, outDir: mkdtempSync(join(tmpdir(), 'gait-sdk-assert-')), clock: fixedClock() });
    const d = await gate.evaluate(intent('tool.exec'));
    expect(() => expectVerdict(d, 'allow')).toThrow(/expected verdict allow, got block \(reasons: default_block\)/);
    expect(() => expectVerdict(d, 'block', ['nope'])).toThrow(/expected reason codes nope/);
    expect(readTrace(d.tracePath!).verdict).toBe('block');
    const noDigest = { ...JSON.parse(readFileSync(d.tracePath!, 'utf8')), intent_digest: 42 };
    const bad = `${d.tracePath!}.bad.json`;
    writeFileSync(bad, JSON.stringify(noDigest));
    expect(() => readTrace(bad)).toThrow(/does not match the gait.gate.trace schema: \/intent_digest/);
    expect(() => expectSignedTrace(d.tracePath!, testKeyPair('other').publicKey)).toThrow(/does not verify/);
    const tampered = { ...JSON.parse(readFileSync(d.tracePath!, 'utf8')), verdict: 'allow' };
    writeFileSync(d.tracePath!, JSON.stringify(tampered));
    expect(() => expectSignedTrace(d.tracePath!, key.publicKey)).toThrow(/does not verify/);
  });
});
