/** `gait policy test` output. */
import { Type, type Static } from '@sinclair/typebox';
import { Count, Digest, Opt, Strings, VerdictEnum, fileOptions, gaitSchemaUrl, header } from './primitives.js';

export const POLICY_TEST_RESULT_ID = 'gait.policytest.result';
export const PolicyTestResultSchema = Type.Object(
  {
    ...header(POLICY_TEST_RESULT_ID),
    policy_digest: Digest(),
    intent_digest: Digest(),
    verdict: VerdictEnum(),
    reason_codes: Strings(),
    violations: Strings(),
    matched_rule: Opt(Type.String()),
    delegation_matched: Opt(Type.Boolean()),
    delegation_depth: Opt(Count()),
    delegation_scope: Opt(Type.String()),
  },
  fileOptions('Policy Test Result', gaitSchemaUrl('policytest', 'policy_test_result')),
);
export type PolicyTestResult = Static<typeof PolicyTestResultSchema>;
