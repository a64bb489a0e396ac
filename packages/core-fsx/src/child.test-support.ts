/**
 * Helpers for tests that need real separate processes (lock exclusion, O_APPEND, time zones).
 * A child cannot load TypeScript sources, so it imports the package's built `dist/` (turbo builds
 * it before `test`). Tests that use it are skipped, with a printed reason, when there is no build.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const distEntry = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
export const hasDist = existsSync(distEntry);

export function announceNoDist(what: string): void {
  if (!hasDist) console.warn(`[skipped] ${what}: no build at ${distEntry}; run \`pnpm turbo run build --filter=@gait/core-fsx\``);
}

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly pid: number;
}

export interface StartedChild {
  readonly pid: number;
  readonly result: Promise<ChildResult>;
  /** Resolves once the child has written `text` to stdout. */
  readonly printed: (text: string) => Promise<void>;
  readonly kill: (signal: NodeJS.Signals) => void;
}

/**
 * Starts an ES module snippet in a fresh `node`. The snippet sees `fsx` (the built package) and
 * `args` (the JSON value passed in).
 */
export function startChild(source: string, args: unknown, env: Record<string, string> = {}): StartedChild {
  const program = `const fsx = await import(${JSON.stringify(pathToFileURL(distEntry).href)});\nconst args = ${JSON.stringify(args)};\n${source}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of waiters) if (stdout.includes(w.text)) w.resolve();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<ChildResult>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr, pid: child.pid ?? -1 }));
  });
  return {
    pid: child.pid ?? -1,
    result,
    printed: (text) =>
      new Promise<void>((resolvePrinted, reject) => {
        if (stdout.includes(text)) return resolvePrinted();
        waiters.push({ text, resolve: resolvePrinted });
        void result.then((r) => reject(new Error(`child exited (${r.code ?? r.signal}) before printing ${text}: ${r.stderr}`)));
      }),
    kill: (signal) => child.kill(signal),
  };
}

export function runChild(source: string, args: unknown, env: Record<string, string> = {}): Promise<ChildResult> {
  return startChild(source, args, env).result;
}
