import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { intFlag } from '../mcp/family.js';
import { flagOrArgument, keyOption, loadVerifyKeyFromFlags, parseCsv } from '../runpack-support.js';
import { parsePinFlag, registryFamily } from './family.js';

/** `gait registry install`: fetch a signed pack manifest, verify it, and cache and pin it. */
export class RegistryInstallCommand extends GaitCommand {
  static override paths = [['registry', 'install']];
  static override family = registryFamily;
  static override explain = 'Fetch a registry pack manifest, verify signatures and optional pin digest, then cache and pin locally.';
  static override usage = Command.Usage({
    description: 'Install a signed registry pack manifest into the local cache (~/.gait/registry).',
    details: [
      'A public key is always required. Remote sources must be https from a host in --allow-host; downloads are',
      'retried on 429/502/503/504 and network resets, capped at 5 MiB, and never follow redirects. With',
      '--allow-cached-fallback and --pin, a failed download uses the cached copy. Any refusal exits 2.',
    ].join(' '),
    examples: [
      ['Install a local manifest', '$0 registry install ./registry_pack.json --public-key keys/registry_public.key'],
      ['Install from a registry host', '$0 registry install --source https://registry.example/packs/baseline.json --allow-host registry.example --public-key keys/registry_public.key --json'],
    ],
  });

  source = Option.String('--source', { description: 'Manifest path or https URL (or give it as the argument)' });
  cacheDir = Option.String('--cache-dir', { description: 'Cache folder (default ~/.gait/registry)' });
  allowHost = Option.String('--allow-host', { description: 'Hosts remote sources may come from, comma-separated' });
  publisherAllowlist = Option.String('--publisher-allowlist', { description: 'Accepted publishers, comma-separated' });
  pin = Option.String('--pin', { description: 'Expected manifest digest, sha256:<hex>' });
  publicKey = keyOption.publicKey();
  publicKeyEnv = keyOption.publicKeyEnv();
  privateKey = keyOption.privateKey();
  privateKeyEnv = keyOption.privateKeyEnv();
  retryMaxAttempts = Option.String('--retry-max-attempts', { description: 'Download attempts in all (default 3)' });
  retryBaseDelay = Option.String('--retry-base-delay', { description: 'First retry delay, a Go duration (default 200ms)' });
  allowInsecureHttp = Option.Boolean('--allow-insecure-http', false, { description: 'Accept http:// sources (not recommended)' });
  allowCachedFallback = Option.Boolean('--allow-cached-fallback', false, { description: 'Use the cached manifest matching --pin when the download fails' });
  rest = Option.Rest({ name: 'source' });

  protected async run(): Promise<number> {
    const source = flagOrArgument(this.source, this.rest, 'expected --source <path|url>');
    const pin = parsePinFlag(this.pin);
    const attempts = intFlag('retry-max-attempts', this.retryMaxAttempts) ?? 3;
    const { parseGoDuration } = await import('@gait/core-gate');
    const delayNs = parseGoDuration(this.retryBaseDelay ?? '200ms');
    if (delayNs === undefined) throw new InvalidInputError(`invalid value "${this.retryBaseDelay}" for flag -retry-base-delay: parse error`, { code: 'usage' });
    const publicKey = await loadVerifyKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));
    const { installPack, isRemoteSource } = await import('@gait/core-registry');
    const result = await installPack({
      source: isRemoteSource(source) ? source : this.resolvePath(source),
      ...(this.cacheDir === undefined ? {} : { cacheDir: this.resolvePath(this.cacheDir) }),
      ...(this.context.env.HOME === undefined ? {} : { home: this.context.env.HOME }),
      allowHosts: parseCsv(this.allowHost),
      publisherAllowlist: parseCsv(this.publisherAllowlist),
      ...(pin === undefined ? {} : { pin }),
      ...(publicKey === undefined ? {} : { publicKey }),
      retryMaxAttempts: attempts,
      retryBaseDelayMs: Number(delayNs / 1_000_000n),
      allowInsecureHttp: this.allowInsecureHttp,
      allowCachedFallback: this.allowCachedFallback,
    });
    const json = { ...result, source };
    const text = [`registry install ok: ${result.pack_name}@${result.pack_version}`, `digest: sha256:${result.digest}`];
    if (result.fallback_path !== undefined) text.push(`fallback: cached manifest ${result.fallback_path}`);
    return this.emit(json, text);
  }
}
