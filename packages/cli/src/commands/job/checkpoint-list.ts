import { Command } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobCheckpointListCommand extends JobCommand {
  static override paths = [['job', 'checkpoint', 'list']];
  static override usage = Command.Usage({
    description: "List a job's checkpoints, sorted by checkpoint id.",
    examples: [['List checkpoints', '$0 job checkpoint list --id job_42 --json']],
  });

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    const state = await jobs.readJob(ref);
    return { state, checkpoints: await jobs.listCheckpoints(ref) };
  }
}
