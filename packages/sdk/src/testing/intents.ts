/** Intent builders for tests. */
import type { IntentContextInput, IntentSpec, IntentTargetInput } from '../types.js';

export interface IntentBuilderOptions {
  targets?: IntentTargetInput[];
  context?: IntentContextInput;
  createdAt?: string | Date;
  argProvenance?: IntentSpec['argProvenance'];
  delegation?: IntentSpec['delegation'];
  skillProvenance?: IntentSpec['skillProvenance'];
}

const FIXED_CREATED_AT = '2026-02-11T00:00:00Z';

/**
 * A complete intent with test defaults: identity `test-agent`, workspace `/tmp/gait-test`, risk
 * class `low` and a fixed `created_at`, so digests do not depend on the machine.
 */
export function intent(toolName: string, args: Record<string, unknown> = {}, options: IntentBuilderOptions = {}): IntentSpec {
  const spec: IntentSpec = {
    toolName,
    args,
    targets: options.targets ?? [],
    context: { identity: 'test-agent', workspace: '/tmp/gait-test', riskClass: 'low', ...options.context },
    createdAt: options.createdAt ?? FIXED_CREATED_AT,
  };
  if (options.argProvenance) spec.argProvenance = options.argProvenance;
  if (options.delegation) spec.delegation = options.delegation;
  if (options.skillProvenance) spec.skillProvenance = options.skillProvenance;
  return spec;
}

/** A target shorthand: `target('path', '/tmp/out.txt', 'write')`. */
export function target(kind: string, value: string, operation?: string, extra: Omit<IntentTargetInput, 'kind' | 'value' | 'operation'> = {}): IntentTargetInput {
  return { kind, value, ...(operation ? { operation } : {}), ...extra };
}
