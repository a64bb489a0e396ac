import { join } from 'node:path';
import { diagnoseJobs, formatDurableIssues } from '@gait/core-jobs';
import { fail, pass, shellQuote, type DoctorCheck } from '../check.js';

/** v1.4.0's `job_runtime_durability`: every job under `<output-dir>/jobs` has state and log in step. */
export async function jobDurabilityCheck(outputDir: string): Promise<DoctorCheck> {
  const root = join(outputDir, 'jobs');
  let diagnosis;
  try {
    diagnosis = await diagnoseJobs(root);
  } catch (error) {
    return fail('job_runtime_durability', 'universal', `cannot scan ${root}: ${(error as Error).message}`, `ls -la ${shellQuote(root)}`);
  }
  if (diagnosis.issues.length === 0) {
    return pass('job_runtime_durability', 'universal', `durable job state consistent (${diagnosis.jobsChecked} job(s))`);
  }
  const first = diagnosis.issues[0]!;
  return fail(
    'job_runtime_durability',
    'universal',
    `durable job state divergence detected: ${formatDurableIssues(diagnosis.issues)}`,
    `gait job recover --id ${first.jobId} --root ${shellQuote(root)} --json`,
  );
}
