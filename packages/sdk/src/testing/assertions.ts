/**
 * Assertions on decisions and artifacts that work in any test runner: they throw
 * `AssertionError` from `node:assert` with a message that shows what was found.
 */
import { AssertionError } from 'node:assert';
import { readFileSync } from 'node:fs';
import { verifyTraceRecord } from '@gait/core-gate';
import { validate } from '@gait/core-schema';
import { keyId, parseJsonStrict } from '@gait/core-sign';
import type { GateDecision, GateVerdict } from '../types.js';

function fail(message: string, actual?: unknown, expected?: unknown): never {
  throw new AssertionError({ message, actual, expected, operator: 'gait' });
}

/** Asserts the verdict (and, when given, that every listed reason code is present). */
export function expectVerdict(decision: GateDecision, verdict: GateVerdict, reasonCodes: readonly string[] = []): GateDecision {
  if (decision.verdict !== verdict) {
    fail(`expected verdict ${verdict}, got ${decision.verdict} (reasons: ${decision.reasonCodes.join(', ') || 'none'})`, decision.verdict, verdict);
  }
  const missing = reasonCodes.filter((r) => !decision.reasonCodes.includes(r));
  if (missing.length > 0) fail(`expected reason codes ${missing.join(', ')} in [${decision.reasonCodes.join(', ')}]`, decision.reasonCodes, reasonCodes);
  return decision;
}

export type TraceRecord = Record<string, unknown> & { trace_id: string; verdict: string; signature?: { key_id: string; sig: string; signed_digest: string; alg: string } };

/** Reads a trace file (a decision's `tracePath`) and checks it against the `gait.gate.trace` schema. */
export function readTrace(path: string): TraceRecord {
  let value: unknown;
  try {
    value = parseJsonStrict(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`cannot read trace ${path}: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || (value as { schema_id?: unknown }).schema_id !== 'gait.gate.trace') {
    fail(`${path} is not a gait.gate.trace record`);
  }
  const checked = validate('gait.gate.trace', value);
  if (!checked.ok) {
    const first = checked.errors[0];
    fail(`trace ${path} does not match the gait.gate.trace schema: ${first?.path || '/'} ${first?.message ?? 'is invalid'}`);
  }
  return value as TraceRecord;
}

/** Asserts the trace at `path` is signed by `publicKey` and unmodified; returns it. */
export function expectSignedTrace(path: string, publicKey: Uint8Array): TraceRecord {
  const trace = readTrace(path);
  const check = verifyTraceRecord(trace, publicKey);
  if (!check.ok || check.signature_status !== 'verified') {
    fail(`trace ${path} does not verify with key ${keyId(publicKey)}: ${check.error ?? check.signature_status}`, check.signature_status, 'verified');
  }
  return trace;
}
