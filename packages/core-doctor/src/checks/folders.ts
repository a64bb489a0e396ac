import { rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail, pass, shellQuote, warn, type DoctorCheck } from '../check.js';

const PROBE = '.gait-doctor-writecheck';

function writable(dir: string): string | undefined {
  const probe = join(dir, PROBE);
  try {
    writeFileSync(probe, 'ok', { mode: 0o600 });
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function folderCheck(name: string, dir: string, missing: 'warn' | 'fail'): DoctorCheck {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      const outcome = missing === 'warn' ? warn : fail;
      return outcome(name, 'universal', `${dir} does not exist`, `mkdir -p ${shellQuote(dir)}`);
    }
    return fail(name, 'universal', `cannot stat ${dir}: ${(error as Error).message}`);
  }
  if (!isDir) return fail(name, 'universal', `${dir} is not a directory`, `mv ${shellQuote(dir)} ${shellQuote(`${dir}.bak`)} && mkdir -p ${shellQuote(dir)}`);
  const problem = writable(dir);
  if (problem !== undefined) return fail(name, 'universal', `${dir} is not writable: ${problem}`, `chmod u+w ${shellQuote(dir)}`);
  return pass(name, 'universal', `${dir} is writable`);
}

export const workdirCheck = (workdir: string): DoctorCheck => folderCheck('workdir', workdir, 'fail');

/** A missing output folder is only a warning: commands create it on first use. */
export const outputDirCheck = (outputDir: string): DoctorCheck => folderCheck('output_dir', outputDir, 'warn');

export function tempDirCheck(dir: string = tmpdir()): DoctorCheck {
  const probe = join(dir, `gait-doctor-${process.hrtime.bigint()}.tmp`);
  try {
    writeFileSync(probe, 'ok', { mode: 0o600 });
    rmSync(probe, { force: true });
    return pass('temp_dir', 'universal', `temp dir writable (${dir})`);
  } catch (error) {
    return fail('temp_dir', 'universal', `temp dir ${dir} is not writable: ${(error as Error).message}`, `export TMPDIR=${shellQuote(join(process.env.HOME ?? '.', 'tmp'))} && mkdir -p "$TMPDIR"`);
  }
}
