import { Command, Option } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { actorOption, JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobApproveCommand extends JobCommand {
  static override paths = [['job', 'approve']];
  static override usage = Command.Usage({
    description: 'Record an approval; a job resumes only when approvals cover its decision-needed checkpoints.',
    examples: [['Approve', '$0 job approve --id job_42 --actor bob --reason approved_for_resume']],
  });

  actor = actorOption();
  reason = Option.String('--reason', { description: 'Why (default: approved)' });

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    const state = await jobs.approveJob(ref, { actor: this.actor ?? '', ...(this.reason === undefined ? {} : { reason: this.reason }) });
    return { state };
  }
}
