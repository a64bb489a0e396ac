import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sha256Hex } from '@gait/core-sign';

/** Output of a shell step is capped before digesting, as in the reference. */
const MAX_SHELL_OUTPUT = 64 * 1024;
const SHELL_TIMEOUT_MS = 5_000;

type RealTool = (args: Record<string, unknown>) => string;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * The only tools a real replay can run. Each returns the string whose sha256 becomes the step's
 * result digest; a thrown error becomes status `error` with the digest of its message.
 */
const REAL_TOOLS: Record<string, RealTool> = {
  echo: (args) => text(args.message).trim() || 'echo',
  'file.write': (args) => {
    const path = text(args.path);
    if (path === '') throw new Error('file.write requires args.path');
    const content = text(args.content);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return content;
  },
  'shell.exec': (args) => {
    const command = text(args.command);
    if (command === '') throw new Error('shell.exec requires args.command');
    const run = spawnSync('sh', ['-lc', command], { timeout: SHELL_TIMEOUT_MS, encoding: 'buffer', maxBuffer: 16 * MAX_SHELL_OUTPUT });
    if (run.error) throw run.error;
    const output = Buffer.concat([run.stdout ?? Buffer.alloc(0), run.stderr ?? Buffer.alloc(0)]).subarray(0, MAX_SHELL_OUTPUT).toString('utf8');
    if (run.status !== 0) throw new Error(`exit status ${run.status ?? run.signal}: ${output}`);
    return output;
  },
};
const ALIASES: Record<string, string> = {
  echo: 'echo', 'tool.echo': 'echo',
  'file.write': 'file.write', 'fs.write': 'file.write', write_file: 'file.write',
  'shell.exec': 'shell.exec', exec: 'shell.exec', 'command.run': 'shell.exec',
};

export function realToolFor(toolName: string): RealTool | undefined {
  const name = ALIASES[toolName.trim().toLowerCase()];
  return name ? REAL_TOOLS[name] : undefined;
}

/** Runs one real tool; never throws. */
export function executeRealTool(tool: RealTool, args: Record<string, unknown>): { status: 'ok' | 'error'; result_digest: string } {
  try {
    return { status: 'ok', result_digest: sha256Hex(tool(args)) };
  } catch (error) {
    return { status: 'error', result_digest: sha256Hex((error as Error).message) };
  }
}
