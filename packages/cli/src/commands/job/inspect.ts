import { Command } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobInspectCommand extends JobCommand {
  static override paths = [['job', 'inspect']];
  static override usage = Command.Usage({
    description: "Print a job's state together with its full event log.",
    examples: [['Inspect the demo job', '$0 job inspect --id job_demo_durable --json']],
  });

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    const { state, events } = await jobs.inspectJob(ref);
    return { state, events };
  }
}
