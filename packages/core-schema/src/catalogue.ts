/**
 * Every published schema, with where its file lives (`schemas/v1/<area>/<name>.schema.json`) and
 * the `schema_id` it pins, if any. The order is the order files are generated and listed.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import * as gate from './schemas/gate.js';
import * as runpack from './schemas/runpack.js';
import * as actionContract from './schemas/action-contract.js';
import * as context from './schemas/context.js';
import * as guard from './schemas/guard.js';
import * as pack from './schemas/pack.js';
import * as policytest from './schemas/policytest.js';
import * as registry from './schemas/registry.js';
import * as regress from './schemas/regress.js';
import * as scout from './schemas/scout.js';
import * as voice from './schemas/voice.js';
import { CommonRelationshipEnvelopeSchema } from './schemas/common.js';

export interface SchemaEntry<S extends TSchema = TSchema> {
  /** Folder under `schemas/v1/`. */
  readonly area: string;
  /** File name without `.schema.json`. */
  readonly name: string;
  /** `<area>/<name>`: a lookup key every entry has. */
  readonly key: string;
  /** The `schema_id` const of the artifact, when the schema pins one. */
  readonly schemaId?: string;
  readonly title: string;
  readonly schema: S;
}

function entry<const A extends string, const N extends string, S extends TSchema, const I extends string | undefined = undefined>(
  area: A,
  name: N,
  schema: S,
  schemaId?: I,
  title?: string,
) {
  const resolvedTitle = (schema as { title?: string }).title ?? title;
  if (resolvedTitle === undefined) throw new Error(`schema ${area}/${name} needs a title`);
  return {
    area,
    name,
    key: `${area}/${name}` as `${A}/${N}`,
    ...(schemaId === undefined ? {} : { schemaId }),
    title: resolvedTitle,
    schema,
  } as { area: A; name: N; key: `${A}/${N}`; schemaId: I; title: string; schema: S };
}

export const catalogue = [
  // action-contract
  entry(
    'action-contract',
    'activated-action-contract-artifact',
    actionContract.ActivatedActionContractArtifactSchema,
    actionContract.ACTIVATED_ACTION_CONTRACT_ARTIFACT_ID,
  ),
  entry('action-contract', 'consumer-receipt', actionContract.ActionContractConsumerReceiptSchema),
  entry(
    'action-contract',
    'proposed-action-contract-artifact',
    actionContract.ProposedActionContractArtifactSchema,
    actionContract.PROPOSED_ACTION_CONTRACT_ARTIFACT_ID,
  ),
  entry('action-contract', 'proposed-action-contract-v3', actionContract.ProposedActionContractV3Schema),
  // common
  entry('common', 'relationship_envelope', CommonRelationshipEnvelopeSchema, undefined, 'Relationship Envelope'),
  // context
  entry('context', 'budget_report', context.ContextBudgetReportSchema, context.CONTEXT_BUDGET_REPORT_ID),
  entry('context', 'envelope', context.ContextEnvelopeSchema, context.CONTEXT_ENVELOPE_ID),
  entry('context', 'reference_record', context.ContextReferenceRecordSchema),
  // gate
  entry('gate', 'approval_audit_record', gate.ApprovalAuditRecordSchema, gate.APPROVAL_AUDIT_RECORD_ID),
  entry('gate', 'approval_token', gate.ApprovalTokenSchema, gate.APPROVAL_TOKEN_ID),
  entry('gate', 'approved_script_entry', gate.ApprovedScriptEntrySchema, gate.APPROVED_SCRIPT_ENTRY_ID),
  entry('gate', 'authorization_bundle', gate.AuthorizationBundleSchema, gate.AUTHORIZATION_BUNDLE_ID),
  entry('gate', 'broker_credential_record', gate.BrokerCredentialRecordSchema, gate.BROKER_CREDENTIAL_RECORD_ID),
  entry('gate', 'broker_request', gate.BrokerRequestSchema),
  entry('gate', 'delegation_audit_record', gate.DelegationAuditRecordSchema, gate.DELEGATION_AUDIT_RECORD_ID),
  entry('gate', 'delegation_token', gate.DelegationTokenSchema, gate.DELEGATION_TOKEN_ID),
  entry('gate', 'gate_result', gate.GateResultSchema, gate.GATE_RESULT_ID),
  entry('gate', 'intent_request', gate.IntentRequestSchema, gate.INTENT_REQUEST_ID),
  entry('gate', 'kill_switch_state', gate.KillSwitchStateSchema, gate.KILL_SWITCH_STATE_ID),
  entry('gate', 'policy', gate.PolicySchema, gate.POLICY_ID),
  entry('gate', 'policy_explain', gate.PolicyExplainSchema, gate.POLICY_EXPLAIN_ID),
  entry('gate', 'trace_record', gate.TraceRecordSchema, gate.TRACE_RECORD_ID),
  // guard
  entry('guard', 'encrypted_artifact', guard.EncryptedArtifactSchema, guard.ENCRYPTED_ARTIFACT_ID),
  entry('guard', 'pack_manifest', guard.GuardPackManifestSchema, guard.GUARD_PACK_MANIFEST_ID),
  entry('guard', 'retention_report', guard.RetentionReportSchema, guard.RETENTION_REPORT_ID),
  // pack
  entry('pack', 'call', pack.PackCallSchema, pack.PACK_CALL_ID),
  entry('pack', 'diff', pack.PackDiffSchema, pack.PACK_DIFF_ID),
  entry('pack', 'job', pack.PackJobSchema, pack.PACK_JOB_ID),
  entry('pack', 'manifest', pack.PackManifestSchema, pack.PACK_MANIFEST_ID),
  entry('pack', 'run', pack.PackRunSchema, pack.PACK_RUN_ID),
  // policytest
  entry('policytest', 'policy_test_result', policytest.PolicyTestResultSchema, policytest.POLICY_TEST_RESULT_ID),
  // registry
  entry('registry', 'ecosystem_index', registry.EcosystemIndexSchema, registry.ECOSYSTEM_INDEX_ID),
  entry('registry', 'registry_pack', registry.RegistryPackSchema, registry.REGISTRY_PACK_ID),
  entry(
    'registry',
    'verification_report',
    registry.RegistryVerificationReportSchema,
    registry.REGISTRY_VERIFICATION_REPORT_ID,
  ),
  // regress
  entry('regress', 'regress_result', regress.RegressResultSchema, regress.REGRESS_RESULT_ID),
  // runpack
  entry('runpack', 'intent', runpack.RunpackIntentSchema, runpack.RUNPACK_INTENT_ID),
  entry('runpack', 'manifest', runpack.RunpackManifestSchema, runpack.RUNPACK_MANIFEST_ID),
  entry('runpack', 'refs', runpack.RunpackRefsSchema, runpack.RUNPACK_REFS_ID),
  entry('runpack', 'result', runpack.RunpackResultSchema, runpack.RUNPACK_RESULT_ID),
  entry('runpack', 'run', runpack.RunpackRunSchema, runpack.RUNPACK_RUN_ID),
  entry('runpack', 'session_chain', runpack.SessionChainSchema, runpack.SESSION_CHAIN_ID),
  entry('runpack', 'session_checkpoint', runpack.SessionCheckpointSchema, runpack.SESSION_CHECKPOINT_ID),
  entry('runpack', 'session_journal', runpack.SessionJournalSchema, runpack.SESSION_JOURNAL_ID),
  // scout
  entry('scout', 'adoption_event', scout.AdoptionEventSchema, scout.ADOPTION_EVENT_ID),
  entry('scout', 'inventory_snapshot', scout.InventorySnapshotSchema, scout.INVENTORY_SNAPSHOT_ID),
  entry('scout', 'operational_event', scout.OperationalEventSchema, scout.OPERATIONAL_EVENT_ID),
  entry('scout', 'run_fingerprint', scout.RunFingerprintSchema, scout.RUN_FINGERPRINT_ID),
  entry('scout', 'signal_report', scout.SignalReportSchema, scout.SIGNAL_REPORT_ID),
  // voice
  entry('voice', 'call_event', voice.CallEventSchema, voice.CALL_EVENT_ID),
  entry('voice', 'callpack_manifest', voice.CallpackManifestSchema, voice.CALLPACK_MANIFEST_ID),
  entry('voice', 'commitment_intent', voice.CommitmentIntentSchema, voice.COMMITMENT_INTENT_ID),
  entry('voice', 'say_token', voice.SayTokenSchema, voice.SAY_TOKEN_ID),
] as const;

/**
 * Schemas of Gait for TypeScript's own design, for artifacts the reference reads but publishes no
 * schema for. They get validators and types but no file under `schemas/v1`, which mirrors the
 * reference's set exactly.
 */
export const unpublished = [entry('voice', 'call_record', voice.CallRecordSchema, voice.CALL_RECORD_ID)] as const;

type Entry = (typeof catalogue)[number] | (typeof unpublished)[number];

/** Every lookup key: `<area>/<name>` for all schemas, plus the `schema_id` of those that pin one. */
export type SchemaKey = Entry['key'] | Exclude<Entry['schemaId'], undefined>;

/** The TypeScript type of the value a key validates. */
export type SchemaType<K extends SchemaKey> = Static<
  Extract<Entry, { key: K } | { schemaId: K }>['schema']
>;
