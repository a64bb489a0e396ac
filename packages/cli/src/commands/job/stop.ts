import { Command } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { actorOption, JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobStopCommand extends JobCommand {
  static override paths = [['job', 'stop']];
  static override usage = Command.Usage({
    description: 'Emergency stop: the job ends in emergency_stopped and can no longer be resumed; MCP surfaces block its tool calls.',
    examples: [['Stop', '$0 job stop --id job_42 --actor alice']],
  });

  actor = actorOption();

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    return { state: await jobs.stopJob(ref, this.actor === undefined ? {} : { actor: this.actor }) };
  }
}
