/**
 * `gait mcp proxy -- <command …>` run as the built binary, the way an MCP host runs it: how a
 * session ends (the client closing stdin, the upstream dying) and the exit code each gives, and
 * the limit flags it shares with `gait mcp serve`.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { type AddressInfo, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { stopJob, submitJob } from '@gait/core-jobs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const packageDir = resolve(__dirname, '../../..');
const bin = join(packageDir, 'dist/bin.js');
/** The MCP test upstream of @gait/core-mcp, with a `wait` and an `exit` tool; it writes its pid to $PID_FILE. */
const upstreamServer = resolve(packageDir, '../core-mcp/test/fixtures/upstream-wait-server.mjs');
const upstreamCommand = [process.execPath, upstreamServer];
/** A test waits for the proxy's exit event; it fails on this timeout, whatever the machine's speed. */
const EXIT_TIMEOUT_MS = 20_000;

let cwd: string;
const spawned: ChildProcess[] = [];
beforeAll(() => {
  if (!existsSync(bin)) execFileSync('pnpm', ['run', 'build'], { cwd: packageDir, stdio: 'ignore' });
});
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-mcp-proxy-'));
  writeFileSync(join(cwd, 'policy.yaml'), 'default_verdict: block\nrules:\n  - name: allow\n    effect: allow\n    match:\n      tool_names: [echo, wait, exit]\n');
  writeFileSync(join(cwd, 'calls.log'), '');
});
afterEach(() => {
  for (const child of spawned.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
});

/** The proxy as a child process, with a hand-written JSON-RPC client on its stdio. */
function proxy(flags: string[] = []) {
  const child = spawn(process.execPath, [bin, 'mcp', 'proxy', '--policy', 'policy.yaml', '--trace-dir', 'traces', ...flags, '--', ...upstreamCommand], {
    cwd,
    env: { ...process.env, CALL_LOG: join(cwd, 'calls.log'), PID_FILE: join(cwd, 'upstream.pid') },
  });
  spawned.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const answers: Record<string, unknown>[] = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    rest += chunk.toString();
    let end: number;
    while ((end = rest.indexOf('\n')) !== -1) {
      answers.push(JSON.parse(rest.slice(0, end)) as Record<string, unknown>);
      rest = rest.slice(end + 1);
    }
  });
  return {
    child,
    exited: new Promise<number | null>((done) => child.on('close', (code) => done(code))),
    stderr: () => stderr,
    call: (id: number, name: string, args: Record<string, unknown>) =>
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } })}\n`),
    answer: (id: number) => answers.find((a) => a.id === id),
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const calls = () => readFileSync(join(cwd, 'calls.log'), 'utf8').split('\n').filter((l) => l !== '');
const traces = () => (existsSync(join(cwd, 'traces')) ? readdirSync(join(cwd, 'traces')).filter((f) => f.endsWith('.json')) : []);
const upstreamPid = () => Number(readFileSync(join(cwd, 'upstream.pid'), 'utf8'));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('gait mcp proxy over stdio, when the client closes its stdin', () => {
  it(
    'answers the call in flight, writes every trace, stops the upstream and exits 0',
    async () => {
      const p = proxy(['--trace-mode', 'async']);
      p.call(1, 'wait', { ms: 300 });
      p.call(2, 'echo', { text: 'a' });
      p.call(3, 'delete_file', { path: '/' });
      p.child.stdin.end();
      expect(await p.exited).toBe(0);
      expect(p.answer(1)).toMatchObject({ result: { content: [{ text: 'waited:300' }] } });
      expect(p.answer(2)).toMatchObject({ result: { content: [{ text: 'echo:a' }] } });
      expect(p.answer(3)).toMatchObject({ result: { isError: true } });
      expect(traces()).toHaveLength(3);
      expect(alive(upstreamPid())).toBe(false);
      expect(p.stderr()).not.toContain('error');
    },
    EXIT_TIMEOUT_MS,
  );

  it(
    'still writes every trace and exits 0 when the client has stopped reading too',
    async () => {
      const p = proxy(['--trace-mode', 'async']);
      p.call(1, 'wait', { ms: 300 });
      await until(() => calls().includes('wait'));
      // Its answer meets a closed pipe (EPIPE), which must not end the proxy before its traces are written.
      p.child.stdout.destroy();
      p.child.stdin.end();
      expect(await p.exited).toBe(0);
      expect(traces()).toHaveLength(1);
      expect(alive(upstreamPid())).toBe(false);
    },
    EXIT_TIMEOUT_MS,
  );
});

describe('gait mcp proxy over stdio, when the host closes its stderr', () => {
  it(
    'goes on answering, writes every trace and exits 0',
    async () => {
      const p = proxy(['--trace-mode', 'async']);
      // The decision log line of each call then meets a closed pipe.
      p.child.stderr.destroy();
      p.call(1, 'echo', { text: 'a' });
      await until(() => p.answer(1) !== undefined);
      p.call(2, 'echo', { text: 'b' });
      await until(() => p.answer(2) !== undefined);
      p.child.stdin.end();
      expect(await p.exited).toBe(0);
      expect(p.answer(2)).toMatchObject({ result: { content: [{ text: 'echo:b' }] } });
      expect(traces()).toHaveLength(2);
    },
    EXIT_TIMEOUT_MS,
  );
});

describe('gait mcp proxy over stdio, when the upstream dies', () => {
  it(
    'answers the call in flight with a JSON-RPC error, names the command and signal, and exits 1',
    async () => {
      const p = proxy();
      p.call(1, 'wait', { ms: 60_000 });
      await until(() => calls().includes('wait'));
      process.kill(upstreamPid(), 'SIGKILL');
      expect(await p.exited).toBe(1);
      expect(p.answer(1)).toMatchObject({ error: { code: -32603, message: 'upstream connection closed' } });
      expect(p.stderr()).toContain(`mcp proxy error: upstream MCP server (command ${upstreamCommand.join(' ')}) was killed by signal SIGKILL`);
      expect(p.stderr().match(/forwarded=true/g)).toHaveLength(1);
      // The one call judged has its trace (sync mode: on disk before it was forwarded).
      expect(traces()).toHaveLength(1);
    },
    EXIT_TIMEOUT_MS,
  );

  it(
    'names the exit code of an upstream that exits by itself',
    async () => {
      const p = proxy(['--trace-mode', 'async']);
      p.call(1, 'exit', { code: 3 });
      expect(await p.exited).toBe(1);
      expect(p.answer(1)).toMatchObject({ error: { code: -32603 } });
      expect(p.stderr()).toContain(`mcp proxy error: upstream MCP server (command ${upstreamCommand.join(' ')}) exited with code 3`);
      expect(traces()).toHaveLength(1);
    },
    EXIT_TIMEOUT_MS,
  );
});

describe('gait mcp proxy --job-id (emergency stop)', () => {
  it(
    'forwards while the job runs, and blocks without forwarding once the job is stopped',
    async () => {
      const root = join(cwd, 'jobs');
      await submitJob({ jobId: 'job_1', root });
      const p = proxy(['--job-id', 'job_1', '--job-root', 'jobs']);
      p.call(1, 'echo', { text: 'a' });
      await until(() => p.answer(1) !== undefined);
      await stopJob({ jobId: 'job_1', root });
      p.call(2, 'echo', { text: 'b' });
      await until(() => p.answer(2) !== undefined);
      p.child.stdin.end();
      expect(await p.exited).toBe(0);
      expect(p.answer(1)).toMatchObject({ result: { content: [{ text: 'echo:a' }] } });
      const blocked = p.answer(2) as { result: { isError?: boolean; _meta?: Record<string, unknown> } };
      expect(blocked.result).toMatchObject({ isError: true, _meta: { 'gait/verdict': 'block' } });
      expect(blocked.result._meta?.['gait/reason_codes']).toContain('emergency_stop_preempted');
      expect(calls()).toEqual(['echo']);
    },
    EXIT_TIMEOUT_MS,
  );

  it('refuses a job id that cannot name a job before starting the upstream (exit 6)', () => {
    const r = spawnSync(process.execPath, [bin, 'mcp', 'proxy', '--policy', 'policy.yaml', '--job-id', '../x', '--', ...upstreamCommand], {
      cwd,
      encoding: 'utf8',
      timeout: EXIT_TIMEOUT_MS,
      env: { ...process.env, PID_FILE: join(cwd, 'upstream.pid') },
    });
    expect([r.status, r.stdout]).toEqual([6, expect.stringMatching(/^mcp proxy error: --job-id: invalid job_id "..\/x"/)]);
    expect(existsSync(join(cwd, 'upstream.pid'))).toBe(false);
  });

  it('refuses --job-root without --job-id in forwarding mode, where it would check nothing (exit 6)', () => {
    const r = spawnSync(process.execPath, [bin, 'mcp', 'proxy', '--policy', 'policy.yaml', '--job-root', 'jobs', '--', ...upstreamCommand], {
      cwd,
      encoding: 'utf8',
      timeout: EXIT_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      env: { ...process.env, PID_FILE: join(cwd, 'upstream.pid') },
    });
    expect([r.status, r.stdout]).toEqual([6, expect.stringMatching(/^mcp proxy error: --job-root applies with --job-id in forwarding mode/)]);
    expect(existsSync(join(cwd, 'upstream.pid'))).toBe(false);
  });
});

describe('gait mcp proxy and serve limit flags', () => {
  // Without the check the proxy would start and serve: spawnSync's timeout ends it, and the test fails.
  const gait = (args: string[]) => {
    const result = spawnSync(process.execPath, [bin, 'mcp', ...args], { cwd, encoding: 'utf8', timeout: EXIT_TIMEOUT_MS, killSignal: 'SIGKILL' });
    return [result.status, result.stdout];
  };

  // [flags, the flag named, with --listen (the limits apply to the HTTP side; they are checked either way)]
  it.each([
    [['--max-request-bytes', '-5'], 'max-request-bytes', true],
    [['--max-request-bytes', '0'], 'max-request-bytes', true],
    [['--max-request-bytes=0'], 'max-request-bytes', false],
    [['--max-concurrent', '0'], 'max-concurrent', true],
  ])('gait mcp proxy %j is a usage error (exit 6), as for gait mcp serve', (flags, flag, listen) => {
    const expected = [6, `mcp proxy error: --${flag} must be > 0\n`];
    const listenFlags = listen ? ['--listen', '127.0.0.1:0'] : [];
    expect(gait(['proxy', '--policy', 'policy.yaml', ...listenFlags, ...flags, '--', ...upstreamCommand])).toEqual(expected);
    expect(gait(['serve', '--policy', 'policy.yaml', '--listen', '127.0.0.1:0', ...flags])).toEqual(expected);
  }, 2 * EXIT_TIMEOUT_MS);

  it('refuses a value that is not an integer the same way in both commands', () => {
    const expected = [6, 'mcp proxy error: invalid value "1.5" for flag -max-request-bytes: parse error\n'];
    expect(gait(['proxy', '--policy', 'policy.yaml', '--max-request-bytes', '1.5', '--', ...upstreamCommand])).toEqual(expected);
    expect(gait(['serve', '--policy', 'policy.yaml', '--max-request-bytes', '1.5'])).toEqual(expected);
  });
});

describe('gait mcp proxy under a policy with mcp_trust', () => {
  const trustPolicy = (dir: string) => {
    writeFileSync(join(dir, 'policy.yaml'), 'default_verdict: block\nrules:\n  - name: allow\n    effect: allow\n    match:\n      tool_names: [echo]\nmcp_trust:\n  snapshot: snapshot.json\n');
    const updated = new Date().toISOString();
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ schema_id: 'gait.mcp.trust_snapshot', schema_version: '1.0.0', created_at: updated, entries: [{ server_id: 'github', status: 'trusted', updated_at: updated }] }));
    writeFileSync(join(dir, 'github.json'), JSON.stringify({ server_id: 'github' }));
    writeFileSync(join(dir, 'stranger.json'), JSON.stringify({ server_id: 'stranger' }));
  };
  const run = async (flags: string[]) => {
    // No --risk-class: calls are of the default class (high), which the policy requires trust for.
    const p = proxy(flags);
    p.call(1, 'echo', { text: 'a' });
    await until(() => p.answer(1) !== undefined);
    p.child.stdin.end();
    expect(await p.exited).toBe(0);
    return { answer: p.answer(1) as { result: { isError?: boolean; _meta?: Record<string, unknown> } }, stderr: p.stderr() };
  };

  it(
    'forwards to a server the snapshot trusts, and refuses calls to an unknown or undescribed one',
    async () => {
      trustPolicy(cwd);
      const trusted = await run(['--server', 'github.json']);
      expect(trusted.answer.result.isError).toBeFalsy();
      expect(calls()).toEqual(['echo']);
      const stranger = await run(['--server', 'stranger.json']);
      expect(stranger.answer.result._meta?.['gait/reason_codes']).toContain('mcp_trust_server_unknown');
      const anonymous = await run([]);
      expect(anonymous.answer.result._meta?.['gait/reason_codes']).toContain('mcp_trust_identifier_missing');
      expect(anonymous.stderr).toMatch(/warning: .*mcp_trust/);
      // Only the trusted server's call reached an upstream.
      expect(calls()).toEqual(['echo']);
    },
    3 * EXIT_TIMEOUT_MS,
  );

  it('refuses a server description it cannot use, and --allow-origin without --listen, with exit 6', () => {
    trustPolicy(cwd);
    writeFileSync(join(cwd, 'nameless.json'), '{}');
    const refused = [
      ['--server', 'nameless.json'],
      ['--server', 'absent.json'],
      ['--allow-origin', 'https://app.example'],
      ['--listen', '127.0.0.1:0', '--allow-origin', 'not an origin'],
    ];
    for (const flags of refused) {
      const r = spawnSync(process.execPath, [bin, 'mcp', 'proxy', '--policy', 'policy.yaml', ...flags, '--', ...upstreamCommand], {
        cwd,
        encoding: 'utf8',
        timeout: EXIT_TIMEOUT_MS,
        env: { ...process.env, PID_FILE: join(cwd, 'upstream.pid') },
      });
      expect(r.status, `${flags.join(' ')}: ${r.stderr}`).toBe(6);
      // Refused before an upstream was started.
      expect(existsSync(join(cwd, 'upstream.pid')), flags.join(' ')).toBe(false);
    }
  });

  it(
    'stops the upstream it started when it cannot listen, and exits non-zero',
    async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const port = (taken.address() as AddressInfo).port;
      try {
        const child = spawn(process.execPath, [bin, 'mcp', 'proxy', '--policy', 'policy.yaml', '--listen', `127.0.0.1:${port}`, '--', ...upstreamCommand], {
          cwd,
          env: { ...process.env, PID_FILE: join(cwd, 'upstream.pid') },
        });
        spawned.push(child);
        const code = await new Promise<number | null>((done) => child.on('close', done));
        expect(code).not.toBe(0);
        expect(existsSync(join(cwd, 'upstream.pid'))).toBe(true);
        await until(() => !alive(upstreamPid()));
      } finally {
        taken.close();
      }
    },
    EXIT_TIMEOUT_MS,
  );
});

describe('gait mcp proxy --listen with --allow-origin', () => {
  it(
    'serves a page from an allowed origin and refuses one from any other with 403',
    async () => {
      const child = spawn(process.execPath, [bin, 'mcp', 'proxy', '--policy', 'policy.yaml', '--trace-dir', 'traces', '--listen', '127.0.0.1:0', '--allow-origin', 'https://app.example', '--', ...upstreamCommand], {
        cwd,
        env: { ...process.env, CALL_LOG: join(cwd, 'calls.log'), PID_FILE: join(cwd, 'upstream.pid') },
      });
      spawned.push(child);
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      await until(() => /listening=(\S+)/.test(stdout));
      const url = /listening=(\S+)/.exec(stdout)![1]!;
      const initialize = (origin: string) =>
        fetch(url, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }),
        });
      expect((await initialize('https://evil.example')).status).toBe(403);
      const allowed = await initialize('https://app.example');
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('mcp-session-id')).toBeTruthy();
      child.kill('SIGTERM');
    },
    EXIT_TIMEOUT_MS,
  );
});
