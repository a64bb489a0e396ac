import { Command, Option } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobCheckpointShowCommand extends JobCommand {
  static override paths = [['job', 'checkpoint', 'show']];
  static override usage = Command.Usage({
    description: 'Print one checkpoint of a job.',
    examples: [['Show the first checkpoint', '$0 job checkpoint show --id job_42 --checkpoint cp_0001 --json']],
  });

  checkpoint = Option.String('--checkpoint', { description: 'Checkpoint id, e.g. cp_0001' });

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    const state = await jobs.readJob(ref);
    return { state, checkpoint: await jobs.getCheckpoint(ref, this.checkpoint ?? '') };
  }
}
