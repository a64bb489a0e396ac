/** Connecting the proxy to the real MCP server: a child process over stdio, or Streamable HTTP. */
import { DependencyMissingError } from '@gait/core-errors';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { StdioLineClientTransport } from './stdio-client-transport.js';

export type UpstreamSpec =
  | { kind: 'stdio'; command: string; args?: readonly string[]; env?: Record<string, string>; cwd?: string }
  | { kind: 'http'; url: string; headers?: Record<string, string> };

function definedEnv(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * The child sees the proxy's environment and shares its stderr, as it would if run without the
 * proxy. Our line transport spawns as the SDK's does except on Windows, where the SDK's
 * `cross-spawn` resolves commands differently: there the SDK transport is kept.
 */
function stdioTransport(spec: Extract<UpstreamSpec, { kind: 'stdio' }>): Transport {
  const params = {
    command: spec.command,
    args: [...(spec.args ?? [])],
    stderr: 'inherit' as const,
    env: { ...getDefaultEnvironment(), ...definedEnv(spec.env ?? process.env) },
    ...(spec.cwd ? { cwd: spec.cwd } : {}),
  };
  return process.platform === 'win32' ? new StdioClientTransport(params) : new StdioLineClientTransport(params);
}

export async function connectUpstream(spec: UpstreamSpec, clientName = 'gait-mcp-proxy', version = '0.0.0-dev'): Promise<Client> {
  const client = new Client({ name: clientName, version }, { capabilities: {} });
  const transport = spec.kind === 'stdio' ? stdioTransport(spec) : new StreamableHTTPClientTransport(new URL(spec.url), spec.headers ? { requestInit: { headers: spec.headers } } : {});
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
