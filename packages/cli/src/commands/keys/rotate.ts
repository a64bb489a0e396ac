import { Command } from 'clipanion';
import { KeyPairWriterCommand } from './key-pair-writer.js';

/** `gait_20260102T030405Z`: the reference's rotation prefix, UTC to the second. */
export function rotatedPrefix(prefix: string, now: Date): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${prefix}_${stamp}`;
}

export class KeysRotateCommand extends KeyPairWriterCommand {
  static override paths = [['keys', 'rotate']];
  static override explain = 'Rotate signing keys by generating a timestamped keypair while keeping previous keys intact.';
  static override usage = Command.Usage({
    description: 'Rotate signing keys by generating a timestamped keypair while keeping previous keys intact.',
    details: [
      'Writes a new pair as `keys init` does, with the prefix `<prefix>_<UTC time as YYYYMMDDTHHMMSSZ>`.',
      'It never replaces a file: a second rotation within the same second fails. As in the reference,',
      'the text output reads `keys init ok:` and the JSON `prefix` is the timestamped prefix.',
    ].join(' '),
    examples: [
      ['Add gait-out/keys/gait_<time>_{private,public}.key', '$0 keys rotate'],
      ['Rotate the prod keys in keys/', '$0 keys rotate --out-dir keys --prefix prod --json'],
    ],
  });

  protected get overwrite(): boolean {
    return false;
  }

  protected override filePrefix(prefix: string): string {
    return rotatedPrefix(prefix, new Date());
  }
}
