import { join, relative } from 'node:path';
import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';
import { locate } from '../runpack-support.js';
import { writeOutput } from '../pack/support.js';
import { guardFamily } from './family.js';

/** `gait guard retain`: delete traces and evidence packs past their TTL (or only list them). */
export class GuardRetainCommand extends GaitCommand {
  static override paths = [['guard', 'retain']];
  static override family = guardFamily;
  static override label = 'guard retain';
  static override explain = 'Apply deterministic retention policies to trace and evidence pack artifacts and emit a deletion report.';
  static override usage = Command.Usage({
    description: 'Apply retention to `trace_*.json` and `evidence_pack_*`/`incident_pack_*` files under a folder.',
    details: 'TTLs use Go duration syntax (168h, 30m); 0 keeps everything. `--dry-run` reports without deleting. Runpacks, jobs and journals are never touched.',
    examples: [['See what a 7-day trace TTL would delete', '$0 guard retain --root ./gait-out --trace-ttl 168h --dry-run --json']],
  });

  root = Option.String('--root', { description: 'Folder to walk (default .)' });
  traceTtl = Option.String('--trace-ttl', { description: 'Trace TTL (default 168h)' });
  packTtl = Option.String('--pack-ttl', { description: 'Pack TTL (default 720h)' });
  reportOut = Option.String('--report-out', { description: 'Write the retention report (canonical JSON) here' });
  dryRun = Option.Boolean('--dry-run', false, { description: 'Report only; delete nothing' });
  rest = Option.Rest({ name: '' });

  protected async run(): Promise<number> {
    if (this.rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
    const { parseGoDuration } = await import('@gait/core-runpack');
    const { applyRetention, encodeRetentionReport } = await import('@gait/core-guard');
    const root = (this.root ?? '').trim() || '.';
    const report = await applyRetention({
      root: locate(this.context.cwd, root).io,
      traceTtlMs: parseGoDuration((this.traceTtl ?? '').trim() || '168h', '--trace-ttl'),
      packTtlMs: parseGoDuration((this.packTtl ?? '').trim() || '720h', '--pack-ttl'),
      dryRun: this.dryRun,
      producerVersion: cliVersion,
    });
    // Paths are reported as the user named them, not as this process had to open them.
    const io = locate(this.context.cwd, root).io;
    const shown = (p: string) => join(root, relative(io, p));
    const events = (list: typeof report.deleted_files) => list.map((e) => ({ ...e, path: shown(e.path) }));
    const visible = { ...report, root_path: shown(report.root_path), deleted_files: events(report.deleted_files), kept_files: events(report.kept_files) };
    const reportOut = (this.reportOut ?? '').trim();
    if (reportOut !== '') await writeOutput(locate(this.context.cwd, reportOut).io, encodeRetentionReport(visible));
    const json = {
      ok: true,
      root_path: visible.root_path,
      scanned_files: visible.scanned_files,
      deleted_files: visible.deleted_files,
      kept_files: visible.kept_files,
      dry_run: visible.dry_run,
      ...(reportOut ? { report_path: reportOut } : {}),
    };
    return this.emit(json, `guard retain ok: scanned=${report.scanned_files} deleted=${report.deleted_files.length}${this.dryRun ? ' (dry run)' : ''}`);
  }
}
