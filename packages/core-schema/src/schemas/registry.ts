/** Registry artifacts: pack metadata, install verification reports and the ecosystem index. */
import { Type, type Static } from '@sinclair/typebox';
import {
  AnyObject,
  DateTime,
  Digest,
  NonEmpty,
  Opt,
  SchemaId,
  SchemaVersion,
  SignatureSchema,
  StringEnum,
  Strings,
  fileOptions,
  gaitSchemaUrl,
  header,
} from './primitives.js';

const closed = { additionalProperties: false } as const;

export const RegistryArtifactSchema = Type.Object(
  { path: Type.String(), sha256: Digest(), media_type: Opt(Type.String()) },
  closed,
);

export const REGISTRY_PACK_ID = 'gait.registry.pack';
export const RegistryPackSchema = Type.Object(
  {
    ...header(REGISTRY_PACK_ID),
    pack_name: Type.String(),
    pack_version: Type.String(),
    pack_type: Opt(Type.String()),
    publisher: Opt(Type.String()),
    source: Opt(Type.String()),
    risk_class: Opt(Type.String()),
    use_case: Opt(Type.String()),
    compatibility: Opt(Strings()),
    provenance: Opt(AnyObject({ additionalProperties: true })),
    artifacts: Type.Array(RegistryArtifactSchema),
    signatures: Opt(Type.Array(SignatureSchema())),
  },
  fileOptions('Registry Pack Metadata', gaitSchemaUrl('registry', 'registry_pack')),
);
export type RegistryPack = Static<typeof RegistryPackSchema>;

export const REGISTRY_VERIFICATION_REPORT_ID = 'gait.registry.verification_report';
export const RegistryVerificationReportSchema = Type.Object(
  {
    ...header(REGISTRY_VERIFICATION_REPORT_ID),
    pack_name: NonEmpty(),
    pack_version: NonEmpty(),
    digest: Digest(),
    metadata_path: NonEmpty(),
    pin_path: Opt(Type.String()),
    pin_digest: Opt(Type.String()),
    pin_present: Type.Boolean(),
    pin_verified: Type.Boolean(),
    signature_verified: Type.Boolean(),
    publisher: Opt(Type.String()),
    source: Opt(Type.String()),
    publisher_allowed: Type.Boolean(),
    status: StringEnum(['pass', 'fail']),
    failure_reasons: Opt(Type.Array(Type.String(), { default: [] })),
  },
  fileOptions('Registry Verification Report', gaitSchemaUrl('registry', 'verification_report')),
);
export type RegistryVerificationReport = Static<typeof RegistryVerificationReportSchema>;

export const EcosystemEntrySchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,63}$' }),
    kind: StringEnum(['skill', 'adapter', 'policy_pack', 'tooling']),
    name: Type.String({ minLength: 3, maxLength: 80 }),
    summary: Type.String({ minLength: 10, maxLength: 280 }),
    repo: Type.String({ pattern: '^https://github\\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$' }),
    source: StringEnum(['official', 'community']),
    status: StringEnum(['experimental', 'stable', 'deprecated']),
    integration: Opt(Type.String()),
    maintainers: Opt(Type.Array(Type.String({ minLength: 3 }), { maxItems: 5 })),
  },
  closed,
);
export type EcosystemEntry = Static<typeof EcosystemEntrySchema>;

export const ECOSYSTEM_INDEX_ID = 'gait.registry.ecosystem_index';
/** The index carries `updated_at` and no `created_at` / `producer_version`. */
export const EcosystemIndexSchema = Type.Object(
  {
    schema_id: SchemaId(ECOSYSTEM_INDEX_ID),
    schema_version: SchemaVersion(),
    updated_at: DateTime(),
    entries: Type.Array(EcosystemEntrySchema),
  },
  fileOptions('Gait Ecosystem Index', gaitSchemaUrl('registry', 'ecosystem_index')),
);
export type EcosystemIndex = Static<typeof EcosystemIndexSchema>;
