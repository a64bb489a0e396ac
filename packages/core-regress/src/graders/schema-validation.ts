import { verifyRunpack, type Runpack } from '@gait/core-runpack';
import { fail, pass, type Grader } from './types.js';

const RUNPACK_SCHEMAS = {
  manifest: 'gait.runpack.manifest',
  run: 'gait.runpack.run',
  refs: 'gait.runpack.refs',
  intent: 'gait.runpack.intent',
  result: 'gait.runpack.result',
} as const;

/**
 * The fixture runpack is intact (every listed member present with its recorded sha256, manifest
 * digest recomputed), readable, and its records carry the runpack schema ids and version 1.0.0.
 * Signatures are not this grader's concern: `gait verify` checks them.
 */
export const schemaValidationGrader: Grader = {
  name: 'schema_validation',
  async grade(subject) {
    let verified;
    try {
      verified = await verifyRunpack(subject.runpackFile);
    } catch (error) {
      return fail(['schema_validation_error'], { error: (error as Error).message });
    }
    const codes: string[] = [];
    if (verified.missing_files.length > 0) codes.push('missing_files');
    if (verified.hash_mismatches.length > 0) codes.push('hash_mismatch');
    const details: Record<string, unknown> = {
      missing_files: verified.missing_files.length > 0 ? verified.missing_files : null,
      hash_mismatches: verified.hash_mismatches.length,
      intent_records: 0,
      result_records: 0,
      reference_receipts: 0,
    };
    if (verified.hash_mismatches.length > 0) details.mismatched_files = verified.hash_mismatches.map((m) => m.path);
    let runpack: Runpack;
    try {
      runpack = await subject.loadRunpack();
    } catch (error) {
      codes.push('runpack_parse_error');
      return fail(codes, { ...details, error: (error as Error).message });
    }
    details.intent_records = runpack.intents.length;
    details.result_records = runpack.results.length;
    details.reference_receipts = runpack.refs.receipts.length;
    codes.push(...schemaIdIssues(runpack));
    return codes.length > 0 ? fail(codes, details) : pass(details);
  },
};

function schemaIdIssues(runpack: Runpack): string[] {
  const bad = (record: { schema_id: string; schema_version: string }, id: string) =>
    record.schema_id !== id || record.schema_version !== '1.0.0';
  const codes: string[] = [];
  if (bad(runpack.manifest, RUNPACK_SCHEMAS.manifest)) codes.push('manifest_schema_invalid');
  if (bad(runpack.run, RUNPACK_SCHEMAS.run)) codes.push('run_schema_invalid');
  if (bad(runpack.refs, RUNPACK_SCHEMAS.refs)) codes.push('refs_schema_invalid');
  if (runpack.intents.some((intent) => bad(intent, RUNPACK_SCHEMAS.intent))) codes.push('intent_schema_invalid');
  if (runpack.results.some((result) => bad(result, RUNPACK_SCHEMAS.result))) codes.push('result_schema_invalid');
  return codes;
}
