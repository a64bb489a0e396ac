/** Connecting the proxy to the real MCP server: a child process over stdio, or Streamable HTTP. */
import { DependencyMissingError } from '@gait/core-errors';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export type UpstreamSpec =
  | { kind: 'stdio'; command: string; args?: readonly string[]; env?: Record<string, string>; cwd?: string }
  | { kind: 'http'; url: string; headers?: Record<string, string> };

function definedEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export async function connectUpstream(spec: UpstreamSpec, clientName = 'gait-mcp-proxy', version = '0.0.0-dev'): Promise<Client> {
  const client = new Client({ name: clientName, version }, { capabilities: {} });
  const transport =
    spec.kind === 'stdio'
      ? new StdioClientTransport({
          command: spec.command,
          args: [...(spec.args ?? [])],
          // The child's stderr is the operator's, as when it runs without the proxy.
          stderr: 'inherit',
          // The child sees the proxy's environment, as it would if run without the proxy.
          env: { ...getDefaultEnvironment(), ...definedEnv(spec.env ?? process.env) },
          ...(spec.cwd ? { cwd: spec.cwd } : {}),
        })
      : new StreamableHTTPClientTransport(new URL(spec.url), spec.headers ? { requestInit: { headers: spec.headers } } : {});
  try {
    await client.connect(transport);
  } catch (error) {
    const what = spec.kind === 'stdio' ? `command ${spec.command}` : spec.url;
    throw new DependencyMissingError(`connect to upstream MCP server (${what}): ${(error as Error).message}`, {
      code: 'upstream_unavailable',
      cause: error,
    });
  }
  return client;
}
