import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '@gait/core-errors';
import { goTimeNow } from '@gait/core-runpack';

interface AdoptionEvent {
  readonly created_at: string;
  readonly command: string;
  readonly success: boolean;
  readonly elapsed_ms: number;
  readonly workflow_id?: string;
  readonly milestones?: readonly string[];
}

const MILESTONES = ['A1', 'A2', 'A3', 'A4', 'E1', 'E2', 'E3'] as const;
const ACTIVATION: Record<string, string> = { A1: 'gait demo', A2: 'gait verify run_demo', A3: 'gait regress init --from run_demo', A4: 'gait regress run' };

export interface AdoptionReport {
  readonly schema_id: 'gait.doctor.adoption_report';
  readonly schema_version: '1.0.0';
  readonly created_at: string;
  readonly producer_version: string;
  readonly source: string;
  readonly total_events: number;
  readonly success_events: number;
  readonly failed_events: number;
  readonly first_event_at?: string;
  readonly last_event_at?: string;
  readonly commands: readonly { command: string; total: number; success: number; failure: number }[];
  readonly milestones: readonly { name: string; achieved: boolean }[];
  readonly activation_timing_ms?: Readonly<Record<string, number>>;
  readonly activation_complete: boolean;
  readonly blockers?: readonly string[];
}

function parseEvents(text: string, source: string): AdoptionEvent[] {
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InvalidInputError(`${source}:${i + 1}: invalid adoption event: ${(error as Error).message}`, { code: 'invalid_adoption_event' });
    }
    const e = value as Partial<AdoptionEvent>;
    if (typeof e.command !== 'string' || typeof e.success !== 'boolean' || typeof e.created_at !== 'string') {
      throw new InvalidInputError(`${source}:${i + 1}: invalid adoption event: command, success and created_at are required`, { code: 'invalid_adoption_event' });
    }
    return [{ ...e, elapsed_ms: typeof e.elapsed_ms === 'number' ? e.elapsed_ms : 0 } as AdoptionEvent];
  });
}

/**
 * `gait doctor adoption --from <events.jsonl>`: how far a user got through activation (demo,
 * verify, regress init, regress run), per-command tallies, and what to run next.
 */
export async function adoptionReport(source: string, producerVersion = '0.0.0-dev'): Promise<AdoptionReport> {
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`read adoption log ${source}: ${(error as Error).message}`, { code: 'adoption_log_unreadable' });
  }
  const events = parseEvents(text, source).sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  const tally = new Map<string, { command: string; total: number; success: number; failure: number }>();
  const reached = new Map<string, number>();
  let elapsedSoFar = 0;
  for (const event of events) {
    const t = tally.get(event.command) ?? { command: event.command, total: 0, success: 0, failure: 0 };
    t.total++;
    if (event.success) t.success++;
    else t.failure++;
    tally.set(event.command, t);
    elapsedSoFar += event.elapsed_ms;
    for (const m of event.success ? (event.milestones ?? []) : []) if (!reached.has(m)) reached.set(m, elapsedSoFar);
  }
  const blockers = Object.entries(ACTIVATION).filter(([m]) => !reached.has(m)).map(([m, cmd]) => `missing ${m}: run \`${cmd}\``);
  const timing = Object.fromEntries(Object.keys(ACTIVATION).filter((m) => reached.has(m)).map((m) => [m, reached.get(m)!]));
  return {
    schema_id: 'gait.doctor.adoption_report',
    schema_version: '1.0.0',
    created_at: goTimeNow(),
    producer_version: producerVersion,
    source,
    total_events: events.length,
    success_events: events.filter((e) => e.success).length,
    failed_events: events.filter((e) => !e.success).length,
    ...(events.length === 0 ? {} : { first_event_at: events[0]!.created_at, last_event_at: events.at(-1)!.created_at }),
    commands: [...tally.values()].sort((a, b) => (a.command < b.command ? -1 : 1)),
    milestones: MILESTONES.map((name) => ({ name, achieved: reached.has(name) })),
    ...(Object.keys(timing).length === 0 ? {} : { activation_timing_ms: timing }),
    activation_complete: blockers.length === 0,
    ...(blockers.length === 0 ? {} : { blockers }),
  };
}
