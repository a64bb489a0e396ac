import { Command } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { PackBuildCommand } from '../pack/build.js';
import { voiceFamily } from './family.js';

/** `gait voice pack build --from <call_record.json>`: `gait pack build --type call`, under the voice family. */
export class VoicePackBuildCommand extends PackBuildCommand {
  static override paths = [['voice', 'pack', 'build']];
  static override family = voiceFamily;
  static override usage = Command.Usage({
    description: 'Build a call pack (`pack_<pack_id>.zip`) from a voice call record; the same as `gait pack build --type call`.',
    details: 'The record names its runpack relative to itself; the pack is written beside the record unless `--out` is given.',
    examples: [['Pack a voice call', '$0 voice pack build --from ./calls/call_demo.json --json']],
  });

  protected override packType(): string {
    const type = (this.type ?? 'call').trim().toLowerCase();
    if (type !== 'call') throw new InvalidInputError('voice pack build only builds call packs (--type call)', { code: 'invalid_pack_type' });
    return type;
  }
}
