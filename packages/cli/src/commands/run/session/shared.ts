import { InvalidInputError } from '@gait/core-errors';

/** The reference's text sanitiser: control characters dropped, whitespace runs collapsed to one space. */
export function sanitize(value: string): string {
  return value
    .replace(/[\n\r\t]/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function requireJournal(journal: string | undefined, message = '--journal is required'): string {
  const value = (journal ?? '').trim();
  if (value === '') throw new InvalidInputError(message, { code: 'usage' });
  return value;
}

export function noPositionals(rest: readonly string[]): void {
  if (rest.length > 0) throw new InvalidInputError('unexpected positional arguments', { code: 'usage' });
}

export function statusLines(operation: string, journal: string, status: { session_id: string; run_id: string; event_count: number; checkpoint_count: number; last_sequence: number }): string[] {
  return [
    `session ${operation}: session_id=${sanitize(status.session_id)} run_id=${sanitize(status.run_id)} events=${status.event_count} checkpoints=${status.checkpoint_count} last_sequence=${status.last_sequence}`,
    `journal: ${sanitize(journal)}`,
  ];
}

export const sessionLabel = (operation: string) => `run session ${operation}`;
