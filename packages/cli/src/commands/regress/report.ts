import type { InitFixtureResult, RegressRunReport } from '@gait/core-regress';
import type { JsonOutput } from '../../output.js';

/**
 * The reference's regress outputs (cli.md §3.10). Only type imports from the engine here, so the
 * command files stay light; fields the reference omits when empty are left out.
 */
export function initJson(init: InitFixtureResult): JsonOutput {
  return {
    ok: true,
    run_id: init.run_id,
    fixture_name: init.fixture_name,
    fixture_dir: init.fixture_dir,
    runpack_path: init.runpack_path,
    config_path: init.config_path,
    next_commands: init.next_commands,
  };
}

export function initText(init: InitFixtureResult): string[] {
  return [
    `regress init ok: fixture=${init.fixture_name} run_id=${init.run_id}`,
    `config: ${init.config_path}`,
    `runpack: ${init.runpack_path}`,
    `next: ${init.next_commands.join(' | ')}`,
  ];
}

/** The outcome fields `regress run` and `regress bootstrap` share. */
export function outcomeJson(run: RegressRunReport): JsonOutput {
  const json: JsonOutput = { ok: run.ok, status: run.status, artifact_paths: run.artifact_paths, output: run.output };
  if (run.failed > 0) json.failed = run.failed;
  if (run.top_failure_reason !== undefined) json.top_failure_reason = run.top_failure_reason;
  if (run.next_command !== undefined) json.next_command = run.next_command;
  if (run.junit !== undefined) json.junit = run.junit;
  return json;
}

export function runJson(run: RegressRunReport): JsonOutput {
  return { ...outcomeJson(run), fixture_set: run.fixture_set, graders: run.graders };
}

/**
 * Text after the first line: the reference's lines, then one `failure:` line per failed check
 * naming what differed (an addition: the reference prints only the top reason).
 */
export function outcomeText(run: RegressRunReport): string[] {
  const junit = run.junit === undefined ? [] : [`junit: ${run.junit}`];
  if (run.ok) return [`output: ${run.output}`, ...junit];
  return [
    `top_failure_reason: ${run.top_failure_reason ?? 'grader_failed'}`,
    `next: ${run.next_command ?? 'gait regress run --json'}`,
    `artifacts: ${run.artifact_paths.join(', ')}`,
    `output: ${run.output}`,
    ...junit,
    ...run.failures.map((f) => `failure: ${f.name} [${f.reason_codes.join(',')}]: ${f.summary}`),
  ];
}

export const REGRESS_FAILED = 5;
