/**
 * `Origin` checks for the HTTP fronts, against DNS rebinding (MCP Streamable HTTP transport: servers
 * MUST validate Origin). A page at http://evil.example whose name is made to resolve to 127.0.0.1
 * reaches a loopback server as "same origin", so the browser lets it read the answers; what gives it
 * away is the `Origin` header browsers send on every POST, DELETE and cross-origin request. Requests
 * without the header (curl, the SDK's Node client, other non-browser clients) are not browsers and
 * pass.
 *
 * Allowed by default: origins whose host is a loopback name (`localhost`, `127.x.x.x`, `[::1]`), any
 * scheme and port, i.e. pages served from this machine. More origins can be allowed by name, or
 * every origin with `*`.
 */
import { InvalidInputError } from '@gait/core-errors';
import { isLoopbackHost } from './listen.js';

/** What decides a request's `Origin`: returns why it is refused, or undefined to let it through. */
export type OriginCheck = (origin: string | undefined) => string | undefined;

/** `scheme://host[:port]`, lower-cased, default port dropped; undefined when `text` is not an origin. */
function originKey(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  // `null` (sandboxed frames, file pages) and host-less URLs name no origin that could be allowed.
  if (url.host === '') return undefined;
  return `${url.protocol}//${url.host}`.toLowerCase();
}

function isLoopbackOrigin(text: string): boolean {
  const hostname = new URL(text.trim()).hostname;
  return isLoopbackHost(hostname.startsWith('[') ? hostname.slice(1, -1) : hostname);
}

/** The header value as it goes into a message: quoted, cut short (it is the client's text). */
function shown(origin: string): string {
  return JSON.stringify(origin.length > 200 ? `${origin.slice(0, 200)}…` : origin);
}

/**
 * The check for a server that allows loopback origins and `allowed` (`--allow-origin` values:
 * origins such as `https://app.example:8443`, or `*` for any). Throws a usage error for a value
 * that is not an origin, so a typo does not silently leave browsers locked out.
 */
export function originCheck(allowed: readonly string[] = []): OriginCheck {
  let any = false;
  const named = new Set<string>();
  for (const value of allowed) {
    if (value.trim() === '*') {
      any = true;
      continue;
    }
    const key = originKey(value);
    if (key === undefined) {
      throw new InvalidInputError(`invalid --allow-origin value: ${shown(value)} (expected an origin such as https://app.example, or *)`, { code: 'usage' });
    }
    named.add(key);
  }
  return (origin) => {
    if (origin === undefined || any) return undefined;
    const key = originKey(origin);
    if (key === undefined) return `forbidden origin: ${shown(origin)} is not a valid origin`;
    if (named.has(key) || isLoopbackOrigin(origin)) return undefined;
    return `forbidden origin: ${shown(origin)} is not allowed (loopback origins and --allow-origin only)`;
  };
}
