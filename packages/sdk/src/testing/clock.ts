/** Clocks for deterministic artifacts. */
import { InvalidInputError } from '@gait/core-errors';

function dateOf(iso: string | Date): Date {
  const date = iso instanceof Date ? new Date(iso.getTime()) : new Date(iso);
  if (Number.isNaN(date.getTime())) throw new InvalidInputError(`fixedClock needs an ISO-8601 time such as 2026-02-11T00:00:00Z, got ${String(iso)}`, { code: 'clock_invalid' });
  return date;
}

/** A clock that always reads `iso`: traces get fixed `created_at`/`observed_at` and no latency. */
export function fixedClock(iso: string | Date = '2026-02-11T00:00:00Z'): () => Date {
  const ms = dateOf(iso).getTime();
  return () => new Date(ms);
}

export interface SteppingClock {
  (): Date;
  /** Moves the clock forward. */
  advance(ms: number): void;
  set(iso: string | Date): void;
}

/** A clock that stands still until the test moves it (expiry, rate-limit windows). */
export function manualClock(iso: string | Date = '2026-02-11T00:00:00Z'): SteppingClock {
  let ms = dateOf(iso).getTime();
  const clock = (() => new Date(ms)) as SteppingClock;
  clock.advance = (delta: number) => {
    ms += delta;
  };
  clock.set = (next: string | Date) => {
    ms = dateOf(next).getTime();
  };
  return clock;
}
