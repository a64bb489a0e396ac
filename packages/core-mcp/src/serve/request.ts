/** The decision service's request object: strict top-level fields, Go-style key matching. */
import { isObject } from '../tool-call/json.js';

export interface EvaluateRequest {
  call: unknown;
  adapter: string;
  run_id: string;
  session_id: string;
  session_journal: string;
  checkpoint_interval: number;
  trace_path: string;
  runpack_out: string;
  emit_runpack: boolean;
  pack_out: string;
  emit_pack: boolean;
}

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const FIELDS: Record<keyof EvaluateRequest, 'raw' | 'string' | 'int' | 'bool'> = {
  call: 'raw',
  adapter: 'string',
  run_id: 'string',
  session_id: 'string',
  session_journal: 'string',
  checkpoint_interval: 'int',
  trace_path: 'string',
  runpack_out: 'string',
  emit_runpack: 'bool',
  pack_out: 'string',
  emit_pack: 'bool',
};

function parseSingleObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // A complete value followed by more data is the reference's "single JSON object" error.
    const after = /after JSON at position (\d+)/.exec(message);
    if (after) throw new RequestError(400, 'request body must contain a single JSON object');
    throw new RequestError(400, `decode request: ${message}`);
  }
}

export function decodeEvaluateRequest(body: string): EvaluateRequest {
  const value = parseSingleObject(body);
  if (!isObject(value)) throw new RequestError(400, 'decode request: request body must be a JSON object');
  const out: EvaluateRequest = {
    call: undefined,
    adapter: '',
    run_id: '',
    session_id: '',
    session_journal: '',
    checkpoint_interval: 0,
    trace_path: '',
    runpack_out: '',
    emit_runpack: false,
    pack_out: '',
    emit_pack: false,
  };
  const names = Object.keys(FIELDS) as (keyof EvaluateRequest)[];
  for (const [key, raw] of Object.entries(value)) {
    const field = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (!field) throw new RequestError(400, `decode request: json: unknown field "${key}"`);
    if (raw === null) continue;
    const kind = FIELDS[field];
    const bad = (want: string) => new RequestError(400, `decode request: json: cannot unmarshal ${typeof raw} into field ${field} of type ${want}`);
    if (kind === 'raw') out.call = raw;
    else if (kind === 'string') {
      if (typeof raw !== 'string') throw bad('string');
      (out as unknown as Record<string, unknown>)[field] = raw;
    } else if (kind === 'int') {
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw bad('int');
      out.checkpoint_interval = raw;
    } else {
      if (typeof raw !== 'boolean') throw bad('bool');
      (out as unknown as Record<string, unknown>)[field] = raw;
    }
  }
  if (out.call === undefined || out.call === null) throw new RequestError(400, 'request.call is required');
  return out;
}
