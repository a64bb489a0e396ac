/**
 * Trace verification (gate.md §4). The signed payload is the file's JSON without `signature`,
 * canonicalised; a Go-made trace is exactly its struct's encoding, so this verifies every Go trace.
 * Unlike the reference (which re-encodes its known struct and so ignores an added unknown
 * field), an added field here breaks the signature: stricter on tampering, on purpose.
 */
import { InvalidInputError } from '@gait/core-errors';
import { keyId as keyIdOf } from '@gait/core-sign';
import { isObject } from '../go/json-decode.js';
import { readSignature, signatureProblem } from '../tokens/signing.js';

export interface TraceVerification {
  ok: boolean;
  trace_id: string;
  verdict: string;
  signature_status: 'verified' | 'failed' | 'missing';
  /** The verify key's id, set when the signature holds. */
  key_id?: string;
  /** The reference's message for a failed check. */
  error?: string;
}

export function verifyTraceRecord(trace: unknown, publicKey: Uint8Array): TraceVerification {
  if (!isObject(trace)) throw new InvalidInputError('trace must be a JSON object', { code: 'invalid_trace' });
  const text = (k: string) => (typeof trace[k] === 'string' ? (trace[k] as string) : '');
  const signature = readSignature(trace);
  const base = { trace_id: text('trace_id'), verdict: text('verdict') };
  if (!signature) return { ...base, ok: false, signature_status: 'missing', error: 'missing signature' };
  const { signature: _sig, ...payload } = trace;
  const problem = signatureProblem(publicKey, signature, payload);
  if (problem !== undefined) return { ...base, ok: false, signature_status: 'failed', error: problem };
  return { ...base, ok: true, signature_status: 'verified', key_id: keyIdOf(publicKey) };
}
