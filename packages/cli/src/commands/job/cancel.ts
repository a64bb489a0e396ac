import { Command } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { actorOption, JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobCancelCommand extends JobCommand {
  static override paths = [['job', 'cancel']];
  static override usage = Command.Usage({
    description: 'Cancel a live job (status cancelled, stop reason cancelled_by_user).',
    examples: [['Cancel', '$0 job cancel --id job_42 --actor alice']],
  });

  actor = actorOption();

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    return { state: await jobs.cancelJob(ref, this.actor === undefined ? {} : { actor: this.actor }) };
  }
}
