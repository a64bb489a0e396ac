import { InvalidInputError } from '@gait/core-errors';

/** The `gait mcp` family (cli.md §3.18): the reference prints the family sentence for `--explain`. */
export const mcpFamily = {
  name: 'mcp',
  explain: 'Proxy tool-call protocol payloads through Gate policy evaluation and emit signed traces with optional exports.',
  usageNotes: ['serve endpoints: POST /v1/evaluate, POST /v1/evaluate/sse, POST /v1/evaluate/stream'],
};

/** Resolves when the process is asked to stop (Ctrl-C or a service manager). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** An integer flag, or undefined when not given (range checks are the caller's). */
export function intFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  if (!Number.isInteger(n)) throw new Error(`invalid value "${value}" for flag -${name}: parse error`);
  return n;
}

/** `intFlag`, with a value that is not an integer reported as a usage error (exit 6). */
export function usageIntFlag(name: string, value: string | undefined): number | undefined {
  try {
    return intFlag(name, value);
  } catch (error) {
    throw new InvalidInputError((error as Error).message, { code: 'usage' });
  }
}
