import { Command, Option } from 'clipanion';
import { GaitCommand } from '../../gait-command.js';
import { registryFamily } from './family.js';

/** `gait registry list`: what the local cache holds, with each pack's pin. */
export class RegistryListCommand extends GaitCommand {
  static override paths = [['registry', 'list']];
  static override family = registryFamily;
  static override explain = 'List cached and pinned registry policy packs from the local registry cache.';
  static override usage = Command.Usage({
    description: 'List cached registry packs: name, version, recomputed digest and whether the pin matches.',
    examples: [['List the default cache', '$0 registry list --json']],
  });

  cacheDir = Option.String('--cache-dir', { description: 'Cache folder (default ~/.gait/registry)' });

  protected async run(): Promise<number> {
    const { listInstalled, resolveCacheDir } = await import('@gait/core-registry');
    const cacheDir = resolveCacheDir(this.cacheDir === undefined ? undefined : this.resolvePath(this.cacheDir), this.context.env.HOME);
    const packs = listInstalled(cacheDir);
    const text = [`registry list ok: ${packs.length} packs`, ...packs.map((p) => `- ${p.pack_name}@${p.pack_version} sha256:${p.digest}`)];
    return this.emit({ ok: true, packs }, text);
  }
}
