/**
 * Trace sealing on a writer thread: an unsigned trace (as `buildTrace` makes it, sent as JSON) in,
 * the signed trace file's text out, byte for byte what `goJsonIndent(signTrace(keyPair, trace))`
 * gives on the caller's thread. Signing, canonical JSON and the indented text are most of what a
 * traced call costs the process; on the trace writer's thread (core-fsx `AtomicBatchWriter` with a
 * transform) they stay off the thread that forwards calls.
 *
 * Built as its own CommonJS entry of the package (`dist/trace-seal-transform.cjs`): the writer
 * thread loads it by path. Find it with `traceSealModule()`.
 */
import { goJsonIndent } from '../go/json-encode.js';
import { signTrace } from './record.js';

/** What the writer thread is given once: the signing key pair's bytes. */
export interface TraceSealInit {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function createTransform(init: TraceSealInit): (unsignedTraceJson: string) => string {
  const keyPair = { privateKey: Uint8Array.from(init.privateKey), publicKey: Uint8Array.from(init.publicKey) };
  return (unsignedTraceJson) => goJsonIndent(signTrace(keyPair, JSON.parse(unsignedTraceJson) as Record<string, unknown>));
}
