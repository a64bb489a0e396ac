/** Context evidence: the references an agent retrieved, the envelope around them and its budget. */
import { Type, type Static } from '@sinclair/typebox';
import {
  AnyObject,
  ContextEvidenceMode,
  Count,
  DateTime,
  Digest,
  FileRef,
  MapOf,
  NonEmpty,
  Opt,
  StringEnum,
  fileOptions,
  gaitSchemaUrl,
  header,
} from './primitives.js';
import { REF_IMMUTABILITY } from './runpack.js';

export const ContextReferenceRecordSchema = Type.Object(
  {
    ref_id: NonEmpty(),
    source_type: NonEmpty(),
    source_locator: NonEmpty(),
    query_digest: Digest(),
    content_digest: Digest(),
    retrieved_at: DateTime(),
    redaction_mode: NonEmpty(),
    immutability: StringEnum(REF_IMMUTABILITY),
    sensitivity_label: Opt(Type.String()),
    freshness_sla_seconds: Opt(Count()),
    retrieval_params: Opt(AnyObject()),
  },
  fileOptions('Context Reference Record', gaitSchemaUrl('context', 'reference_record')),
);
export type ContextReferenceRecord = Static<typeof ContextReferenceRecordSchema>;

export const CONTEXT_ENVELOPE_ID = 'gait.context.envelope';
export const ContextEnvelopeSchema = Type.Object(
  {
    ...header(CONTEXT_ENVELOPE_ID),
    context_set_id: NonEmpty(),
    context_set_digest: Digest(),
    evidence_mode: ContextEvidenceMode(),
    records: Type.Array(FileRef('reference_record.schema.json', ContextReferenceRecordSchema)),
  },
  fileOptions('Context Evidence Envelope', gaitSchemaUrl('context', 'envelope')),
);
export type ContextEnvelope = Static<typeof ContextEnvelopeSchema>;

export const CONTEXT_BUDGET_REPORT_ID = 'gait.context.budget_report';
export const ContextBudgetReportSchema = Type.Object(
  {
    ...header(CONTEXT_BUDGET_REPORT_ID),
    context_set_digest: Digest(),
    items_considered: Count(),
    items_included: Count(),
    items_dropped: Count(),
    drop_reasons: Opt(MapOf(Count())),
  },
  fileOptions('Context Budget Report', gaitSchemaUrl('context', 'budget_report')),
);
export type ContextBudgetReport = Static<typeof ContextBudgetReportSchema>;
