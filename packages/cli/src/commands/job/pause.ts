import { Command } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { actorOption, JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobPauseCommand extends JobCommand {
  static override paths = [['job', 'pause']];
  static override usage = Command.Usage({
    description: 'Pause a running or decision-needed job (status paused, stop reason paused_by_user).',
    examples: [['Pause', '$0 job pause --id job_42 --actor alice']],
  });

  actor = actorOption();

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    return { state: await jobs.pauseJob(ref, this.actor === undefined ? {} : { actor: this.actor }) };
  }
}
