import { Command } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { JobCommand, type JobEngine, type JobReport } from './job-command.js';

/**
 * Not in the reference: completes (or discards) a mutation that a crashed process left half
 * done, which `gait doctor` reports as a durable-state divergence. Every mutation does this first
 * anyway; this command does only that, so doctor's fix is one command.
 */
export class JobRecoverCommand extends JobCommand {
  static override paths = [['job', 'recover']];
  static override usage = Command.Usage({
    description: 'Finish or discard a job mutation interrupted by a crash, so state.json and events.jsonl agree again.',
    examples: [['Repair a job doctor flagged', '$0 job recover --id job_42 --json']],
  });

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    await jobs.recoverJob(ref);
    const { state, events } = await jobs.inspectJob(ref);
    return { state, events };
  }
}
