import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { envelopeDefaults } from '@gait/core-errors';
import { appendLineLocked, writeFileAtomic } from '@gait/core-fsx';

/**
 * The opt-in usage streams every command writes (`GAIT_ADOPTION_LOG`, `GAIT_OPERATIONAL_LOG`,
 * `GAIT_TELEMETRY_HEALTH_PATH`). Kept to `@gait/core-fsx` and `@gait/core-errors` on purpose:
 * loading an engine here would cost every logged command more than the logging itself.
 */
export type TelemetryStream = 'adoption' | 'operational_start' | 'operational_end';

export interface TelemetryContext {
  readonly env: NodeJS.ProcessEnv;
  readonly producerVersion: string;
  readonly command: string;
  readonly correlationId: string;
  /** Where warnings about failed telemetry writes go (never stdout, never the exit code). */
  readonly warn: (line: string) => void;
}

/** Families whose label includes the subcommand (`run record`, `regress init`). */
const FAMILIES = new Set(['gate', 'policy', 'keys', 'trace', 'regress', 'run', 'job', 'pack', 'report', 'scout', 'guard', 'incident', 'registry', 'mcp', 'voice', 'doctor', 'delegate', 'ui']);

/** The reference's telemetry label (`normalizeAdoptionCommand`); argv excludes the program. */
export function commandLabel(argv: readonly string[]): string {
  const first = argv[0];
  if (first === undefined || first === 'version' || first === '--version' || first === '-v') return 'version';
  if (first === '--explain') return 'explain';
  if (first.trim() === '') return 'unknown';
  const sub = argv[1];
  return FAMILIES.has(first) && sub !== undefined && !sub.startsWith('-') ? `${first} ${sub}` : first;
}

/** Activation milestones a successful command reaches: A1 demo, A2 verify, A3 regress init, A4 regress run. */
const MILESTONES: Record<string, string[]> = {
  demo: ['A1'],
  verify: ['A2'],
  'regress init': ['A3'],
  'regress run': ['A4'],
  'regress bootstrap': ['A3', 'A4'],
  tour: ['A1', 'A2', 'A3', 'A4'],
};
export const milestonesOf = (label: string, success: boolean): string[] => (success ? (MILESTONES[label] ?? []) : []);

const setting = (env: NodeJS.ProcessEnv, name: string): string => (env[name] ?? '').trim();

/** Go's `time.Now().UTC()` as RFC3339Nano (trailing zeros trimmed), as the reference's events carry it. */
function nowRfc3339Nano(): string {
  const ms = Date.now();
  const nanos = (ms % 1000) * 1_000_000 + Number(process.hrtime.bigint() % 1_000_000n);
  const fraction = nanos === 0 ? '' : `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
  return `${new Date(ms - (ms % 1000)).toISOString().slice(0, 19)}${fraction}Z`;
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386' };
const environment = () => ({ os: process.platform === 'win32' ? 'windows' : process.platform, arch: GO_ARCH[process.arch] ?? process.arch });

async function recordHealth(ctx: TelemetryContext, stream: TelemetryStream, ok: boolean): Promise<void> {
  const path = setting(ctx.env, 'GAIT_TELEMETRY_HEALTH_PATH');
  if (path === '') return;
  type Counts = { attempts: number; success: number; failed: number };
  let streams: Record<string, Counts> = {};
  try {
    streams = (JSON.parse(await readFile(path, 'utf8')) as { streams?: Record<string, Counts> }).streams ?? {};
  } catch {
    // first write, or an unreadable snapshot: start again
  }
  const s = streams[stream] ?? { attempts: 0, success: 0, failed: 0 };
  streams[stream] = { attempts: s.attempts + 1, success: s.success + (ok ? 1 : 0), failed: s.failed + (ok ? 0 : 1) };
  const sorted = Object.fromEntries(Object.keys(streams).sort().map((k) => [k, streams[k]]));
  mkdirSync(dirname(path), { recursive: true, mode: 0o750 });
  const snapshot = { schema_id: 'gait.scout.telemetry_health', schema_version: '1.0.0', created_at: nowRfc3339Nano(), producer_version: ctx.producerVersion, streams: sorted };
  await writeFileAtomic(path, `${JSON.stringify(snapshot, null, 2)}\n`);
}

/** Appends one record under the reference's append lock; a failure is a stderr warning, never thrown. */
async function write(ctx: TelemetryContext, path: string, stream: TelemetryStream, record: object): Promise<void> {
  let ok = true;
  try {
    await appendLineLocked(path, JSON.stringify(record));
  } catch (error) {
    ok = false;
    if (setting(ctx.env, 'GAIT_TELEMETRY_WARN').toLowerCase() !== 'off') {
      ctx.warn(`gait warning: telemetry stream=${stream} write failed: ${(error as Error).message}`);
    }
  }
  await recordHealth(ctx, stream, ok).catch(() => undefined);
}

async function writeOperational(ctx: TelemetryContext, phase: 'start' | 'end', exitCode: number, elapsedMs: number): Promise<void> {
  const path = setting(ctx.env, 'GAIT_OPERATIONAL_LOG');
  if (path === '') return;
  const category = exitCode === 0 ? 'none' : envelopeDefaults(exitCode).errorCategory;
  await write(ctx, path, phase === 'start' ? 'operational_start' : 'operational_end', {
    schema_id: 'gait.scout.operational_event',
    schema_version: '1.0.0',
    created_at: nowRfc3339Nano(),
    producer_version: ctx.producerVersion,
    correlation_id: ctx.correlationId,
    command: ctx.command,
    phase,
    exit_code: exitCode,
    error_category: category,
    retryable: category === 'network_transient' || category === 'state_contention',
    elapsed_ms: elapsedMs,
    environment: environment(),
  });
}

async function writeAdoption(ctx: TelemetryContext, exitCode: number, elapsedMs: number): Promise<void> {
  const path = setting(ctx.env, 'GAIT_ADOPTION_LOG');
  if (path === '') return;
  const workflow = setting(ctx.env, 'GAIT_ADOPTION_WORKFLOW');
  const milestones = milestonesOf(ctx.command, exitCode === 0);
  await write(ctx, path, 'adoption', {
    schema_id: 'gait.scout.adoption_event',
    schema_version: '1.0.0',
    created_at: nowRfc3339Nano(),
    producer_version: ctx.producerVersion,
    command: ctx.command,
    ...(workflow === '' ? {} : { workflow_id: workflow }),
    success: exitCode === 0,
    exit_code: exitCode,
    elapsed_ms: elapsedMs,
    ...(milestones.length === 0 ? {} : { milestones }),
    environment: environment(),
  });
}

/** Runs one command between an operational start and end event, then writes its adoption event. */
export async function withTelemetry(ctx: TelemetryContext, command: () => Promise<number>): Promise<number> {
  const started = Date.now();
  await writeOperational(ctx, 'start', 0, 0);
  const exitCode = await command();
  const elapsed = Date.now() - started;
  await writeAdoption(ctx, exitCode, elapsed);
  await writeOperational(ctx, 'end', exitCode, elapsed);
  return exitCode;
}
