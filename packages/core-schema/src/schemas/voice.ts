/** Voice agents: commitment intents, say tokens, call events and callpack manifests. */
import { Type, type Static } from '@sinclair/typebox';
import {
  Count,
  Digest,
  NonEmpty,
  NonEmptyStrings,
  Opt,
  SignatureSchema,
  StringEnum,
  AnyObject,
  DateTime,
  FileRef,
  VerdictEnum,
  fileOptions,
  gaitSchemaUrl,
  header,
  headerNoProducer,
} from './primitives.js';
import { PRIVACY_MODES, callCounters } from './pack.js';

const closed = { additionalProperties: false } as const;

export const COMMITMENT_CLASSES = ['refund', 'quote', 'eligibility', 'schedule', 'cancel', 'account_change'] as const;
export type CommitmentClass = (typeof COMMITMENT_CLASSES)[number];

const turn = () => ({ turn_index: Count(), call_seq: Type.Integer({ minimum: 1 }) });
const money = () => ({
  currency: Opt(NonEmpty()),
  quote_min_cents: Opt(Count()),
  quote_max_cents: Opt(Count()),
  refund_ceiling_cents: Opt(Count()),
});

export const VoiceContextSchema = Type.Object(
  {
    identity: NonEmpty(),
    workspace: NonEmpty(),
    risk_class: NonEmpty(),
    session_id: Opt(Type.String()),
    request_id: Opt(Type.String()),
    environment_fingerprint: Opt(NonEmpty()),
  },
  closed,
);

export const COMMITMENT_INTENT_ID = 'gait.voice.commitment_intent';
export const CommitmentIntentSchema = Type.Object(
  {
    ...header(COMMITMENT_INTENT_ID),
    call_id: NonEmpty(),
    ...turn(),
    commitment_class: StringEnum(COMMITMENT_CLASSES),
    utterance_digest: Opt(Digest()),
    ...money(),
    approval_required: Opt(Type.Boolean()),
    approval_artifact_refs: Opt(NonEmptyStrings()),
    evidence_reference_digests: Opt(Type.Array(Digest())),
    context: VoiceContextSchema,
  },
  fileOptions('Voice Commitment Intent', gaitSchemaUrl('voice', 'commitment_intent')),
);
export type CommitmentIntent = Static<typeof CommitmentIntentSchema>;

export const SAY_TOKEN_ID = 'gait.voice.say_token';
export const SayTokenSchema = Type.Object(
  {
    ...header(SAY_TOKEN_ID),
    token_id: NonEmpty(),
    commitment_class: StringEnum(COMMITMENT_CLASSES),
    intent_digest: Digest(),
    policy_digest: Digest(),
    call_id: NonEmpty(),
    ...turn(),
    ...money(),
    expires_at: DateTime(),
    signature: Opt(SignatureSchema({ nonEmpty: true })),
  },
  fileOptions('Voice Say Token', gaitSchemaUrl('voice', 'say_token')),
);
export type SayToken = Static<typeof SayTokenSchema>;

export const CALL_EVENT_TYPES = [
  'asr.final', 'commitment.declared', 'gate.decision', 'approval.granted', 'tts.request', 'tts.emitted',
  'tool.intent', 'tool.result',
] as const;

export const CALL_EVENT_ID = 'gait.voice.call_event';
export const CallEventSchema = Type.Object(
  {
    ...headerNoProducer(CALL_EVENT_ID),
    call_id: NonEmpty(),
    call_seq: Type.Integer({ minimum: 1 }),
    turn_index: Count(),
    event_type: StringEnum(CALL_EVENT_TYPES),
    commitment_class: Opt(StringEnum(COMMITMENT_CLASSES)),
    intent_digest: Opt(Digest()),
    policy_digest: Opt(Digest()),
    say_token_id: Opt(NonEmpty()),
    payload_digest: Opt(Digest()),
    attributes: Opt(AnyObject({ additionalProperties: true })),
  },
  fileOptions('Voice Call Event', gaitSchemaUrl('voice', 'call_event')),
);
export type CallEvent = Static<typeof CallEventSchema>;

export const CALLPACK_MANIFEST_ID = 'gait.voice.callpack_manifest';
export const CallpackManifestSchema = Type.Object(
  {
    ...header(CALLPACK_MANIFEST_ID),
    producer_version: NonEmpty(),
    ...callCounters(),
    environment_fingerprint: Opt(NonEmpty()),
  },
  fileOptions('Voice Callpack Manifest', gaitSchemaUrl('voice', 'callpack_manifest')),
);
export type CallpackManifest = Static<typeof CallpackManifestSchema>;

/*
 * `gait.voice.call_record` 1.0.0: the input of a call pack. The reference publishes no schema
 * for it (artifacts.md §6.2 names only its parts), so this layout is Gait for TypeScript's own
 * design. It is not a published file under schemas/v1 (that set mirrors the reference exactly);
 * it is exported as a TypeBox schema with a precompiled validator (`validate('gait.voice.call_record', …)`).
 */

/** Where in the call a decision or receipt belongs. */
const callTurn = () => ({
  call_id: NonEmpty(),
  call_seq: Type.Integer({ minimum: 1 }),
  turn_index: Count(),
  commitment_class: StringEnum(COMMITMENT_CLASSES),
});

/** A gate verdict on one commitment intent of the call (`gate.decision` in the event stream). */
export const CallGateDecisionSchema = Type.Object(
  {
    ...callTurn(),
    verdict: VerdictEnum(),
    reason_codes: Opt(NonEmptyStrings()),
    intent_digest: Digest(),
    policy_digest: Digest(),
    say_token_id: Opt(NonEmpty()),
    trace_id: Opt(NonEmpty()),
  },
  closed,
);
export type CallGateDecision = Static<typeof CallGateDecisionSchema>;

/** Proof that a gated utterance was spoken under a say token (`tts.emitted` in the event stream). */
export const SpeakReceiptSchema = Type.Object(
  {
    ...callTurn(),
    say_token_id: NonEmpty(),
    spoken_digest: Opt(Digest()),
    emitted_at: Opt(DateTime()),
  },
  closed,
);
export type SpeakReceipt = Static<typeof SpeakReceiptSchema>;

export const CALL_RECORD_ID = 'gait.voice.call_record';
export const CallRecordSchema = Type.Object(
  {
    ...headerNoProducer(CALL_RECORD_ID),
    call_id: NonEmpty(),
    run_id: Opt(NonEmpty()),
    runpack_path: NonEmpty(),
    privacy_mode: StringEnum(PRIVACY_MODES),
    environment_fingerprint: Opt(NonEmpty()),
    events: Type.Array(FileRef('call_event.schema.json', CallEventSchema)),
    commitments: Type.Array(FileRef('commitment_intent.schema.json', CommitmentIntentSchema)),
    gate_decisions: Type.Array(CallGateDecisionSchema),
    speak_receipts: Type.Array(SpeakReceiptSchema),
    reference_digests: Opt(Type.Union([Type.Array(Digest()), Type.Null()])),
  },
  fileOptions('Voice Call Record', gaitSchemaUrl('voice', 'call_record')),
);
export type CallRecord = Static<typeof CallRecordSchema>;
