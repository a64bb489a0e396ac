/**
 * Validation against the published schemas. The validators are Ajv standalone code generated at
 * build time (src/generated/validators.js): compiling the larger schemas at run time costs tens to
 * hundreds of milliseconds each, loading the generated code costs a few milliseconds for all of
 * them (bench/validate.bench.mjs). They are built once, on the first call, and kept.
 */
import equalModule from 'ajv/dist/runtime/equal.js';
import ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { catalogue, unpublished, type SchemaEntry, type SchemaKey, type SchemaType } from './catalogue.js';
import { SchemaValidationError, UnknownSchemaError } from './errors.js';
import { createValidators, keys, type CompiledValidator } from './generated/validators.js';
import { toIssues, type ValidationIssue } from './issues.js';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

/**
 * The Ajv runtime helpers are CommonJS modules with an `exports.default`. Node's ESM loader hands
 * us `module.exports`, a bundler's CJS interop may hand us the function itself: accept both.
 */
function defaultExport(module: unknown): unknown {
  return typeof module === 'function' ? module : (module as { default: unknown }).default;
}

const RUNTIME: Record<string, unknown> = {
  'ajv/dist/runtime/equal': { default: defaultExport(equalModule) },
  'ajv/dist/runtime/ucs2length': { default: defaultExport(ucs2lengthModule) },
  'ajv-formats/dist/formats': { fullFormats },
};

function runtimeRequire(id: string): unknown {
  const module = RUNTIME[id];
  if (module === undefined) throw new Error(`generated validators asked for an unknown module: ${id}`);
  return module;
}

interface Registry {
  readonly byKey: Map<string, SchemaEntry>;
  readonly validators: Map<string, CompiledValidator>;
}

let registry: Registry | undefined;

function buildRegistry(): Registry {
  const compiled = createValidators(runtimeRequire);
  const validators = new Map<string, CompiledValidator>();
  keys.forEach((key, index) => {
    const fn = compiled[index];
    if (fn !== undefined) validators.set(key, fn);
  });
  const byKey = new Map<string, SchemaEntry>();
  for (const item of [...catalogue, ...unpublished] as readonly SchemaEntry[]) {
    byKey.set(item.key, item);
    if (item.schemaId !== undefined) byKey.set(item.schemaId, item);
  }
  return { byKey, validators };
}

function getRegistry(): Registry {
  registry ??= buildRegistry();
  return registry;
}

/** The catalogue entry for a `schema_id` or `<area>/<name>`, or undefined. */
export function findSchema(key: string): SchemaEntry | undefined {
  return getRegistry().byKey.get(key);
}

function validatorFor(key: string): CompiledValidator {
  const { byKey, validators } = getRegistry();
  const item = byKey.get(key);
  const fn = item === undefined ? undefined : validators.get(item.key);
  if (fn === undefined) {
    throw new UnknownSchemaError(
      `unknown schema "${key}": expected a schema_id such as "gait.gate.intent_request" or <area>/<name> such as "gate/intent_request"`,
      { code: 'schema_unknown', details: { schema: key } },
    );
  }
  return fn;
}

/**
 * Checks `value` against the schema named by `key` (a `schema_id` const or `<area>/<name>`).
 * Never throws for a bad value; throws `UnknownSchemaError` for a key that names no schema.
 */
export function validate<K extends SchemaKey>(key: K, value: unknown): ValidationResult<SchemaType<K>>;
export function validate(key: string, value: unknown): ValidationResult<unknown>;
export function validate(key: string, value: unknown): ValidationResult<unknown> {
  const fn = validatorFor(key);
  if (fn(value)) return { ok: true, value };
  return { ok: false, errors: toIssues(fn.errors) };
}

/**
 * Like `validate`, but returns the typed value or throws `SchemaValidationError` (an
 * `InvalidInputError`, exit 6) naming the first failing path.
 */
export function assertValid<K extends SchemaKey>(key: K, value: unknown): SchemaType<K>;
export function assertValid(key: string, value: unknown): unknown;
export function assertValid(key: string, value: unknown): unknown {
  const result = validate(key, value);
  if (result.ok) return result.value;
  const first = result.errors[0] ?? { path: '', message: 'is invalid' };
  throw new SchemaValidationError(`${key}: ${first.path || '/'} ${first.message}`, {
    code: 'schema_invalid',
    details: { schema: key, path: first.path, errors: result.errors },
  });
}
