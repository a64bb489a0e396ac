import { join } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { generateKeyPair, keyId, loadSigningKey, writeKeyPairFiles } from '@gait/core-sign';
import type { JsonOutput } from '../../output.js';

/**
 * What the `keys` commands do, loaded only when one of them runs (it pulls in `@gait/core-sign`).
 * Paths are reported as typed and joined (`keys/prod_private.key`); `resolvePath` maps them to
 * the files actually touched.
 */

export interface NewKeyPairOptions {
  readonly outDir: string;
  readonly prefix: string;
  readonly overwrite: boolean;
  /** Turns the validated prefix into the file prefix (`keys rotate` appends a timestamp). */
  readonly prefixForFiles?: (prefix: string) => string;
  readonly resolvePath: (path: string) => string;
}

export interface KeyFilesWritten {
  readonly prefix: string;
  readonly keyId: string;
  readonly privateKeyPath: string;
  readonly publicKeyPath: string;
}

export function writeNewKeyPair(options: NewKeyPairOptions): KeyFilesWritten {
  const outDir = options.outDir.trim();
  if (outDir === '') throw new InvalidInputError('out-dir must not be empty', { code: 'out_dir_empty' });
  const basePrefix = options.prefix.trim();
  if (basePrefix === '') throw new InvalidInputError('prefix must not be empty', { code: 'prefix_empty' });
  const prefix = options.prefixForFiles?.(basePrefix) ?? basePrefix;
  const privateKeyPath = join(outDir, `${prefix}_private.key`);
  const publicKeyPath = join(outDir, `${prefix}_public.key`);
  const keyPair = generateKeyPair();
  // Refuses existing files (private first, then public) unless overwrite, with the reference's message.
  writeKeyPairFiles(options.resolvePath(privateKeyPath), options.resolvePath(publicKeyPath), keyPair, {
    overwrite: options.overwrite,
  });
  return { prefix, keyId: keyId(keyPair.publicKey), privateKeyPath, publicKeyPath };
}

/** `keys init` and `keys rotate` print the same report; rotate also says `keys init ok:`. */
export function keyFilesReport(written: KeyFilesWritten): { json: JsonOutput; text: string } {
  return {
    json: {
      ok: true,
      prefix: written.prefix,
      key_id: written.keyId,
      public_key_path: written.publicKeyPath,
      private_key_path: written.privateKeyPath,
    },
    text: `keys init ok: key_id=${written.keyId} public=${written.publicKeyPath} private=${written.privateKeyPath}`,
  };
}

export interface KeySourcesToVerify {
  readonly privateKeyPath: string;
  readonly privateKeyEnv: string;
  readonly publicKeyPath: string;
  readonly publicKeyEnv: string;
  readonly env: NodeJS.ProcessEnv;
  readonly resolvePath: (path: string) => string;
}

export interface VerifiedKeySources {
  readonly keyId: string;
  /** `path:<path>` or `env:<VAR>`. */
  readonly privateKeySource: string;
  /** `path:<path>`, `env:<VAR>`, or `derived` when only a private key was given. */
  readonly publicKeySource: string;
}

/** Loads the private key in prod mode; a given public key must match it (checked by core-sign). */
export function verifyKeySources(sources: KeySourcesToVerify): VerifiedKeySources {
  const privatePath = sources.privateKeyPath.trim();
  const privateEnv = sources.privateKeyEnv.trim();
  const publicPath = sources.publicKeyPath.trim();
  const publicEnv = sources.publicKeyEnv.trim();
  if (privatePath === '' && privateEnv === '') {
    throw new InvalidInputError('private key source is required (--private-key or --private-key-env)', {
      code: 'private_key_source_missing',
    });
  }
  const { keyPair } = loadSigningKey({
    keyMode: 'prod',
    privateKeyPath: privatePath === '' ? '' : sources.resolvePath(privatePath),
    privateKeyEnv: privateEnv,
    publicKeyPath: publicPath === '' ? '' : sources.resolvePath(publicPath),
    publicKeyEnv: publicEnv,
    env: sources.env,
  });
  return {
    keyId: keyId(keyPair.publicKey),
    privateKeySource: privatePath === '' ? `env:${privateEnv}` : `path:${privatePath}`,
    publicKeySource: publicPath !== '' ? `path:${publicPath}` : publicEnv !== '' ? `env:${publicEnv}` : 'derived',
  };
}
