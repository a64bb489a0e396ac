import { Command, Option } from 'clipanion';
import type { JobRef } from '@gait/core-jobs';
import { actorOption, JobCommand, type JobEngine, type JobReport } from './job-command.js';

export class JobResumeCommand extends JobCommand {
  static override paths = [['job', 'resume']];
  static override usage = Command.Usage({
    description: 'Resume a paused, blocked or decision-needed job.',
    details:
      'Refused (exit 6) until approvals cover every decision-needed checkpoint, when this environment differs from the one the job was submitted in (unless --allow-env-mismatch), when --identity differs from the identity the job is bound to, or when that identity is revoked.',
    examples: [
      ['Resume', '$0 job resume --id job_42 --actor alice --reason approved'],
      ['Resume on another machine', '$0 job resume --id job_42 --allow-env-mismatch'],
    ],
  });

  actor = actorOption();
  reason = Option.String('--reason', { description: 'Why (default: resumed)' });
  envFingerprint = Option.String('--env-fingerprint', { description: 'Environment fingerprint (default: computed from this host)' });
  allowEnvMismatch = Option.Boolean('--allow-env-mismatch', false, { description: 'Resume even if the environment changed' });
  identity = Option.String('--identity', { description: 'Identity resuming the job (default: the job identity)' });
  identityRevocations = Option.String('--identity-revocations', { description: 'File of revoked identities (JSON array/object or one per line)' });
  identityRevoked = Option.Boolean('--identity-revoked', false, { description: 'Treat the identity as revoked' });

  protected async perform(jobs: JobEngine, ref: JobRef): Promise<JobReport> {
    let revoked = this.identityRevoked;
    if (this.identityRevocations !== undefined) {
      const list = await jobs.readRevokedIdentities(this.resolvePath(this.identityRevocations));
      const current = await jobs.readJob(ref);
      revoked ||= list.has((this.identity ?? '').trim() || (current.identity ?? ''));
    }
    const state = await jobs.resumeJob(ref, {
      allowEnvMismatch: this.allowEnvMismatch,
      identityRevoked: revoked,
      ...(this.actor === undefined ? {} : { actor: this.actor }),
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      ...(this.envFingerprint === undefined ? {} : { environmentFingerprint: this.envFingerprint }),
      ...(this.identity === undefined ? {} : { identity: this.identity }),
    });
    return { state };
  }
}
