/**
 * A running forwarding proxy: upstream connection, gate, and the client-facing side (stdio, or
 * Streamable HTTP on a loopback address by default).
 */
import type { Readable, Writable } from 'node:stream';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ListenAddress } from '../http/listen.js';
import { CallGate, type CallGateOptions } from './call-gate.js';
import { createGatedServer, interceptToolCalls, laneFor } from './gated-server.js';
import { type HttpFront, startHttpFront } from './http-front.js';
import { originCheck } from '../http/origin.js';
import { type HttpLane, httpLane } from './http-lane.js';
import { type ChildExit, StdioLineClientTransport } from './stdio-client-transport.js';
import { StdioLineServerTransport } from './stdio-server-transport.js';
import { type DecisionEvent, ToolForwarder } from './tool-forwarder.js';
import { type UpstreamSpec, connectUpstream } from './upstream.js';

export type DownstreamSpec =
  | { kind: 'stdio'; stdin?: Readable; stdout?: Writable }
  /** An already-made transport (tests, embedding). */
  | { kind: 'transport'; transport: Transport }
  | {
      kind: 'http';
      listen: ListenAddress;
      path?: string;
      maxRequestBytes?: number;
      maxConcurrent?: number;
      bearerToken?: string;
      /** Browser origins served besides loopback pages (`*`: any); others get 403. */
      allowOrigins?: readonly string[];
    };

export interface ProxyOptions extends CallGateOptions {
  upstream: UpstreamSpec | { kind: 'client'; client: Client };
  downstream: DownstreamSpec;
  hideBlockedTools?: boolean;
  onDecision?: (event: DecisionEvent) => void;
}

/** Why a proxy stopped serving. */
export type ProxyEnd =
  /** The client side went away: its stdin ended (after every call taken was answered), or its transport closed. */
  | { cause: 'client' }
  /** `close()` was called. */
  | { cause: 'close' }
  /**
   * The upstream went away without being asked to. Calls in flight were answered with a JSON-RPC
   * error and no further call was taken. `exit` says how a stdio upstream's process ended.
   */
  | { cause: 'upstream'; exit?: ChildExit };

export interface RunningProxy {
  gate: CallGate;
  upstream: Client;
  /** The HTTP endpoint when the client side is HTTP. */
  url: string | undefined;
  /** Resolves, with the reason, when the proxy has stopped serving: the owner then calls `close()`. */
  closed: Promise<ProxyEnd>;
  /** Stops serving, waits for traces still being written, and rejects if any could not be written. */
  close(): Promise<void>;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const gate = new CallGate(options);
  // Bad flags fail before an upstream process is started.
  if (options.downstream.kind === 'http') originCheck(options.downstream.allowOrigins);
  const upstream = options.upstream.kind === 'client' ? options.upstream.client : await connectUpstream(options.upstream, 'gait-mcp-proxy', options.producerVersion);
  // Allowed calls go to an HTTP upstream on the proxy's own kept-alive sockets, in the session
  // the SDK client opened; other upstreams share the client's transport.
  const fastHttp: HttpLane | undefined =
    options.upstream.kind === 'http' && upstream.transport instanceof StreamableHTTPClientTransport
      ? httpLane({ url: new URL(options.upstream.url), transport: upstream.transport, ...(options.upstream.headers ? { headers: options.upstream.headers } : {}) })
      : undefined;
  const forwarder = new ToolForwarder(gate, fastHttp ?? laneFor(upstream), options.onDecision);
  const makeServer = () =>
    createGatedServer({
      upstream,
      gate,
      forwarder,
      ...(options.hideBlockedTools ? { hideBlockedTools: true } : {}),
      ...(options.producerVersion ? { version: options.producerVersion } : {}),
    });
  let front: HttpFront | undefined;
  let single: ReturnType<typeof makeServer> | undefined;
  let lines: StdioLineServerTransport | undefined;
  /**
   * The first reason to stop wins: an upstream gone stays the reason while its calls are answered,
   * and once the proxy is stopping, the upstream closing is no loss.
   */
  let end: ProxyEnd | undefined;
  let markClosed!: (end: ProxyEnd) => void;
  const closed = new Promise<ProxyEnd>((resolve) => (markClosed = resolve));
  const stopped = (reason: ProxyEnd) => markClosed((end ??= reason));

  try {
    if (options.downstream.kind === 'http') {
      const d = options.downstream;
      front = await startHttpFront({
        listen: d.listen,
        makeServer,
        forwarder,
        ...(d.path ? { path: d.path } : {}),
        ...(d.maxRequestBytes ? { maxRequestBytes: d.maxRequestBytes } : {}),
        ...(d.maxConcurrent ? { maxConcurrent: d.maxConcurrent } : {}),
        ...(d.bearerToken !== undefined ? { bearerToken: d.bearerToken } : {}),
        ...(d.allowOrigins ? { allowOrigins: d.allowOrigins } : {}),
      });
    } else {
      single = makeServer();
      single.onclose = () => stopped({ cause: 'client' });
      const transport =
        options.downstream.kind === 'transport' ? options.downstream.transport : (lines = new StdioLineServerTransport(options.downstream.stdin, options.downstream.stdout));
      await single.connect(transport);
      interceptToolCalls(transport, forwarder);
    }
  } catch (error) {
    // The client side could not be set up (address in use, bad options): nothing is served, so
    // the upstream this call started is stopped and the trace writer closed before the error goes up.
    end = { cause: 'close' };
    if (options.upstream.kind !== 'client') await upstream.close().catch(() => undefined);
    await gate.close().catch(() => undefined);
    throw error;
  }
  upstream.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
    if (front) await front.broadcastToolListChanged();
    else await single?.sendToolListChanged().catch(() => undefined);
  });

  let closing: Promise<void> | undefined;
  // An upstream that goes away on its own (its process died) ends the proxy: calls sent to it
  // can no longer be answered, and later ones must not be taken, judged and logged as forwarded.
  const upstreamTransport = upstream.transport;
  const onUpstreamClose = upstream.onclose;
  const upstreamGone = () => {
    if (end) return;
    const exit = upstreamTransport instanceof StdioLineClientTransport ? upstreamTransport.exit : undefined;
    end = { cause: 'upstream', ...(exit ? { exit } : {}) };
    // Over stdio, reading stops now and the proxy ends once the calls in flight (failed by the
    // lane when the connection closed) have been answered.
    if (lines) void lines.finish();
    else stopped(end);
  };
  upstream.onclose = () => {
    onUpstreamClose?.();
    upstreamGone();
  };
  // Gone already, while the client side was being set up.
  if (!upstream.transport) upstreamGone();

  return {
    gate,
    upstream,
    url: front?.url,
    closed,
    close() {
      end ??= { cause: 'close' };
      closing ??= (async () => {
        try {
          await front?.close();
          await single?.close();
          // Calls still in flight upstream end here, so the traces waiting for them can be written.
          fastHttp?.close();
          if (options.upstream.kind !== 'client') await upstream.close();
        } finally {
          try {
            // Rejects when a background trace write failed: the caller must hear of it.
            await gate.close();
          } finally {
            stopped({ cause: 'close' });
          }
        }
      })();
      return closing;
    },
  };
}
