import { readFileSync } from 'node:fs';
import { Command, Option } from 'clipanion';
import { ExitCode, InvalidInputError } from '@gait/core-errors';
import type { ProxyEnd } from '@gait/core-mcp';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';
import { mcpFamily, untilSignal, usageIntFlag } from './family.js';

const USAGE_ERROR = 'expected --policy <policy.yaml> and --call <tool_call.json|->';

/**
 * `gait mcp proxy|bridge`. With `--call` it is the reference's one-shot decision (never executes).
 * With `--upstream <url>` or `-- <command …>` it is a forwarding MCP proxy in front of a real
 * server: every `tools/call` is gated before it is forwarded, and each leaves a signed trace.
 */
export class McpProxyCommand extends GaitCommand {
  static override paths = [
    ['mcp', 'proxy'],
    ['mcp', 'bridge'],
  ];
  static override family = mcpFamily;
  static override label = 'mcp proxy';
  static override explain =
    'Decode an MCP or adapter-formatted tool call, evaluate policy deterministically, and emit a signed gate-compatible trace.';
  static override usage = Command.Usage({
    description: 'Decide one tool call, or run a policy-enforcing proxy in front of a real MCP server.',
    details: [
      'One-shot (reference): decide the payload given with --call and exit 0 (allow, dry_run), 3 (block) or 4 (require_approval).',
      'Forwarding: `-- <command …>` starts the MCP server as a child over stdio, `--upstream <url>` connects to it over',
      'Streamable HTTP. Clients talk to the proxy over stdio, or over Streamable HTTP with --listen (loopback unless',
      '--auth-token-env is set). Calls the policy does not allow get an MCP tool error and never reach the server.',
      'Browser requests whose Origin is not a loopback page or an --allow-origin get 403. Under a policy with mcp_trust,',
      '--server names the upstream for the trust snapshot; without it, calls of the risk classes needing trust are refused.',
      'Emergency stop: a call whose durable job (context.job_id one-shot, --job-id forwarding) is stopped by `gait job stop`,',
      'or whose job state under --job-root cannot be read, is blocked (reason emergency_stop_preempted or emergency_stop_state_unavailable).',
    ].join(' '),
    examples: [
      ['Decide one OpenAI tool call', '$0 mcp proxy --policy policy.yaml --call call.json --adapter openai --json'],
      ['Enforce policy in front of a stdio server', '$0 mcp proxy --policy policy.yaml -- npx my-mcp-server'],
      ['Enforce policy in front of an HTTP server', '$0 mcp proxy --policy policy.yaml --upstream http://127.0.0.1:3000/mcp --listen 127.0.0.1:8788'],
    ],
  });

  policy = Option.String('--policy', { description: 'Policy YAML' });
  call = Option.String('--call', { description: 'Tool call payload file, or - for stdin (one-shot mode)' });
  adapter = Option.String('--adapter', { description: 'mcp (default), openai, anthropic, langchain or claude_code' });
  profile = Option.String('--profile', { description: 'standard (default) or oss-prod' });
  traceOut = Option.String('--trace-out', { description: 'Trace path (one-shot)' });
  runId = Option.String('--run-id', { description: 'Run id (one-shot)' });
  runpackOut = Option.String('--runpack-out', { description: 'Also write a one-intent runpack (one-shot)' });
  exportLogOut = Option.String('--export-log-out', { description: 'Append a JSONL log event (one-shot)' });
  exportOtelOut = Option.String('--export-otel-out', { description: 'Append an OTEL-style JSONL event (one-shot)' });
  jobRoot = Option.String('--job-root', {
    description: 'Durable jobs folder (default ./gait-out/jobs): a call whose job (context.job_id, or --job-id) is emergency-stopped or unreadable is blocked',
  });
  jobId = Option.String('--job-id', {
    description: 'Durable job the agent works for (forwarding): every call carries it, and none is forwarded while the job is emergency-stopped',
  });
  keyMode = Option.String('--key-mode', { description: 'dev (ephemeral key, default) or prod' });
  privateKey = Option.String('--private-key', { description: 'Trace signing key file (prod mode)' });
  privateKeyEnv = Option.String('--private-key-env', { description: 'Env var with the trace signing key' });
  upstream = Option.String('--upstream', { description: 'Streamable HTTP URL of the upstream MCP server' });
  listen = Option.String('--listen', { description: 'Serve clients over Streamable HTTP on host:port (default: stdio)' });
  traceDir = Option.String('--trace-dir', { description: 'Trace folder (forwarding; default ./gait-out/mcp-proxy/traces)' });
  traceMode = Option.String('--trace-mode', { description: 'sync (trace on disk before forwarding, default) or async' });
  hideBlockedTools = Option.Boolean('--hide-blocked-tools', false, { description: 'Leave tools the policy never allows out of tools/list' });
  identity = Option.String('--identity', { description: 'Intent identity of the agent behind the client (default mcp-proxy)' });
  workspace = Option.String('--workspace', { description: 'Intent workspace (default .)' });
  riskClass = Option.String('--risk-class', { description: 'Intent risk class (default high)' });
  metaTools = Option.String('--meta-tools', { description: 'Comma-separated meta-tool names to unwrap (default call_tool,invoke_tool,execute_tool,run_tool,use_tool)' });
  authTokenEnv = Option.String('--auth-token-env', { description: 'Env var holding the bearer token clients must send (--listen)' });
  maxRequestBytes = Option.String('--max-request-bytes', { description: 'Largest request body with --listen (default 1048576)' });
  maxConcurrent = Option.String('--max-concurrent', { description: 'Requests in flight with --listen (default 256)' });
  allowOrigin = Option.Array('--allow-origin', {
    description: 'With --listen, also accept requests whose Origin is this (https://app.example:8443, chrome-extension://id), repeatable; * accepts any. Loopback origins are always accepted; CORS preflights are not answered',
  });
  server = Option.String('--server', { description: 'Server description JSON of the upstream (server_id or server_name), for the policy mcp_trust check' });
  rest = Option.Rest({ name: 'command' });

  protected async run(): Promise<number> {
    const mode = this.mode();
    if (mode.kind === 'decide') return this.decide(mode.policy, mode.call);
    return this.forward(mode.command);
  }

  /** One-shot when a call is given (flag or the reference's positional form); otherwise forwarding. */
  private mode(): { kind: 'decide'; policy: string; call: string } | { kind: 'forward'; command: string[] } {
    const rest = this.rest;
    const looksLikeCall = (arg: string | undefined) => arg === '-' || (arg ?? '').endsWith('.json');
    const positionalCall =
      this.upstream === undefined && ((rest.length === 2 && this.policy === undefined) || (rest.length === 1 && looksLikeCall(rest[0])));
    if (this.call !== undefined || positionalCall) {
      const positional = [...rest];
      const policy = this.policy ?? positional.shift() ?? '';
      const call = this.call ?? positional.shift() ?? '';
      if (positional.length > 0 || policy.trim() === '' || call.trim() === '') throw new InvalidInputError(USAGE_ERROR, { code: 'usage' });
      return { kind: 'decide', policy, call };
    }
    if ((this.policy ?? '').trim() === '') throw new InvalidInputError(USAGE_ERROR, { code: 'usage' });
    if (this.upstream !== undefined && rest.length > 0) throw new InvalidInputError('use either --upstream <url> or -- <command …>, not both', { code: 'usage' });
    if (this.upstream === undefined && rest.length === 0) throw new InvalidInputError(USAGE_ERROR, { code: 'usage' });
    return { kind: 'forward', command: rest };
  }

  private async decide(policy: string, callPath: string): Promise<number> {
    if (this.jobId !== undefined) {
      throw new InvalidInputError('--job-id applies to the forwarding proxy; a one-shot call names its job in context.job_id', { code: 'usage' });
    }
    let payload: string;
    try {
      payload = callPath === '-' ? readFileSync(0, 'utf8') : readFileSync(this.resolvePath(callPath), 'utf8');
    } catch (error) {
      const what = callPath === '-' ? 'read stdin payload' : 'read call payload';
      throw new InvalidInputError(`${what}: ${(error as Error).message}`, { code: 'input_unreadable' });
    }
    const { decideToolCall } = await import('@gait/core-mcp');
    const result = await decideToolCall({
      policyPath: policy,
      payload,
      adapter: this.adapter,
      profile: this.profile,
      keyMode: this.keyMode,
      privateKeyPath: this.privateKey && this.resolvePath(this.privateKey),
      privateKeyEnv: this.privateKeyEnv,
      runId: this.runId,
      traceOut: this.traceOut,
      runpackOut: this.runpackOut,
      exportLogOut: this.exportLogOut,
      exportOtelOut: this.exportOtelOut,
      jobRoot: this.jobRoot,
      producerVersion: cliVersion,
      correlationId: this.context.correlationId,
      cwd: this.context.cwd,
      env: this.context.env,
    });
    const out = result.output;
    const lines = [`mcp proxy: verdict=${out.verdict}`, `trace: ${out.trace_path}`];
    if (out.runpack_path) lines.push(`runpack: ${out.runpack_path}`);
    return this.emit(out as unknown as Record<string, unknown>, lines, result.exitCode);
  }

  private async forward(command: string[]): Promise<number> {
    const mcp = await import('@gait/core-mcp');
    const traceMode = (this.traceMode ?? 'sync').trim().toLowerCase();
    if (traceMode !== 'sync' && traceMode !== 'async') throw new InvalidInputError('unsupported --trace-mode value (expected sync or async)', { code: 'usage' });
    let bearerToken: string | undefined;
    if (this.authTokenEnv !== undefined) {
      bearerToken = this.context.env[this.authTokenEnv.trim()]?.trim();
      if (!bearerToken) throw new InvalidInputError('--auth-token-env did not resolve to a non-empty value', { code: 'usage' });
    }
    // The limits are checked as `mcp serve` checks them, whichever side they apply to.
    const limit = (flag: string, value: string | undefined) => {
      const n = usageIntFlag(flag, value);
      return n === undefined ? undefined : mcp.positiveLimit(flag, n);
    };
    const maxRequestBytes = limit('max-request-bytes', this.maxRequestBytes);
    const maxConcurrent = limit('max-concurrent', this.maxConcurrent);
    const listen = this.listen === undefined ? undefined : mcp.parseListen(this.listen);
    if (this.allowOrigin && !listen) throw new InvalidInputError('--allow-origin applies to --listen (browser clients over HTTP)', { code: 'usage' });
    // In forwarding mode the job comes from --job-id alone: a root without a job would check nothing.
    if (this.jobRoot !== undefined && this.jobId === undefined) throw new InvalidInputError('--job-root applies with --job-id in forwarding mode (the job whose stop blocks every call)', { code: 'usage' });
    if (this.jobId !== undefined) {
      const { jobPaths, DEFAULT_JOB_ROOT } = await import('@gait/core-jobs');
      try {
        jobPaths(DEFAULT_JOB_ROOT, this.jobId);
      } catch (error) {
        throw new InvalidInputError(`--job-id: ${(error as Error).message}`, { code: 'usage' });
      }
    }
    if (listen && !mcp.isLoopbackHost(listen.host) && bearerToken === undefined) {
      throw new InvalidInputError('non-loopback --listen requires --auth-token-env', { code: 'usage' });
    }
    const [program, ...args] = command;
    const log = (line: string) => process.stderr.write(`${line}\n`);
    // The decision log is best effort: a host that closed stderr must not end the proxy before
    // its traces are written.
    process.stderr.on('error', () => undefined);
    const proxy = await mcp.startProxy({
      policyPath: this.policy!,
      cwd: this.context.cwd,
      env: this.context.env,
      ...(this.profile ? { profile: this.profile } : {}),
      ...(this.keyMode ? { keyMode: this.keyMode } : {}),
      ...(this.privateKey ? { privateKeyPath: this.resolvePath(this.privateKey) } : {}),
      ...(this.privateKeyEnv ? { privateKeyEnv: this.privateKeyEnv } : {}),
      ...(this.traceDir ? { traceDir: this.traceDir } : {}),
      traceMode,
      ...(this.identity ? { identity: this.identity } : {}),
      ...(this.workspace ? { workspace: this.workspace } : {}),
      ...(this.riskClass ? { riskClass: this.riskClass } : {}),
      ...(this.server !== undefined ? { server: mcp.loadServerDescription(this.server, this.context.cwd) } : {}),
      ...(this.jobId !== undefined ? { jobId: this.jobId } : {}),
      ...(this.jobRoot !== undefined ? { jobRoot: this.jobRoot } : {}),
      ...(this.metaTools !== undefined ? { metaTools: this.metaTools.split(',').map((n) => n.trim()).filter((n) => n !== '').map((name) => ({ name })) } : {}),
      hideBlockedTools: this.hideBlockedTools,
      producerVersion: cliVersion,
      upstream: this.upstream !== undefined ? { kind: 'http', url: this.upstream } : { kind: 'stdio', command: program!, args, cwd: this.context.cwd },
      downstream: listen
        ? {
            kind: 'http',
            listen,
            ...(bearerToken ? { bearerToken } : {}),
            ...(maxRequestBytes !== undefined ? { maxRequestBytes } : {}),
            ...(maxConcurrent !== undefined ? { maxConcurrent } : {}),
            ...(this.allowOrigin ? { allowOrigins: this.allowOrigin } : {}),
          }
        : { kind: 'stdio' },
      // Decisions go to stderr: in stdio mode stdout is the MCP channel.
      onDecision: (d) => log(`mcp proxy: tool=${d.target} verdict=${d.verdict} forwarded=${d.forwarded} trace=${d.tracePath}`),
    });
    for (const warning of proxy.gate.warnings) log(`mcp proxy: warning: ${warning}`);
    // One key signs every trace of this process: print its public half so the traces can be verified.
    const { encodePublicKey } = await import('@gait/core-sign');
    log(`mcp proxy: trace verify key (base64): ${encodePublicKey(proxy.gate.publicKey).trim()}`);
    if (proxy.url) {
      const upstream = this.upstream ?? command.join(' ');
      this.emit({ ok: true, listen: proxy.url, upstream, policy: this.policy }, `mcp proxy: listening=${proxy.url} upstream=${upstream}`);
    }
    // Stops when the client ends the session (stdin closed), on SIGINT/SIGTERM, or when the upstream
    // goes away; `close()` then stops the upstream and waits for every trace.
    const end = await Promise.race([proxy.closed, untilSignal()]);
    const lost = typeof end === 'object' && end.cause === 'upstream';
    // Said before the traces are flushed, so it is not lost if that fails too.
    if (lost) log(`mcp proxy error: ${upstreamGone(`upstream MCP server (${this.upstream ?? `command ${command.join(' ')}`})`, end)}`);
    await proxy.close();
    // The proxy could not go on serving: a runtime failure (exit 1), as for a trace write that failed.
    return lost ? ExitCode.internalFailure : ExitCode.ok;
  }
}

/** What happened to an upstream that went away on its own. */
function upstreamGone(what: string, end: Extract<ProxyEnd, { cause: 'upstream' }>): string {
  const how = end.exit?.signal ? `was killed by signal ${end.exit.signal}` : end.exit?.code != null ? `exited with code ${end.exit.code}` : 'closed the connection';
  return `${what} ${how}; calls in flight were answered with an error and no further call was taken`;
}
