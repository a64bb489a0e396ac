import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, readPrivateKeyFile, readPublicKeyFile } from '@gait/core-sign';
import { announceSkip, hasMade, madeDir } from '../../../../test-support/conformance.js';
import { GoTime } from '../go/time.js';
import { normalizeIntent } from '../intent/normalize.js';
import { buildTrace, signTrace, traceIdFor } from './record.js';
import { verifyTraceRecord } from './verify.js';

announceSkip('Go-made traces', hasMade, madeDir);

const intent = normalizeIntent({
  tool_name: 'tool.write',
  args: { path: '/tmp/out.txt' },
  targets: [{ kind: 'host', value: 'api.external.com' }],
  arg_provenance: [{ arg_path: '$.path', source: 'user' }],
  context: { identity: 'alice', workspace: '/repo/gait', risk_class: 'high' },
});

describe('trace records', () => {
  it('derives trace_id from the digests and the verdict (reference golden)', () => {
    expect(traceIdFor('f4581f55c41a3ee69b316c95f66fbfc293ae7f06e6458491e3ca232dfb26608c', '8d4604103ea4546edb522503436f5452ec22851b69024253017a8420db74e965', 'block')).toBe(
      'd2c128824fb77a2bc4944f46',
    );
  });

  it('signs, verifies, and detects an edit', () => {
    const key = generateKeyPair();
    const trace = signTrace(
      key,
      buildTrace({
        intent,
        policyDigest: 'f'.repeat(64),
        verdict: 'block',
        reasonCodes: ['x'],
        violations: ['v'],
        createdAt: GoTime.parse('2026-02-05T00:00:00Z'),
        observedAt: GoTime.parse('2026-02-05T00:00:01.5Z'),
        producerVersion: 'test',
        latencyMs: 0.25,
      }),
    );
    expect(trace).toMatchObject({ observed_at: '2026-02-05T00:00:01.5Z', violations: ['v'], latency_ms: 0.25 });
    expect(verifyTraceRecord(JSON.parse(JSON.stringify(trace)), key.publicKey)).toMatchObject({ ok: true, signature_status: 'verified' });
    expect(verifyTraceRecord({ ...trace, verdict: 'allow' }, key.publicKey)).toMatchObject({ ok: false, error: 'signed_digest mismatch' });
    const { signature: _s, ...unsigned } = trace;
    expect(verifyTraceRecord(unsigned, key.publicKey).signature_status).toBe('missing');
  });
});

describe.runIf(hasMade)('Go-made traces', () => {
  const load = (p: string) => JSON.parse(readFileSync(join(madeDir, p), 'utf8')) as unknown;
  const prod = () => readPublicKeyFile(join(madeDir, 'keys/prod_public.key'));

  it.each([
    ['#23', 'traces/trace_allow.json'],
    ['#24', 'traces/trace_block.json'],
    ['#25', 'traces/trace_require_approval.json'],
    ['#26', 'traces/trace_simulate_block.json'],
    ['#31', 'tokens/trace_approved.json'],
    ['#41', 'tokens/trace_delegated.json'],
  ])('%s %s verifies', (_n, path) => {
    expect(verifyTraceRecord(load(path), prod())).toMatchObject({ ok: true, signature_status: 'verified' });
  });

  it('#28 verifies with the key derived from the private key', () => {
    const key = readPrivateKeyFile(join(madeDir, 'keys/prod_private.key'));
    expect(verifyTraceRecord(load('traces/trace_allow.json'), key.publicKey).ok).toBe(true);
  });

  it('#27 fails with another key, #94 fails after the verdict was edited', () => {
    const approver = readPublicKeyFile(join(madeDir, 'keys/approver_public.key'));
    expect(verifyTraceRecord(load('traces/trace_allow.json'), approver)).toMatchObject({ ok: false, error: 'key id mismatch' });
    expect(verifyTraceRecord(load('negative/trace_block_altered_verdict.json'), prod())).toMatchObject({ ok: false, error: 'signed_digest mismatch' });
  });
});
