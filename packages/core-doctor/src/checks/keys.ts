import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { loadSigningKey, loadVerifyKey, readPrivateKeyFile, readPublicKeyFile } from '@gait/core-sign';
import { fail, pass, shellQuote, warn, type DoctorCheck } from '../check.js';

export interface KeyInputs {
  readonly keyMode: string;
  readonly privateKey: string;
  readonly privateKeyEnv: string;
  readonly publicKey: string;
  readonly publicKeyEnv: string;
  readonly env: NodeJS.ProcessEnv;
}

export function keySourceAmbiguityCheck(k: KeyInputs): DoctorCheck {
  if (k.privateKey !== '' && k.privateKeyEnv !== '') {
    return fail('key_source_ambiguity', 'universal', 'both --private-key and --private-key-env are set', 'set only one of --private-key or --private-key-env');
  }
  if (k.publicKey !== '' && k.publicKeyEnv !== '') {
    return fail('key_source_ambiguity', 'universal', 'both --public-key and --public-key-env are set', 'set only one of --public-key or --public-key-env');
  }
  return pass('key_source_ambiguity', 'universal', 'key sources unambiguous');
}

/** Key files must exist, be files, and not be writable by group or others (the key could be swapped). */
export function keyPermissionsCheck(k: KeyInputs, platform: NodeJS.Platform = process.platform): DoctorCheck {
  const files = [k.privateKey, k.publicKey].filter((p) => p !== '');
  if (files.length === 0) return pass('key_permissions', 'universal', 'no key files configured');
  for (const file of files) {
    let stats;
    try {
      stats = statSync(file);
    } catch {
      return warn('key_permissions', 'universal', `key file ${file} does not exist`, `ls -l ${shellQuote(file)}`);
    }
    if (!stats.isFile()) return warn('key_permissions', 'universal', `key path ${file} is not a file`, `ls -l ${shellQuote(file)}`);
    if (platform !== 'win32' && (stats.mode & 0o022) !== 0) {
      return warn('key_permissions', 'universal', `key file ${file} is writable by group or others (mode ${(stats.mode & 0o777).toString(8)})`, `chmod go-w ${shellQuote(file)}`);
    }
  }
  return pass('key_permissions', 'universal', `key file permissions ok (${files.length} file(s))`);
}

/** The command that makes a fresh key pair where the broken file was (keys init names files `<prefix>_private.key`). */
function regenerate(file: string): string {
  const match = /^(.+)_(?:private|public)\.key$/.exec(basename(file));
  const prefix = match === null ? '' : ` --prefix ${shellQuote(match[1]!)}`;
  return `gait keys init --out-dir ${shellQuote(dirname(file))}${prefix} --force`;
}

export function keyConfigCheck(k: KeyInputs): DoctorCheck {
  const mode = k.keyMode.trim().toLowerCase() || 'dev';
  const anySource = k.privateKey !== '' || k.privateKeyEnv !== '' || k.publicKey !== '' || k.publicKeyEnv !== '';
  if (mode === 'dev') {
    if (anySource) return warn('key_config', 'universal', 'dev mode ignores explicit key sources', 'use --key-mode prod with explicit key sources');
    return pass('key_config', 'universal', 'dev key mode (ephemeral keys)');
  }
  if (mode !== 'prod') return fail('key_config', 'universal', `unsupported key mode: ${k.keyMode}`, 'use --key-mode dev or --key-mode prod');
  // Each file is read on its own first, so the message names the file that is broken.
  for (const [file, read] of [
    [k.privateKey, readPrivateKeyFile],
    [k.publicKey, readPublicKeyFile],
  ] as const) {
    if (file === '') continue;
    try {
      read(file);
    } catch (error) {
      return fail('key_config', 'universal', `key file ${file}: ${(error as Error).message}`, regenerate(file));
    }
  }
  try {
    loadSigningKey({ keyMode: 'prod', privateKeyPath: k.privateKey, privateKeyEnv: k.privateKeyEnv, publicKeyPath: k.publicKey, publicKeyEnv: k.publicKeyEnv, env: k.env });
    if (k.publicKey !== '' || k.publicKeyEnv !== '') {
      loadVerifyKey({ privateKeyPath: k.privateKey, privateKeyEnv: k.privateKeyEnv, publicKeyPath: k.publicKey, publicKeyEnv: k.publicKeyEnv, env: k.env });
    }
  } catch (error) {
    const message = (error as Error).message;
    const fix = k.privateKey === '' && k.privateKeyEnv === '' ? 'gait keys init --out-dir ./gait-out/keys --prefix prod' : `gait keys verify${k.privateKey ? ` --private-key ${shellQuote(k.privateKey)}` : ` --private-key-env ${k.privateKeyEnv}`} --json`;
    return fail('key_config', 'universal', `prod key configuration invalid: ${message}`, fix);
  }
  return pass('key_config', 'universal', 'prod keys load');
}
