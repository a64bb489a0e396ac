import { Command } from 'clipanion';
import { PackInspectCommand } from '../pack/inspect.js';
import { voiceFamily } from './family.js';

/** `gait voice pack inspect`: `gait pack inspect`, under the voice family. */
export class VoicePackInspectCommand extends PackInspectCommand {
  static override paths = [['voice', 'pack', 'inspect']];
  static override family = voiceFamily;
  static override usage = Command.Usage({
    description: "Show a call pack's manifest and call payload (the same as `gait pack inspect`).",
    examples: [['Inspect a call pack', '$0 voice pack inspect ./calls/pack_1234.zip --json']],
  });
}
