import { Option } from 'clipanion';
import type { JobCheckpoint, JobEvent, JobRef, JobState } from '@gait/core-jobs';
import { type FailOptions, GaitCommand } from '../../gait-command.js';
import type { ExitCode } from '@gait/core-errors';
import { jobFamily } from './family.js';

export type JobEngine = typeof import('@gait/core-jobs');

/** What a job subcommand reports; each part is printed only when present. */
export interface JobReport {
  readonly state?: JobState;
  readonly checkpoint?: JobCheckpoint;
  readonly checkpoints?: readonly JobCheckpoint[];
  readonly events?: readonly JobEvent[];
}

const OUTPUT_SCHEMA = { schema_id: 'gait.job.output', schema_version: '1.0.0' } as const;

/**
 * Base of the `gait job …` leaves: `--id`, `--root`, and the reference's `gait.job.output`
 * result (schema fields present even on errors). A leaf implements `perform` with the engine.
 */
export abstract class JobCommand extends GaitCommand {
  static override family = jobFamily;

  id = Option.String('--id', { description: 'Job id' });
  root = Option.String('--root', './gait-out/jobs', { description: 'Folder holding job folders' });

  /** The operation's name in output (`submit`, `checkpoint add`, …): the words after `job`. */
  get operation(): string {
    return this.path.slice(1).join(' ');
  }

  protected abstract perform(jobs: JobEngine, ref: JobRef): Promise<JobReport>;

  protected async run(): Promise<number> {
    const jobs = await import('@gait/core-jobs');
    const report = await this.perform(jobs, { jobId: this.id ?? '', root: this.resolvePath(this.root) });
    const json: Record<string, unknown> = { ...OUTPUT_SCHEMA, ok: true, operation: this.operation, job_id: report.state?.job_id ?? this.id ?? '' };
    const text: string[] = [];
    if (report.state !== undefined) {
      const s = report.state;
      json.job = jobs.jobStateObject(s);
      text.push(`job ${this.operation}: id=${s.job_id} status=${s.status} stop_reason=${s.stop_reason} reason_code=${s.status_reason_code}`);
    }
    if (report.checkpoint !== undefined) {
      json.checkpoint = jobs.jobCheckpointObject(report.checkpoint);
      text.push(`checkpoint: ${report.checkpoint.checkpoint_id} (${report.checkpoint.type})`);
    }
    if (report.checkpoints !== undefined) {
      json.checkpoints = report.checkpoints.map((c) => jobs.jobCheckpointObject(c));
      text.push(`checkpoints=${report.checkpoints.length}`);
    }
    if (report.events !== undefined) {
      json.events = report.events.map((e) => jobs.jobEventObject(e));
      text.push(`events=${report.events.length}`);
    }
    return this.emit(json, text);
  }

  protected override fail(error: unknown, options: FailOptions = {}): ExitCode {
    return super.fail(error, { ...options, fields: { ...OUTPUT_SCHEMA, operation: this.operation, job_id: this.id ?? '', ...options.fields } });
  }
}

/** `--actor`, shared by most mutations. */
export const actorOption = () => Option.String('--actor', { description: 'Who performs the operation' });
