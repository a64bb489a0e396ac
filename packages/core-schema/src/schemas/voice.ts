/** Voice agents: commitment intents, say tokens, call events and callpack manifests. */
import { Type, type Static } from '@sinclair/typebox';
import {
  Count,
  DateTime,
  Digest,
  NonEmpty,
  NonEmptyStrings,
  Opt,
  SignatureSchema,
  StringEnum,
  AnyObject,
  fileOptions,
  gaitSchemaUrl,
  header,
  headerNoProducer,
} from './primitives.js';
import { callCounters } from './pack.js';

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
