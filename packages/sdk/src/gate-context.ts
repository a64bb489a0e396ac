/** Everything a gate fixed at creation, shared by both decision paths. */
import type { CompiledPolicy, GateProfile } from '@gait/core-gate';
import type { ResolvedKeys } from './keys.js';
import type { TraceWriter } from './trace-writer.js';
import type { IntentContextInput } from './types.js';

export interface GateContext {
  compiled: CompiledPolicy;
  profile: GateProfile;
  keys: ResolvedKeys;
  /** Absolute output folder. */
  outDir: string;
  traces: boolean;
  clock: (() => Date) | undefined;
  producerVersion: string;
  defaultContext: IntentContextInput | undefined;
  rateLimitStatePath: string;
  traceWriter: TraceWriter;
  /** `deferred`: traces are signed by the background writer, off the decision's path. */
  traceSigning: 'inline' | 'deferred';
}
