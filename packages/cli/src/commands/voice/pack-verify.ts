import { Command } from 'clipanion';
import { PackVerifyCommand } from '../pack/verify.js';
import { voiceFamily } from './family.js';

/** `gait voice pack verify`: `gait pack verify`, under the voice family. */
export class VoicePackVerifyCommand extends PackVerifyCommand {
  static override paths = [['voice', 'pack', 'verify']];
  static override family = voiceFamily;
  static override usage = Command.Usage({
    description: 'Verify a call pack offline (the same as `gait pack verify`): member digests, the pack id, the call contract, proof records and signatures.',
    examples: [['Verify a call pack', '$0 voice pack verify ./calls/pack_1234.zip --json']],
  });
}
