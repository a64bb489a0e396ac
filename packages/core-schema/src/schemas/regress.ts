/** `gait regress run` output. */
import { Type, type Static } from '@sinclair/typebox';
import { AnyObject, Opt, StringEnum, Strings, fileOptions, gaitSchemaUrl, header } from './primitives.js';

export const REGRESS_STATUSES = ['pass', 'fail'] as const;
export const CONTEXT_CONFORMANCE = ['none', 'runtime_only', 'semantic', 'missing'] as const;

export const RegressGraderSchema = Type.Object(
  {
    name: Type.String(),
    status: StringEnum(REGRESS_STATUSES),
    reason_codes: Strings(),
    context_conformance: Opt(StringEnum(CONTEXT_CONFORMANCE)),
    details: Opt(AnyObject()),
  },
  { additionalProperties: false },
);
export type RegressGrader = Static<typeof RegressGraderSchema>;

export const REGRESS_RESULT_ID = 'gait.regress.result';
export const RegressResultSchema = Type.Object(
  {
    ...header(REGRESS_RESULT_ID),
    fixture_set: Type.String(),
    status: StringEnum(REGRESS_STATUSES),
    graders: Type.Array(RegressGraderSchema),
  },
  fileOptions('Regress Result', gaitSchemaUrl('regress', 'regress_result')),
);
export type RegressResult = Static<typeof RegressResultSchema>;
