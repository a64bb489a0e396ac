/**
 * Building blocks shared by every area. They exist so that each artifact module reads like the
 * field list of the artifact, while the emitted JSON Schema keeps the exact keywords of the
 * reference (for instance `{"type":"string","enum":[...]}` rather than TypeBox's `anyOf` of
 * literals, which validates the same but would not compare equal to the reference files).
 */
import { Type, type Static, type TSchema, type TUnsafe, type StringOptions } from '@sinclair/typebox';

export const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** `$id` of a reference file: https://gait.dev/schemas/v1/<area>/<name>.schema.json */
export function gaitSchemaUrl(area: string, name: string): string {
  return `https://gait.dev/schemas/v1/${area}/${name}.schema.json`;
}

export const HEX64 = '^[a-fA-F0-9]{64}$';
export const HEX64_LOWER = '^[a-f0-9]{64}$';
export const SHA256_PREFIXED = '^sha256:[a-f0-9]{64}$';
export const RUN_ID = '^run_[A-Za-z0-9_-]+$';

/** A 64-hex-digit SHA-256 digest, either case. */
export const Digest = () => Type.String({ pattern: HEX64 });
/** A 64-hex-digit SHA-256 digest, lower case only (some records are stricter). */
export const DigestLower = () => Type.String({ pattern: HEX64_LOWER });
/** `sha256:<64 lower hex>`, used by the action-contract artifacts. */
export const PrefixedDigest = () => Type.String({ pattern: SHA256_PREFIXED });
export const DateTime = () => Type.String({ format: 'date-time' });
export const NonEmpty = (options: StringOptions = {}) => Type.String({ minLength: 1, ...options });
export const RunId = () => Type.String({ pattern: RUN_ID });
export const Count = () => Type.Integer({ minimum: 0 });
export const Strings = () => Type.Array(Type.String());
export const NonEmptyStrings = () => Type.Array(NonEmpty());
export const Opt = Type.Optional;

/** A string restricted to `values`, emitted as `{"type":"string","enum":[...]}`. */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** An `enum` with no `type` keyword (the action-contract files are written that way). */
export function BareEnum<const T extends readonly string[]>(values: T): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ enum: [...values] });
}

/** A `const` with no `type` keyword. */
export function BareConst<const T extends string | number | boolean>(value: T): TUnsafe<T> {
  return Type.Unsafe<T>({ const: value });
}

/** Any JSON object: `{"type":"object"}` with whatever options the reference adds. */
export function AnyObject(options: Record<string, unknown> = {}): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>({ type: 'object', ...options });
}

/** A map of string keys to `value`: `{"type":"object","additionalProperties":<value>}`. */
export function MapOf<T extends TSchema>(value: T): TUnsafe<Record<string, Static<T>>> {
  return Type.Unsafe<Record<string, Static<T>>>({ type: 'object', additionalProperties: value });
}

/** `{"$ref":"#/$defs/<name>"}`, typed as the definition it points at. */
export function DefRef<T extends TSchema>(name: string, _definition: T): TUnsafe<Static<T>> {
  return Type.Unsafe<Static<T>>({ $ref: `#/$defs/${name}` });
}

/** A `$ref` to another schema file (resolved against the referring file's `$id`). */
export function FileRef<T extends TSchema>(ref: string, _definition: T): TUnsafe<Static<T>> {
  return Type.Unsafe<Static<T>>({ $ref: ref });
}

/** `schema_version` of every v1 artifact. */
export const SchemaVersion = () => Type.String({ pattern: '^1\\.0\\.0$' });

/** `schema_id` pinned to one value. */
export const SchemaId = <const T extends string>(id: T) => Type.Literal(id);

export const VERDICTS = ['allow', 'block', 'dry_run', 'require_approval'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const VerdictEnum = () => StringEnum(VERDICTS);

export const CONTEXT_EVIDENCE_MODES = ['best_effort', 'required'] as const;
export const ContextEvidenceMode = () => StringEnum(CONTEXT_EVIDENCE_MODES);

/**
 * The "common four" header: `schema_id`, `schema_version`, `created_at`, `producer_version`.
 * Spread into an object's properties so the field order of the reference is kept.
 */
export function header<const T extends string>(id: T) {
  return {
    schema_id: SchemaId(id),
    schema_version: SchemaVersion(),
    created_at: DateTime(),
    producer_version: Type.String(),
  };
}

/** The header of the pack payloads and voice call events, which carry no `producer_version`. */
export function headerNoProducer<const T extends string>(id: T) {
  return {
    schema_id: SchemaId(id),
    schema_version: SchemaVersion(),
    created_at: DateTime(),
  };
}

/** A detached signature. `strict` adds the non-empty rules of pack and voice signatures. */
export function SignatureSchema(options: { nonEmpty?: boolean; alg?: string } = {}) {
  const text = () => (options.nonEmpty ? NonEmpty() : Type.String());
  return Type.Object(
    {
      alg: options.alg === undefined ? text() : Type.Literal(options.alg),
      key_id: text(),
      sig: text(),
      signed_digest: Opt(Digest()),
    },
    { additionalProperties: false },
  );
}

/** Options for a top-level artifact schema. */
export function fileOptions(
  title: string,
  id: string | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    $schema: DRAFT_2020_12,
    ...(id === undefined ? {} : { $id: id }),
    title,
    additionalProperties: false,
    ...extra,
  };
}
