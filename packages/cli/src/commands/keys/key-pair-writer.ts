import { Option } from 'clipanion';
import { GaitCommand } from '../../gait-command.js';
import { keysFamily } from './family.js';

/**
 * What `keys init` and `keys rotate` share: the `--out-dir`/`--prefix` flags, writing a fresh pair
 * and the report (the reference prints `keys init ok:` for both).
 */
export abstract class KeyPairWriterCommand extends GaitCommand {
  static override family = keysFamily;

  outDir = Option.String('--out-dir', 'gait-out/keys', { description: 'Folder for the key files' });
  prefix = Option.String('--prefix', 'gait', { description: 'File name prefix: <prefix>_private.key, <prefix>_public.key' });

  /** Whether existing key files may be replaced. */
  protected abstract get overwrite(): boolean;

  /** The prefix the files get, from the validated `--prefix`. */
  protected filePrefix(prefix: string): string {
    return prefix;
  }

  protected async run(): Promise<number> {
    const { writeNewKeyPair, keyFilesReport } = await import('./engine.js');
    const written = writeNewKeyPair({
      outDir: this.outDir,
      prefix: this.prefix,
      prefixForFiles: (prefix) => this.filePrefix(prefix),
      overwrite: this.overwrite,
      resolvePath: (path) => this.resolvePath(path),
    });
    const report = keyFilesReport(written);
    return this.emit(report.json, report.text);
  }
}
