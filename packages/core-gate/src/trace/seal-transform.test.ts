import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '@gait/core-sign';
import { goJsonIndent } from '../go/json-encode.js';
import { GoTime } from '../go/time.js';
import { normalizeIntent } from '../intent/normalize.js';
import { buildTrace, signTrace } from './record.js';
import { createTransform } from './seal-transform.js';

const key = generateKeyPair();

/** Traces with what could change on a trip through JSON: non-ASCII and HTML characters, U+2028, fractions, nesting. */
function unsignedTraces(): Record<string, unknown>[] {
  const intent = normalizeIntent({
    tool_name: 'tool.write',
    args: { path: '/tmp/é<&>\u2028𝄞.txt', n: 0.1 },
    targets: [{ kind: 'path', value: '/tmp/é<&>\u2028𝄞.txt', operation: 'write' }],
    context: { identity: 'ålice <a@b>', workspace: '/repo', risk_class: 'high', session_id: 's-1' },
    delegation: {
      requester_identity: 'ålice',
      chain: [{ delegator_identity: 'root', delegate_identity: 'ålice', scope_class: 'write' }],
    },
  });
  return [0.1, 1e-7, 12345.678, 0].map((latencyMs, i) => {
    const trace = buildTrace({
      intent,
      policyDigest: 'a'.repeat(64),
      verdict: i % 2 === 0 ? 'allow' : 'block',
      reasonCodes: ['delegation_granted', 'x'],
      violations: i % 2 === 0 ? [] : ['v<1>'],
      createdAt: GoTime.parse('2026-02-05T00:00:00Z'),
      observedAt: GoTime.parse('2026-02-05T00:00:01.123456789Z'),
      producerVersion: 'test',
      latencyMs,
    });
    if (i === 3) trace.mcp_trust = { status: 'trusted', reason_codes: ['mcp_trust_verified'], enforced: true, score: 0.875 };
    return trace;
  });
}

describe('trace sealing on a writer thread', () => {
  it('makes the same file text as signing on the caller thread, byte for byte', () => {
    const seal = createTransform(key);
    for (const unsigned of unsignedTraces()) {
      expect(seal(JSON.stringify(unsigned))).toBe(goJsonIndent(signTrace(key, unsigned)));
    }
  });

  it('is built as its own CommonJS entry beside the package entry point, with the same output', () => {
    // The writer thread loads dist/trace-seal-transform.cjs by path (see traceSealModule).
    const built = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'trace-seal-transform.cjs');
    const { createTransform: builtTransform } = createRequire(import.meta.url)(built) as { createTransform: typeof createTransform };
    const [unsigned] = unsignedTraces();
    expect(builtTransform(key)(JSON.stringify(unsigned))).toBe(goJsonIndent(signTrace(key, unsigned!)));
  });

  it('refuses text that is not a JSON object trace', () => {
    expect(() => createTransform(key)('{"schema_id":')).toThrow(SyntaxError);
  });
});
