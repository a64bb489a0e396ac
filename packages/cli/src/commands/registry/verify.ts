import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, Option } from 'clipanion';
import { cliVersion } from '../../version.js';
import { GaitCommand } from '../../gait-command.js';
import { flagOrArgument, keyOption, loadVerifyKeyFromFlags, omitEmpty, parseCsv } from '../runpack-support.js';
import { registryFamily } from './family.js';

/** `gait registry verify`: re-check a cached manifest's signature, pin and publisher offline. */
export class RegistryVerifyCommand extends GaitCommand {
  static override paths = [['registry', 'verify']];
  static override family = registryFamily;
  static override explain = 'Verify a cached registry manifest signature and optional local pin digest deterministically.';
  static override usage = Command.Usage({
    description: 'Verify a cached registry_pack.json: signature, pin and publisher allowlist. Exit 0 or 2.',
    examples: [['Verify with a report', '$0 registry verify ~/.gait/registry/baseline/1.2.3/<digest>/registry_pack.json --public-key keys/registry_public.key --report-out report.json']],
  });

  packPath = Option.String('--path', { description: 'registry_pack.json (or give it as the argument)' });
  cacheDir = Option.String('--cache-dir', { description: 'Cache folder holding the pins (default: inferred from the path)' });
  publisherAllowlist = Option.String('--publisher-allowlist', { description: 'Accepted publishers, comma-separated' });
  reportOut = Option.String('--report-out', { description: 'Write a gait.registry.verification_report here' });
  publicKey = keyOption.publicKey();
  publicKeyEnv = keyOption.publicKeyEnv();
  privateKey = keyOption.privateKey();
  privateKeyEnv = keyOption.privateKeyEnv();
  rest = Option.Rest({ name: 'registry_pack.json' });

  protected async run(): Promise<number> {
    const path = flagOrArgument(this.packPath, this.rest, 'expected --path <registry_pack.json>');
    const publicKey = await loadVerifyKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));
    const registry = await import('@gait/core-registry');
    const result = registry.verifyInstalledPack(this.resolvePath(path), {
      ...(this.cacheDir === undefined ? {} : { cacheDir: this.resolvePath(this.cacheDir) }),
      publisherAllowlist: parseCsv(this.publisherAllowlist),
      ...(publicKey === undefined ? {} : { publicKey }),
    });
    const reportOut = (this.reportOut ?? '').trim();
    if (reportOut !== '') {
      const { goTimeNow, goMarshalIndent } = await import('@gait/core-runpack');
      const { writeFileAtomic } = await import('@gait/core-fsx');
      const report = registry.verificationReport(result, { createdAt: goTimeNow(), producerVersion: cliVersion });
      const target = this.resolvePath(reportOut);
      mkdirSync(dirname(target), { recursive: true, mode: 0o750 });
      await writeFileAtomic(target, goMarshalIndent(report), { mode: 0o600 });
    }
    const { publisher_checked: _checked, ...fields } = result;
    // The reference's CLI output drops false booleans (omitempty); the report file keeps them.
    const json = { ...omitEmpty(fields), ok: result.ok, ...(reportOut === '' ? {} : { report_path: reportOut }) };
    const text = result.ok
      ? [`registry verify ok: ${result.pack_name}@${result.pack_version} sha256:${result.digest}`, ...(result.publisher ? [`publisher: ${result.publisher}`] : []), ...(reportOut ? [`report: ${reportOut}`] : [])]
      : [`registry verify failed: ${result.signature_error ?? `pin mismatch for ${result.pack_name}`}`];
    return this.emit(json, text, result.ok ? 0 : 2);
  }
}
