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
import { type HttpLane, httpLane } from './http-lane.js';
import { StdioLineServerTransport } from './stdio-server-transport.js';
import { type DecisionEvent, ToolForwarder } from './tool-forwarder.js';
import { type UpstreamSpec, connectUpstream } from './upstream.js';

export type DownstreamSpec =
  | { kind: 'stdio'; stdin?: Readable; stdout?: Writable }
  /** An already-made transport (tests, embedding). */
  | { kind: 'transport'; transport: Transport }
  | { kind: 'http'; listen: ListenAddress; path?: string; maxRequestBytes?: number; maxConcurrent?: number; bearerToken?: string };

export interface ProxyOptions extends CallGateOptions {
  upstream: UpstreamSpec | { kind: 'client'; client: Client };
  downstream: DownstreamSpec;
  hideBlockedTools?: boolean;
  onDecision?: (event: DecisionEvent) => void;
}

export interface RunningProxy {
  gate: CallGate;
  upstream: Client;
  /** The HTTP endpoint when the client side is HTTP. */
  url: string | undefined;
  /** Resolves when the client side has gone (stdio closed) or `close()` was called. */
  closed: Promise<void>;
  /** Stops serving, waits for traces still being written, and rejects if any could not be written. */
  close(): Promise<void>;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const gate = new CallGate(options);
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
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));

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
    });
  } else {
    single = makeServer();
    single.onclose = () => markClosed();
    const transport =
      options.downstream.kind === 'transport' ? options.downstream.transport : new StdioLineServerTransport(options.downstream.stdin, options.downstream.stdout);
    await single.connect(transport);
    interceptToolCalls(transport, forwarder);
  }
  upstream.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
    if (front) await front.broadcastToolListChanged();
    else await single?.sendToolListChanged().catch(() => undefined);
  });

  let closing: Promise<void> | undefined;
  return {
    gate,
    upstream,
    url: front?.url,
    closed,
    close() {
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
            markClosed();
          }
        }
      })();
      return closing;
    },
  };
}
