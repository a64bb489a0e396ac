import { readFile } from 'node:fs/promises';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';
import { locate, parseCsv } from '../runpack-support.js';
import { writeOutput } from '../pack/support.js';
import { guardFamily } from './family.js';

/** Flags shared by `guard encrypt` and `guard decrypt`. */
export abstract class GuardCryptoCommand extends GaitCommand {
  static override family = guardFamily;
  input = Option.String('--in', { description: 'Input file' });
  out = Option.String('--out', { description: 'Output file' });
  keyEnv = Option.String('--key-env', { description: 'Environment variable holding the base64 32-byte key' });
  keyCommand = Option.String('--key-command', { description: 'Command that prints the base64 key' });
  keyCommandArgs = Option.String('--key-command-args', { description: 'Arguments for --key-command (comma-separated)' });

  protected async readInput(usage: string): Promise<{ shown: string; data: Buffer }> {
    const shown = (this.input ?? '').trim();
    if (shown === '') throw new InvalidInputError(usage, { code: 'usage' });
    try {
      return { shown, data: await readFile(locate(this.context.cwd, shown).io) };
    } catch (error) {
      throw new InvalidInputError(`read ${shown}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`, { code: 'input_unreadable' });
    }
  }

  protected async key() {
    const { resolveEncryptionKey } = await import('@gait/core-guard');
    return resolveEncryptionKey({ keyEnv: this.keyEnv, keyCommand: this.keyCommand, keyCommandArgs: parseCsv(this.keyCommandArgs), env: this.context.env });
  }
}

/** `gait guard encrypt --in F`: AES-256-GCM envelope (`F.gaitenc`) for storage at rest. */
export class GuardEncryptCommand extends GuardCryptoCommand {
  static override paths = [['guard', 'encrypt']];
  static override label = 'guard encrypt';
  static override explain = 'Encrypt an artifact for local-at-rest storage using env or command key hooks.';
  static override usage = Command.Usage({
    description: 'Encrypt a file with AES-256-GCM into a `gait.guard.encrypted_artifact` envelope.',
    details: 'The key is 32 bytes, standard base64, from `--key-env NAME` or the output of `--key-command`. The default output is `<in>.gaitenc`.',
    examples: [['Encrypt a pack', 'GAIT_KEY=$(openssl rand -base64 32) $0 guard encrypt --in evidence_pack_x.zip --key-env GAIT_KEY']],
  });

  protected async run(): Promise<number> {
    const input = await this.readInput('expected --in <artifact>');
    const key = await this.key();
    const { encryptArtifact, encodeEncryptedArtifact } = await import('@gait/core-guard');
    const artifact = encryptArtifact(input.data, key, { producerVersion: cliVersion });
    const shown = (this.out ?? '').trim() || `${input.shown}.gaitenc`;
    await writeOutput(locate(this.context.cwd, shown).io, encodeEncryptedArtifact(artifact));
    const source = artifact.key_source;
    const json = {
      ok: true,
      path: shown,
      algorithm: artifact.algorithm,
      plain_sha256: artifact.plain_sha256,
      plain_size: artifact.plain_size,
      key_mode: source.mode,
      key_ref: source.mode === 'env' ? source.ref : source.command,
    };
    return this.emit(json, `guard encrypt ok: ${shown}`);
  }
}

/** `gait guard decrypt --in F.gaitenc`: the plaintext, after the GCM tag and the plaintext digest check. */
export class GuardDecryptCommand extends GuardCryptoCommand {
  static override paths = [['guard', 'decrypt']];
  static override label = 'guard decrypt';
  static override explain = 'Decrypt a guard encrypted artifact using the configured key hook and verify payload digest.';
  static override usage = Command.Usage({
    description: 'Decrypt a `.gaitenc` envelope and check the plaintext\'s sha256.',
    details: 'A wrong key or an altered envelope exits 6 and writes nothing. The default output drops `.gaitenc` (else adds `.plain`).',
    examples: [['Decrypt', '$0 guard decrypt --in evidence_pack_x.zip.gaitenc --key-env GAIT_KEY']],
  });

  protected async run(): Promise<number> {
    const input = await this.readInput('expected --in <artifact.gaitenc>');
    const key = await this.key();
    const { decryptArtifact, parseEncryptedArtifact, defaultDecryptOutput } = await import('@gait/core-guard');
    const artifact = parseEncryptedArtifact(input.data.toString('utf8'));
    const plain = decryptArtifact(artifact, key.key);
    const shown = (this.out ?? '').trim() || defaultDecryptOutput(input.shown);
    await writeOutput(locate(this.context.cwd, shown).io, plain);
    const { sha256Hex } = await import('@gait/core-sign');
    return this.emit({ ok: true, path: shown, plain_sha256: sha256Hex(plain), plain_size: plain.length }, `guard decrypt ok: ${shown}`);
  }
}
