import { dirname, join } from 'node:path';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { cliVersion } from '../../version.js';
import { locate, locateRunpack } from '../runpack-support.js';
import { PackCommand } from './family.js';
import { signingKeyFromFlags, signingOption, writeOutput } from './support.js';

/** `gait pack build --type run|job|call --from X`: a PackSpec pack of a run, a durable job or a voice call. */
export class PackBuildCommand extends PackCommand {
  static override paths = [['pack', 'build']];
  static override label = 'pack build';
  static override usage = Command.Usage({
    description: 'Build a PackSpec v1 pack (`pack_<pack_id>.zip`) from a runpack, a durable job or a voice call record.',
    details: [
      'Run packs hold the run payload, the runpack itself and its context envelope; job packs hold the job payload,',
      'state and events; call packs hold the call payload, its events, commitments, gate decisions, speak receipts,',
      'reference digests and runpack. All carry hash-chained proof records. Unsigned by default; `--private-key` or',
      '`--key-mode dev` signs. The default output is beside the runpack (run), in ./gait-out (job), or beside the call',
      'record (call).',
    ].join(' '),
    examples: [
      ['Pack a run', '$0 pack build --type run --from run_demo --json'],
      ['Pack a job', '$0 pack build --type job --from job_demo_durable --json'],
      ['Pack a voice call', '$0 pack build --type call --from ./calls/call_demo.json --json'],
    ],
  });
  protected readonly operation = 'build';

  type = Option.String('--type', { description: 'run (default), job or call' });
  from = Option.String('--from', { description: 'Run id, runpack or session chain path; job id, folder or state.json; call record JSON' });
  out = Option.String('--out', { description: 'Output zip path' });
  jobRoot = Option.String('--job-root', { description: 'Folder of jobs (default ./gait-out/jobs)' });
  keyMode = signingOption.keyMode('none');
  privateKey = signingOption.privateKey();
  privateKeyEnv = signingOption.privateKeyEnv();
  rest = Option.Rest({ name: 'from' });

  /** The pack type, from `--type`; `gait voice pack build` fixes it to `call`. */
  protected packType(): string {
    const type = (this.type ?? 'run').trim().toLowerCase();
    if (type !== 'run' && type !== 'job' && type !== 'call') throw new InvalidInputError('--type must be run, job, or call', { code: 'invalid_pack_type' });
    return type;
  }

  protected async run(): Promise<number> {
    const type = this.packType();
    const from = this.pathArgument(this.from, this.rest, '--from is required');
    const signing = await signingKeyFromFlags(this, 'none', this.context.env, (p) => this.resolvePath(p));
    const options = { producerVersion: cliVersion, ...(signing.keyPair ? { signingKey: signing.keyPair } : {}) };
    const engine = await import('@gait/core-pack');
    let built;
    let defaultDir: string;
    if (type === 'run') {
      const source = await this.runSource(from);
      built = await engine.buildRunPack(source.io, options);
      defaultDir = dirname(source.shown);
    } else if (type === 'job') {
      built = engine.buildJobPack(await engine.readJobSource(this.jobSource(from)), options);
      defaultDir = 'gait-out';
    } else {
      // Call packs go beside their call record (artifacts.md §6.1), which names its runpack relative to itself.
      const record = locate(this.context.cwd, from);
      built = await engine.buildCallPack(record.io, options);
      defaultDir = dirname(record.shown);
    }
    const shown = (this.out ?? '').trim() || join(defaultDir, `pack_${built.packId}.zip`);
    await writeOutput(locate(this.context.cwd, shown).io, built.zip);
    const json = this.envelope({
      ok: true,
      path: shown,
      pack_id: built.packId,
      pack_type: built.manifest.pack_type,
      source_ref: built.manifest.source_ref,
      ...(signing.warnings.length ? { warnings: signing.warnings } : {}),
    });
    return this.emit(json, [`pack build ok: ${shown} (${built.manifest.pack_type})`, ...(signing.warnings.length ? [`warnings: ${signing.warnings.join('; ')}`] : [])]);
  }

  /** A session chain (`*.json`) stands for its latest checkpoint's runpack, resolved from the cwd as the reference does. */
  private async runSource(from: string) {
    if (from.toLowerCase().endsWith('.json')) {
      const { readSessionChain } = await import('@gait/core-runpack');
      const chain = await readSessionChain(locate(this.context.cwd, from).io);
      const latest = chain.checkpoints.at(-1);
      if (!latest) throw new InvalidInputError(`session chain ${from} has no checkpoints`, { code: 'chain_empty' });
      return locate(this.context.cwd, latest.runpack_path);
    }
    return locateRunpack(this.context.cwd, from);
  }

  /** A job folder or `state.json` path, else a job id under `--job-root`. */
  private jobSource(from: string): string {
    if (from.includes('/') || from.includes('\\') || from.endsWith('.json')) return locate(this.context.cwd, from).io;
    return locate(this.context.cwd, join((this.jobRoot ?? '').trim() || './gait-out/jobs', from)).io;
  }
}
