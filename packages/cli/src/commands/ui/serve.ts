import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { InvalidInputError } from '@gait/core-errors';

export interface StartUiOptions {
  readonly listen: string;
  readonly workDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly allowNonLoopback: boolean;
  /** Required off loopback; generated when not given there. */
  readonly token?: string;
}

export interface RunningUi {
  readonly server: Server;
  readonly listen: string;
  readonly url: string;
  /** The URL to open: with `#token=…` when a token guards the API (the fragment never reaches logs). */
  readonly openUrl: string;
  readonly token?: string;
  close(): Promise<void>;
}

function splitListen(listen: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]*):(\d+)$/.exec(listen.trim());
  if (match === null) throw new InvalidInputError(`invalid --listen ${JSON.stringify(listen)} (expected host:port)`, { code: 'usage' });
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port: Number(match[2]) };
}

/**
 * Starts the UI server for `gait ui`. Exec requests run `gait` commands in this process through
 * `runCli` with captured output (the engines, never a shell). Loopback only unless
 * allowNonLoopback, and then every API call needs the token.
 */
export async function startUi(options: StartUiOptions): Promise<RunningUi> {
  const listen = options.listen.trim();
  if (listen === '') throw new InvalidInputError('--listen must not be empty', { code: 'usage' });
  const { host, port } = splitListen(listen);
  const ui = await import('@gait/core-ui');
  // As in the reference, an empty host (":7980") is every interface, so not loopback.
  const loopback = host !== '' && ui.isLoopbackHost(host);
  if (!loopback && !options.allowNonLoopback) throw new InvalidInputError('non-loopback --listen requires --allow-non-loopback', { code: 'usage' });
  const given = (options.token ?? '').trim();
  const token = given !== '' ? given : loopback ? undefined : randomBytes(24).toString('hex');
  const { runCli } = await import('../../run-cli.js');
  const server = ui.createUiServer({
    workDir: options.workDir,
    ...(token === undefined ? {} : { token }),
    anyHost: !loopback,
    exec: async (argv) => {
      let stdout = '';
      let stderr = '';
      const exitCode = await runCli(argv, {
        cwd: options.workDir,
        env: options.env,
        stdout: { write: (chunk: string) => (stdout += chunk) },
        stderr: { write: (chunk: string) => (stderr += chunk) },
      });
      return { exitCode, stdout, stderr };
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host === '' ? undefined : host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '' ? '' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const bound = `${shownHost}:${address.port}`;
  const url = `http://${host === '' ? '127.0.0.1' : shownHost}:${address.port}`;
  return {
    server,
    listen: bound,
    url,
    openUrl: token === undefined ? url : `${url}/#token=${token}`,
    ...(token === undefined ? {} : { token }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
