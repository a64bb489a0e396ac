/**
 * The proxy's stdio transport to the upstream server: a child process spawned and closed as the
 * SDK `StdioClientTransport` does it, on a `JsonLineTransport` so the lane can take its answers
 * without the schema pass. The SDK spawns through `cross-spawn`, which only differs from Node's
 * `spawn` on Windows (PATHEXT lookup, `.cmd` shims): `connectUpstream` keeps the SDK transport
 * there.
 */
import { type ChildProcess, type IOType, spawn } from 'node:child_process';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { JsonLineTransport, writeLine } from './stdio-lines.js';

export interface StdioChildParams {
  command: string;
  args?: readonly string[];
  /** Added to the SDK's default environment (HOME, LOGNAME, PATH, SHELL, TERM, USER). */
  env?: Record<string, string>;
  /** Default `inherit`: the child's stderr is the operator's. */
  stderr?: IOType;
  cwd?: string;
  /** Wait between the close steps (the SDK's 2 s unless set, e.g. by tests). */
  closeGraceMs?: number;
}

/** The SDK's close sequence: end stdin, then SIGTERM, then SIGKILL, each after this long. */
export const CLOSE_GRACE_MS = 2_000;

/** How the child ended: its exit code, or the signal that ended it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class StdioLineClientTransport extends JsonLineTransport {
  private child: ChildProcess | undefined;
  private started = false;
  private ended: ChildExit | undefined;

  constructor(private readonly params: StdioChildParams) {
    super();
  }

  /** The child's pid once started. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** How the child ended, once it has (before `onclose` is called); undefined while it runs. */
  get exit(): ChildExit | undefined {
    return this.ended;
  }

  /** Resolves once the child is running; rejects if it could not be started. */
  start(): Promise<void> {
    if (this.started) return Promise.reject(new Error('StdioLineClientTransport already started'));
    this.started = true;
    return new Promise<void>((resolve, reject) => {
      const child = spawn(this.params.command, [...(this.params.args ?? [])], {
        env: { ...getDefaultEnvironment(), ...this.params.env },
        stdio: ['pipe', 'pipe', this.params.stderr ?? 'inherit'],
        shell: false,
        windowsHide: process.platform === 'win32',
        ...(this.params.cwd ? { cwd: this.params.cwd } : {}),
      });
      this.child = child;
      child.on('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.on('spawn', () => resolve());
      child.on('close', (code, signal) => {
        this.ended = { code, signal };
        if (this.child === child) this.child = undefined;
        this.onclose?.();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', this.ondata);
      child.stdout?.on('error', (error) => this.onerror?.(error));
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child) {
      const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
      const running = () => child.exitCode === null && child.signalCode === null;
      const grace = () => Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, this.params.closeGraceMs ?? CLOSE_GRACE_MS).unref())]);
      try {
        child.stdin?.end();
      } catch {
        // Already gone: the signals below still apply.
      }
      await grace();
      if (running()) {
        child.kill('SIGTERM');
        await grace();
      }
      if (running()) child.kill('SIGKILL');
    }
    this.clearBuffer();
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (!stdin) return Promise.reject(new Error('Not connected'));
    return writeLine(stdin, message);
  }
}
