import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RegistryInstallError } from './errors.js';

/** The reference's limits for a remote manifest. */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;
export const DOWNLOAD_TIMEOUT_MS = 20_000;
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

export interface RemoteFetchOptions {
  /** Lower-cased host names a remote source may come from; required for any remote source. */
  readonly allowHosts: readonly string[];
  readonly allowInsecureHttp?: boolean;
  /** Attempts in all (default 3, at least 1). */
  readonly retryMaxAttempts?: number;
  /** First retry delay in ms (default 200); doubled each attempt, plus min(attempt·25, 100) ms. */
  readonly retryBaseDelayMs?: number;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** Extra trusted CA certificates (PEM), e.g. a private registry's or a test server's. */
  readonly ca?: string | readonly string[];
  /** Waits between attempts; tests pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export function isRemoteSource(source: string): boolean {
  const lower = source.trim().toLowerCase();
  return lower.startsWith('http://') || lower.startsWith('https://');
}

/** Checks scheme and host before any byte is fetched. */
export function checkRemoteSource(source: string, options: Pick<RemoteFetchOptions, 'allowHosts' | 'allowInsecureHttp'>): URL {
  let url: URL;
  try {
    url = new URL(source.trim());
  } catch {
    throw new RegistryInstallError(`invalid remote source url: ${source}`, { code: 'registry_source_invalid' });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowInsecureHttp === true)) {
    throw new RegistryInstallError('remote source requires https', { code: 'registry_source_insecure' });
  }
  const allowed = options.allowHosts.map((host) => host.trim().toLowerCase()).filter((host) => host !== '');
  if (allowed.length === 0) throw new RegistryInstallError('remote source requires --allow-host', { code: 'registry_host_allowlist_missing' });
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (!allowed.includes(host)) throw new RegistryInstallError(`source host ${host} is not in allowlist`, { code: 'registry_host_not_allowed' });
  return url;
}

class DownloadFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

function isRetryableNetworkError(error: NodeJS.ErrnoException): boolean {
  const text = `${error.code ?? ''} ${error.message}`.toLowerCase();
  return ['econnreset', 'econnrefused', 'etimedout', 'timeout', 'connection reset', 'connection refused', 'unexpected eof', 'socket hang up'].some((w) =>
    text.includes(w),
  );
}

/**
 * One GET. Redirects are refused (the reference's client would follow them past the host
 * allowlist; we fail closed instead). The body is cut off as soon as it passes the cap.
 */
function getOnce(url: URL, options: RemoteFetchOptions): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? MAX_MANIFEST_BYTES;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const ca = options.ca === undefined ? undefined : typeof options.ca === 'string' ? options.ca : [...options.ca];
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', timeout: options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS, ...(ca === undefined ? {} : { ca }) }, (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) {
        res.resume();
        reject(new DownloadFailure(`unexpected status ${status}`, RETRY_STATUSES.has(status)));
        return;
      }
      const declared = Number(res.headers['content-length'] ?? '0');
      if (declared > maxBytes) {
        reject(new DownloadFailure('payload too large', false));
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          // Reject first: destroying the stream fires 'aborted', and the first settlement wins.
          reject(new DownloadFailure('payload too large', false));
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
      res.on('aborted', () => reject(new DownloadFailure('unexpected EOF', true)));
      res.on('error', (error: NodeJS.ErrnoException) => reject(new DownloadFailure(error.message, isRetryableNetworkError(error))));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout awaiting response'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => reject(new DownloadFailure(error.message, isRetryableNetworkError(error))));
    req.end();
  });
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Downloads a remote manifest with bounded retries for transient failures. */
export async function downloadManifest(source: string, options: RemoteFetchOptions): Promise<Uint8Array> {
  const url = checkRemoteSource(source, options);
  const attempts = Math.max(1, options.retryMaxAttempts ?? 3);
  const base = Math.max(0, options.retryBaseDelayMs ?? 200);
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await getOnce(url, options);
    } catch (error) {
      const failure = error instanceof DownloadFailure ? error : new DownloadFailure(String(error), false);
      if (!failure.retryable || attempt >= attempts) {
        throw new RegistryInstallError(`download source: ${failure.message}`, { code: 'registry_download_failed', details: { attempts: attempt } });
      }
      await sleep(base * 2 ** (attempt - 1) + Math.min(attempt * 25, 100));
    }
  }
}

export async function readLocalManifest(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new RegistryInstallError(`read source: ${error instanceof Error ? error.message : String(error)}`, { code: 'registry_source_unreadable' });
  }
}
