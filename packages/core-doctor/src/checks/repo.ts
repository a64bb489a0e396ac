import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fail, pass, warn, type DoctorCheck } from '../check.js';

/** The schema files v1.4.0's doctor requires in a checkout (its 21 at SEED plus two of HEAD's). */
export const REQUIRED_SCHEMAS = [
  'runpack/manifest', 'runpack/run', 'runpack/intent', 'runpack/result', 'runpack/refs',
  'gate/intent_request', 'gate/gate_result', 'gate/trace_record', 'gate/approval_token', 'gate/approval_audit_record',
  'gate/broker_credential_record', 'gate/approved_script_entry', 'context/envelope', 'context/reference_record',
  'context/budget_report', 'policytest/policy_test_result', 'regress/regress_result', 'scout/inventory_snapshot',
  'scout/adoption_event', 'scout/operational_event', 'guard/pack_manifest', 'registry/registry_pack',
  'common/relationship_envelope',
].map((name) => `schemas/v1/${name}.schema.json`);

export function schemaFilesCheck(workdir: string): DoctorCheck {
  const missing = REQUIRED_SCHEMAS.filter((rel) => !existsSync(join(workdir, rel)));
  if (missing.length === 0) return pass('schema_files', 'repo_checkout', `${REQUIRED_SCHEMAS.length} schema files present`);
  return {
    ...fail('schema_files', 'repo_checkout', `missing schema files: ${missing.join(', ')}`, 'pnpm schemas:generate'),
    non_fixable: true,
  };
}

/**
 * This project's counterpart of the reference's onboarding assets: a checkout needs its
 * dependencies installed and the CLI built before `gait` runs from it.
 */
export function workspaceInstallCheck(workdir: string): DoctorCheck {
  if (!existsSync(join(workdir, 'node_modules'))) return warn('workspace_install', 'repo_checkout', 'workspace dependencies are not installed', 'pnpm install');
  if (!existsSync(join(workdir, 'packages', 'cli', 'dist', 'bin.js'))) {
    return warn('workspace_install', 'repo_checkout', 'the CLI is not built (packages/cli/dist/bin.js missing)', 'pnpm turbo run build --filter=@gait/cli...');
  }
  return pass('workspace_install', 'repo_checkout', 'workspace installed and CLI built');
}
