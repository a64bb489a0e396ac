import { Command } from 'clipanion';
import { PackDiffCommand } from '../pack/diff.js';
import { voiceFamily } from './family.js';

/** `gait voice pack diff`: `gait pack diff`, under the voice family. */
export class VoicePackDiffCommand extends PackDiffCommand {
  static override paths = [['voice', 'pack', 'diff']];
  static override family = voiceFamily;
  static override usage = Command.Usage({
    description: 'Compare two call packs by their member digests and manifests (the same as `gait pack diff`); exit 2 when they differ.',
    examples: [['Diff two call packs', '$0 voice pack diff ./a/pack_1.zip ./b/pack_2.zip --json']],
  });
}
