import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { cliVersion } from '../../version.js';
import { mcpFamily, untilSignal, usageIntFlag } from './family.js';

/** `gait mcp serve`: the local HTTP decision service (surfaces.md §1.5). It decides; it never executes. */
export class McpServeCommand extends GaitCommand {
  static override paths = [['mcp', 'serve']];
  static override family = mcpFamily;
  // The reference prints serve's start-up errors through the proxy writer.
  static override label = 'mcp proxy';
  static override explain =
    'Run a local interception service that evaluates tool-call payloads through Gate and emits signed traces across JSON, SSE, and streamable HTTP endpoints.';
  static override usage = Command.Usage({
    description: 'Serve policy decisions over local HTTP: POST /v1/evaluate, /v1/evaluate/sse, /v1/evaluate/stream.',
    details:
      'Loopback by default; a non-loopback --listen needs --auth-mode token. Each request re-reads the policy, writes a signed trace, journals its session, and applies retention. Responses carry verdict and exit_code; the caller must not execute non-allow calls. Browser requests whose Origin is not a loopback page (localhost, 127.x, [::1]) or an --allow-origin get 403, so a web page cannot reach the service by rebinding its name to this address; clients that send no Origin are not affected.',
    examples: [['Serve on the default address', '$0 mcp serve --policy policy.yaml --json']],
  });

  policy = Option.String('--policy', { description: 'Policy YAML (re-read per request)' });
  listen = Option.String('--listen', { description: 'host:port (default 127.0.0.1:8787)' });
  adapter = Option.String('--adapter', { description: 'Default adapter (mcp)' });
  profile = Option.String('--profile', { description: 'standard (default) or oss-prod' });
  authMode = Option.String('--auth-mode', { description: 'off (default) or token' });
  authTokenEnv = Option.String('--auth-token-env', { description: 'Env var holding the bearer token' });
  traceDir = Option.String('--trace-dir', { description: 'Trace folder (default ./gait-out/mcp-serve/traces)' });
  runpackDir = Option.String('--runpack-dir', { description: 'Runpacks and session checkpoints (default off)' });
  sessionDir = Option.String('--session-dir', { description: 'Session journals (default ./gait-out/mcp-serve/sessions)' });
  maxRequestBytes = Option.String('--max-request-bytes', { description: 'Largest request body (default 1048576)' });
  maxConcurrent = Option.String('--max-concurrent', { description: 'Requests evaluated at once; more get 503 (default 64)' });
  allowOrigin = Option.Array('--allow-origin', {
    description: 'Also accept requests whose Origin is this (https://app.example:8443, chrome-extension://id), repeatable; * accepts any. Loopback origins are always accepted; CORS preflights are not answered',
  });
  httpVerdictStatus = Option.String('--http-verdict-status', { description: 'compat (200 always, default) or strict' });
  allowClientArtifactPaths = Option.Boolean('--allow-client-artifact-paths', false, { description: 'Accept output paths from requests' });
  traceMaxAge = Option.String('--trace-max-age', { description: 'Delete traces older than this (Go duration)' });
  traceMaxCount = Option.String('--trace-max-count', { description: 'Keep at most this many traces' });
  runpackMaxAge = Option.String('--runpack-max-age', { description: 'Delete runpacks older than this' });
  runpackMaxCount = Option.String('--runpack-max-count', { description: 'Keep at most this many runpacks' });
  sessionMaxAge = Option.String('--session-max-age', { description: 'Delete session files older than this' });
  sessionMaxCount = Option.String('--session-max-count', { description: 'Keep at most this many session files' });
  exportLogOut = Option.String('--export-log-out', { description: 'Append a JSONL log event per decision' });
  exportOtelOut = Option.String('--export-otel-out', { description: 'Append an OTEL-style JSONL event per decision' });
  jobRoot = Option.String('--job-root', {
    description: 'Durable jobs folder (default ./gait-out/jobs): a call whose context.job_id names an emergency-stopped or unreadable job is blocked',
  });
  keyMode = Option.String('--key-mode', { description: 'dev (ephemeral key per request, default) or prod' });
  privateKey = Option.String('--private-key', { description: 'Trace signing key file (prod mode)' });
  privateKeyEnv = Option.String('--private-key-env', { description: 'Env var with the trace signing key' });
  rest = Option.Rest({ name: 'policy' });

  protected async run(): Promise<number> {
    if (this.rest.length > 1 || (this.rest.length === 1 && this.policy !== undefined)) {
      throw new InvalidInputError('expected --policy <policy.yaml>', { code: 'usage' });
    }
    const policy = this.policy ?? this.rest[0] ?? '';
    const mcp = await import('@gait/core-mcp');
    const config = mcp.resolveServeConfig({
      policyPath: policy,
      ...defined({
        listen: this.listen,
        adapter: this.adapter,
        profile: this.profile,
        authMode: this.authMode,
        authTokenEnv: this.authTokenEnv,
        traceDir: this.traceDir,
        runpackDir: this.runpackDir,
        sessionDir: this.sessionDir,
        maxRequestBytes: usageIntFlag('max-request-bytes', this.maxRequestBytes),
        maxConcurrent: usageIntFlag('max-concurrent', this.maxConcurrent),
        allowOrigins: this.allowOrigin,
        httpVerdictStatus: this.httpVerdictStatus,
        traceMaxAge: this.traceMaxAge,
        traceMaxCount: usageIntFlag('trace-max-count', this.traceMaxCount),
        runpackMaxAge: this.runpackMaxAge,
        runpackMaxCount: usageIntFlag('runpack-max-count', this.runpackMaxCount),
        sessionMaxAge: this.sessionMaxAge,
        sessionMaxCount: usageIntFlag('session-max-count', this.sessionMaxCount),
        exportLogOut: this.exportLogOut,
        exportOtelOut: this.exportOtelOut,
        jobRoot: this.jobRoot,
        keyMode: this.keyMode,
        privateKeyPath: this.privateKey && this.resolvePath(this.privateKey),
        privateKeyEnv: this.privateKeyEnv,
      }),
      allowClientArtifactPaths: this.allowClientArtifactPaths,
      env: this.context.env,
    });
    const service = await mcp.startDecisionService({ config, cwd: this.context.cwd, env: this.context.env, producerVersion: cliVersion });
    this.emit(
      { ok: true, adapter: config.adapter, listen: service.address, policy, profile: config.profile },
      `mcp serve: listening=${service.address} adapter=${config.adapter}`,
    );
    await untilSignal();
    await service.close();
    return 0;
  }
}

function defined<T extends Record<string, unknown>>(values: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as never;
}
