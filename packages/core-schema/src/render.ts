/**
 * Turns a TypeBox schema into the plain JSON Schema we publish: TypeBox's symbol keys dropped and
 * keywords in one fixed order, so regenerating never reorders a committed file. Maps whose keys
 * are names (`properties`, `$defs`) keep the order they were written in, which follows the
 * artifact's field order.
 */
import type { TSchema } from '@sinclair/typebox';

export type JsonSchema = { [key: string]: unknown };

const KEYWORD_ORDER = [
  '$schema', '$id', '$ref', 'title', 'description', 'type', 'const', 'enum', 'format', 'pattern',
  'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'uniqueItems', 'default',
  'required', 'anyOf', 'oneOf', 'allOf', 'properties', 'items', 'additionalProperties', '$defs',
];
const RANK = new Map(KEYWORD_ORDER.map((key, index) => [key, index]));

/** Keywords whose value is a map from a name to a schema. */
const SCHEMA_MAPS = new Set(['properties', '$defs', 'patternProperties', 'dependentSchemas']);
/** Keywords whose value is a schema. */
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);

function orderKeys(keys: string[]): string[] {
  return [...keys].sort((a, b) => {
    const ra = RANK.get(a) ?? KEYWORD_ORDER.length;
    const rb = RANK.get(b) ?? KEYWORD_ORDER.length;
    return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
  });
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normalize(node: unknown): unknown {
  if (!isRecord(node)) return plain(node); // `additionalProperties: false` and friends
  const out: JsonSchema = {};
  for (const key of orderKeys(Object.keys(node))) {
    const value = node[key];
    if (value === undefined) continue;
    if (SCHEMA_MAPS.has(key) && isRecord(value)) {
      const map: JsonSchema = {};
      for (const [name, sub] of Object.entries(value)) map[name] = normalize(sub);
      out[key] = map;
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = normalize(value);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(normalize);
    } else {
      out[key] = plain(value);
    }
  }
  return out;
}

/** The plain JSON Schema of a TypeBox definition, keys in the published order. */
export function toJsonSchema(schema: TSchema): JsonSchema {
  return normalize(schema) as JsonSchema;
}

/** The text of a published schema file: 2-space JSON with a trailing newline. */
export function renderSchemaText(schema: TSchema): string {
  return `${JSON.stringify(toJsonSchema(schema), null, 2)}\n`;
}
