/** Turns what a runtime passes (camelCase `IntentSpec` or the wire `IntentRequest`) into the wire intent. */
import { InvalidInputError } from '@gait/core-errors';
import type { IntentContextInput, IntentInput, IntentRequest, IntentSpec } from './types.js';

/** A wire intent is passed through untouched, so the SDK reads it exactly as `gait gate eval` does. */
export function isIntentRequest(input: IntentInput): input is IntentRequest {
  return typeof input === 'object' && input !== null && ('tool_name' in input || 'schema_id' in input);
}

const UPPER = /[A-Z]/;

/** Field names repeat on every call; the bound only guards against keys made per call. */
const snakeNames = new Map<string, string>();

function snake(key: string): string {
  if (!UPPER.test(key)) return key;
  let name = snakeNames.get(key);
  if (name === undefined) {
    name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (snakeNames.size >= 1024) snakeNames.clear();
    snakeNames.set(key, name);
  }
  return name;
}

/** `Date.toISOString` of the gate clock, reused while the clock stays in the same millisecond. */
let lastStamp = { ms: Number.NaN, text: '' };

function isoStamp(date: Date): string {
  const ms = date.getTime();
  if (ms !== lastStamp.ms) lastStamp = { ms, text: date.toISOString() };
  return lastStamp.text;
}

/** camelCase keys to snake_case, one level deep: values (args, auth context) stay as given. */
function snakeKeys(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[snake(key)] = v;
  }
  return out;
}

export interface IntentDefaults {
  context?: IntentContextInput;
  producerVersion: string;
  now: Date;
}

export function toIntentRequest(input: IntentInput, defaults: IntentDefaults): IntentRequest {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidInputError('intent must be an object with toolName (or a gait.gate.intent_request with tool_name)', { code: 'intent_invalid' });
  }
  if (isIntentRequest(input)) return input;
  return fromSpec(input, defaults);
}

function fromSpec(spec: IntentSpec, defaults: IntentDefaults): IntentRequest {
  if (typeof spec.toolName !== 'string' || spec.toolName.trim() === '') {
    throw new InvalidInputError('intent.toolName is required (a non-empty string such as "tool.write")', { code: 'intent_invalid', details: { field: 'toolName' } });
  }
  const context = { identity: 'gait-sdk', workspace: process.cwd(), riskClass: 'high', ...defaults.context, ...spec.context };
  const createdAt = spec.createdAt === undefined ? defaults.now : spec.createdAt;
  const request: IntentRequest = {
    schema_id: 'gait.gate.intent_request',
    schema_version: '1.0.0',
    created_at: typeof createdAt === 'string' ? createdAt : isoStamp(createdAt),
    producer_version: spec.producerVersion ?? defaults.producerVersion,
    tool_name: spec.toolName,
    args: spec.args ?? {},
    targets: (spec.targets ?? []).map(snakeKeys),
    arg_provenance: (spec.argProvenance ?? []).map(snakeKeys),
    context: snakeKeys(context),
  };
  if (spec.skillProvenance) request.skill_provenance = snakeKeys(spec.skillProvenance);
  if (spec.delegation) {
    const { chain, ...rest } = spec.delegation;
    request.delegation = { ...snakeKeys(rest), chain: (chain ?? []).map(snakeKeys) };
  }
  return request;
}
