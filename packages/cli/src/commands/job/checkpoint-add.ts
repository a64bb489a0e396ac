import { Command, Option } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { actorOption, JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobCheckpointAddCommand extends JobCommand {
  static override paths = [['job', 'checkpoint', 'add']];
  static override usage = Command.Usage({
    description: 'Record a checkpoint: plan, progress, decision-needed, blocked or completed.',
    details:
      'decision-needed (which needs --required-action) stops the job until an approval is recorded; blocked and completed set the status of the same name; plan and progress leave it alone.',
    examples: [
      ['Ask for a decision', '$0 job checkpoint add --id job_42 --type decision-needed --summary "deploy to prod?" --required-action security_review'],
      ['Finish', '$0 job checkpoint add --id job_42 --type completed --summary done'],
    ],
  });

  type = Option.String('--type', 'progress', { description: 'plan | progress | decision-needed | blocked | completed' });
  summary = Option.String('--summary', { description: 'What happened (required, at most 512 bytes)' });
  requiredAction = Option.String('--required-action', { description: 'The decision asked for (decision-needed only)' });
  actor = actorOption();

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    const state = await jobs.addCheckpoint(ref, {
      type: this.type,
      summary: this.summary ?? '',
      ...(this.requiredAction === undefined ? {} : { requiredAction: this.requiredAction }),
      ...(this.actor === undefined ? {} : { actor: this.actor }),
    });
    return { state, checkpoint: state.checkpoints.at(-1)! };
  }
}
