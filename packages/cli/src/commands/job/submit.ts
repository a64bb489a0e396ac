import { Command, Option } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { cliVersion } from '../../version.js';
import { actorOption, JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobSubmitCommand extends JobCommand {
  static override paths = [['job', 'submit']];
  static override usage = Command.Usage({
    description: 'Create a durable job in status running (revision 1) under --root.',
    details:
      'Writes <root>/<id>/state.json and the first event of <root>/<id>/events.jsonl. The job is bound to this environment (a fingerprint of CPU, OS, runtime and shell) and, with --identity, to an identity; resume checks both.',
    examples: [['Start a job', '$0 job submit --id job_42 --actor alice --identity svc.agent --json']],
  });

  actor = actorOption();
  identity = Option.String('--identity', { description: 'Identity the job acts as (checked on resume)' });
  envFingerprint = Option.String('--env-fingerprint', { description: 'Environment fingerprint (default: computed from this host)' });

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    const state = await jobs.submitJob(ref, {
      producerVersion: cliVersion,
      ...(this.actor === undefined ? {} : { actor: this.actor }),
      ...(this.identity === undefined ? {} : { identity: this.identity }),
      ...(this.envFingerprint === undefined ? {} : { environmentFingerprint: this.envFingerprint }),
    });
    return { state };
  }
}
