/** The decision budget: a decision that is late, whether awaiting or computing, fails closed. */
import { GateTimeoutError } from './errors.js';

export function withinBudget<T>(timeoutMs: number | undefined, work: () => Promise<T>): Promise<T> {
  // Without a budget the decision's own promise is returned as is (no extra async frame).
  if (timeoutMs === undefined) return work();
  return raceBudget(timeoutMs, work);
}

async function raceBudget<T>(timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GateTimeoutError(timeoutMs)), timeoutMs);
    timer.unref();
  });
  try {
    const value = await Promise.race([work(), late]);
    // Synchronous engine work cannot be interrupted by the timer; catch it overrunning here.
    if (performance.now() - started > timeoutMs) throw new GateTimeoutError(timeoutMs);
    return value;
  } finally {
    clearTimeout(timer);
  }
}
