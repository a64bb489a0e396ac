import { Command } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobStatusCommand extends JobCommand {
  static override paths = [['job', 'status']];
  static override usage = Command.Usage({
    description: "Print a job's current status, stop reason and revision.",
    examples: [['Show a job', '$0 job status --id job_42 --json']],
  });

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    return { state: await jobs.readJob(ref) };
  }
}
