/** The fixture server over Streamable HTTP on 127.0.0.1, counting calls in memory. */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
// @ts-expect-error: plain JavaScript fixture shared with the stdio child
import { makeUpstream } from './fixtures/upstream-server.mjs';

export interface HttpUpstream {
  url: string;
  calls: string[];
  close(): Promise<void>;
}

export interface HttpUpstreamOptions {
  /** Answer requests in an SSE stream (the SDK's default) instead of a JSON body. */
  sse?: boolean;
  /** The MCP server of each session (default: the shared fixture, which records each call in `calls`). */
  makeServer?: () => { connect(transport: StreamableHTTPServerTransport): Promise<void> };
}

export async function startHttpUpstream(options: HttpUpstreamOptions = {}): Promise<HttpUpstream> {
  const calls: string[] = [];
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    const sid = req.headers['mcp-session-id'];
    let transport = typeof sid === 'string' ? transports.get(sid) : undefined;
    if (!transport && req.method === 'POST' && isInitializeRequest(body)) {
      const t: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: !options.sse,
        onsessioninitialized: (id) => {
          transports.set(id, t);
        },
      });
      await (options.makeServer?.() ?? makeUpstream((name: string) => calls.push(name))).connect(t);
      transport = t;
    }
    if (!transport) {
      res.writeHead(400).end();
      return;
    }
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    close: async () => {
      for (const t of transports.values()) await t.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
