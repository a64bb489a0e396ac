/**
 * Meta-tools: tools whose job is to call another tool (`call_tool {name, arguments}`). The gate
 * must judge the tool that really runs, so the call is unwrapped, layer by layer, to its target.
 */
import { isObject, type JsonObject } from '../tool-call/json.js';

export interface MetaToolSpec {
  /** The meta-tool's name as the upstream lists it. */
  name: string;
  /** Argument fields that may name the target tool, tried in order. */
  toolFields?: readonly string[];
  /** Argument fields that may hold the target's arguments, tried in order. */
  argsFields?: readonly string[];
}

export const DEFAULT_META_TOOLS: readonly MetaToolSpec[] = ['call_tool', 'invoke_tool', 'execute_tool', 'run_tool', 'use_tool'].map((name) => ({ name }));
const TOOL_FIELDS = ['name', 'tool', 'tool_name'];
const ARGS_FIELDS = ['arguments', 'args', 'input', 'parameters'];
/** Deeper nesting is not a real workflow; stop there and judge what is left. */
const MAX_DEPTH = 8;

export interface UnwrappedCall {
  name: string;
  args: JsonObject;
  /** The meta-tools passed through, outermost first (empty for a direct call). */
  via: string[];
  /** True when a meta-tool's target could not be read; the call is then judged as the meta-tool itself. */
  unresolved: boolean;
}

/** Each spec list indexed by name once, not per call. */
const indexes = new WeakMap<readonly MetaToolSpec[], Map<string, MetaToolSpec>>();

function indexOf(specs: readonly MetaToolSpec[]): Map<string, MetaToolSpec> {
  let byName = indexes.get(specs);
  if (!byName) {
    byName = new Map(specs.map((s) => [s.name, s]));
    indexes.set(specs, byName);
  }
  return byName;
}

export function unwrapMetaTools(name: string, args: JsonObject, specs: readonly MetaToolSpec[]): UnwrappedCall {
  const byName = indexOf(specs);
  const via: string[] = [];
  // Plain locals and object literals: this runs on every call, nearly always for a direct call.
  let currentName = name;
  let currentArgs = args;
  for (let depth = 0; depth < MAX_DEPTH; depth += 1) {
    const spec = byName.get(currentName);
    if (!spec) return { name: currentName, args: currentArgs, via, unresolved: false };
    const target = (spec.toolFields ?? TOOL_FIELDS).map((f) => currentArgs[f]).find((v) => typeof v === 'string' && v.trim() !== '');
    if (typeof target !== 'string') return { name: currentName, args: currentArgs, via, unresolved: true };
    const rawArgs = (spec.argsFields ?? ARGS_FIELDS).map((f) => currentArgs[f]).find((v) => v !== undefined);
    via.push(currentName);
    currentName = target.trim();
    currentArgs = isObject(rawArgs) ? rawArgs : {};
  }
  return { name: currentName, args: currentArgs, via, unresolved: true };
}
