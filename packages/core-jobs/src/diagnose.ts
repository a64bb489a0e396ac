import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { decodeEventsText, decodeStateText, jobPaths } from './store.js';

/** The reference's divergence kinds, plus `unreadable_state` for a state or log that does not parse. */
export type DurableIssueKind =
  | 'pending_mutation'
  | 'missing_state_with_events'
  | 'state_ahead_of_event_log'
  | 'event_log_ahead_of_state'
  | 'unreadable_state';

export interface DurableIssue {
  readonly jobId: string;
  readonly kind: DurableIssueKind;
  readonly detail: string;
}

export interface DurableDiagnosis {
  readonly root: string;
  readonly jobsChecked: number;
  readonly issues: readonly DurableIssue[];
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function diagnoseOne(root: string, jobId: string): Promise<DurableIssue[]> {
  const paths = jobPaths(root, jobId);
  // A held lock means a mutation is running now; what it shows is not a divergence.
  if (existsSync(paths.lock)) return [];
  const issue = (kind: DurableIssueKind, detail: string): DurableIssue => ({ jobId, kind, detail });
  const issues: DurableIssue[] = [];
  if (existsSync(paths.pending)) issues.push(issue('pending_mutation', 'a mutation was interrupted before its event was logged'));
  const [stateText, eventsText] = await Promise.all([readOptional(paths.state), readOptional(paths.events)]);
  let lastEvent = 0;
  try {
    lastEvent = eventsText === undefined ? 0 : (decodeEventsText(eventsText, paths.events).at(-1)?.revision ?? 0);
  } catch (error) {
    return [...issues, issue('unreadable_state', (error as Error).message)];
  }
  if (stateText === undefined) {
    if (lastEvent > 0) issues.push(issue('missing_state_with_events', `events up to revision ${lastEvent} but no state.json`));
    return issues;
  }
  let revision: number;
  try {
    revision = decodeStateText(stateText, paths.state).revision;
  } catch (error) {
    return [...issues, issue('unreadable_state', (error as Error).message)];
  }
  if (revision > lastEvent) issues.push(issue('state_ahead_of_event_log', `state revision ${revision}, last event revision ${lastEvent}`));
  if (revision < lastEvent) issues.push(issue('event_log_ahead_of_state', `state revision ${revision}, last event revision ${lastEvent}`));
  return issues;
}

/**
 * Checks every job folder under `root` for a state file and event log that disagree (what a crash
 * or a hand edit can leave). A missing root is healthy: there are no jobs yet.
 */
export async function diagnoseJobs(root: string): Promise<DurableDiagnosis> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { root, jobsChecked: 0, issues: [] };
    throw error;
  }
  const valid = names.filter((name) => {
    try {
      jobPaths(root, name);
      return true;
    } catch {
      return false;
    }
  });
  valid.sort();
  const issues = (await Promise.all(valid.map((name) => diagnoseOne(root, name)))).flat();
  return { root, jobsChecked: valid.length, issues };
}

/** `job:kind` pairs as the reference lists them in its doctor message. */
export function formatDurableIssues(issues: readonly DurableIssue[]): string {
  return issues.map((i) => `${i.jobId}:${i.kind}`).join(',');
}

