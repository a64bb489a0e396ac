import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'clipanion';
import { InvalidInputError, VerificationError } from '@gait/core-errors';
import { GaitCommand } from '../gait-command.js';
import { bundlePath, omitEmpty } from './runpack-support.js';

const DEMO_NEXT = [
  'gait verify run_demo --json',
  'gait regress bootstrap --from run_demo --json --junit ./gait-out/junit.xml',
  'gait demo --durable',
  'gait demo --policy',
];
const METRICS_OPT_IN = 'export GAIT_ADOPTION_LOG=./gait-out/adoption.jsonl';

/** `gait demo`: a newcomer's first minute — write a deterministic runpack, verify it, show how to share it. */
export class DemoCommand extends GaitCommand {
  static override paths = [['demo']];
  static override explain = 'Run a fully offline deterministic demo and emit a shareable runpack receipt for verification.';
  static override usage = Command.Usage({
    description: 'Write the built-in demo runpack to ./gait-out, verify it offline and print its ticket footer.',
    details: [
      'Fully offline and deterministic: the runpack (three tool calls, their results and context receipts) is',
      'identical on every machine, and identical to the one Go gait 1.4.0 writes, so its manifest digest matches.',
      'Then try `gait verify run_demo`.',
    ].join(' '),
    examples: [
      ['Run the demo', '$0 demo'],
      ['Run it with JSON output', '$0 demo --json'],
    ],
  });

  durable = Option.Boolean('--durable', false, { description: 'Durable job demo: a job paused for approval, approved, resumed and completed' });
  policy = Option.Boolean('--policy', false, { description: 'Policy block demo (not available in this build)' });
  rest = Option.Rest({ name: 'none' });

  protected async run(): Promise<number> {
    const started = Date.now();
    if (this.rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    if (this.durable && this.policy) throw new InvalidInputError('choose only one mode: --durable or --policy', { code: 'usage' });
    if (this.durable) {
      const { durableDemoOutput } = await import('./job/demo-durable.js');
      const durable = await durableDemoOutput(this.context.cwd, started);
      return this.emit(durable.json, durable.text);
    }
    if (this.policy) {
      throw new InvalidInputError('gait demo --policy is not available in this build yet; run gait demo', {
        code: 'demo_mode_unavailable',
      });
    }
    const { buildDemoRunpack, verifyRunpack, writeRunpackBytes, ticketFooter, DEMO_RUN_ID } = await import('@gait/core-runpack');
    const shown = 'gait-out/runpack_run_demo.zip';
    const io = join(this.context.cwd, shown);
    mkdirSync(join(this.context.cwd, 'gait-out'), { recursive: true, mode: 0o750 });
    const demo = buildDemoRunpack();
    await writeRunpackBytes(io, demo.zip);
    const verified = await verifyRunpack(io);
    if (!verified.ok) throw new VerificationError('verification failed', { code: 'demo_verification_failed' });
    const footer = ticketFooter(DEMO_RUN_ID, demo.runpack.manifest.manifest_digest);
    const json = {
      ok: true,
      mode: 'standard',
      run_id: DEMO_RUN_ID,
      bundle: bundlePath(shown),
      ticket_footer: footer,
      verify: 'ok',
      next_commands: DEMO_NEXT,
      metrics_opt_in: METRICS_OPT_IN,
      ...omitEmpty({ duration_ms: Date.now() - started }),
    };
    const text = [
      'mode=standard',
      `run_id=${DEMO_RUN_ID}`,
      `bundle=${bundlePath(shown)}`,
      `ticket_footer=${footer}`,
      'verify=ok',
      `next=${DEMO_NEXT.join(',')}`,
      `metrics_opt_in=${METRICS_OPT_IN}`,
    ];
    return this.emit(json, text);
  }
}
