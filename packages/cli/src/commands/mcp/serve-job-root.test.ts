/**
 * `gait mcp serve --job-root` run as the built binary, over HTTP: a call whose `context.job_id`
 * names an emergency-stopped job is blocked (the preemption itself is tested in @gait/core-mcp).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stopJob, submitJob } from '@gait/core-jobs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const packageDir = resolve(__dirname, '../../..');
const bin = join(packageDir, 'dist/bin.js');

let cwd: string;
let child: ChildProcess | undefined;
beforeAll(() => {
  if (!existsSync(bin)) execFileSync('pnpm', ['run', 'build'], { cwd: packageDir, stdio: 'ignore' });
});
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-serve-jobs-'));
  writeFileSync(join(cwd, 'policy.yaml'), 'default_verdict: block\nrules:\n  - name: allow-search\n    effect: allow\n    match:\n      tool_names: [tool.search]\n');
});
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  rmSync(cwd, { recursive: true, force: true });
});

/** Starts the service on a free loopback port; resolves with its address from the start-up line. */
function serve(flags: string[]): Promise<string> {
  const proc = spawn(process.execPath, [bin, 'mcp', 'serve', '--policy', 'policy.yaml', '--listen', '127.0.0.1:0', '--json', ...flags], { cwd });
  child = proc;
  return new Promise((done, fail) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const end = out.indexOf('\n');
      if (end !== -1) done((JSON.parse(out.slice(0, end)) as { listen: string }).listen);
    });
    proc.on('close', (code) => fail(new Error(`gait mcp serve exited ${code}: ${out}`)));
  });
}

async function evaluate(address: string, jobId: string) {
  const call = { name: 'tool.search', args: { query: 'q' }, context: { identity: 'a', workspace: '/w', job_id: jobId } };
  const res = await fetch(`http://${address}/v1/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ call }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('gait mcp serve --job-root', () => {
  it('blocks calls of an emergency-stopped job under the given root and allows those of a running one', async () => {
    const root = join(cwd, 'state', 'jobs');
    await submitJob({ jobId: 'job_halt', root });
    await stopJob({ jobId: 'job_halt', root });
    await submitJob({ jobId: 'job_live', root });
    const address = await serve(['--job-root', 'state/jobs']);
    const halted = await evaluate(address, 'job_halt');
    expect(halted.status).toBe(200);
    expect(halted.body).toMatchObject({ verdict: 'block', job_id: 'job_halt', violations: ['emergency_stop_active'], exit_code: 3 });
    expect(halted.body.reason_codes).toContain('emergency_stop_preempted');
    expect((await evaluate(address, 'job_live')).body).toMatchObject({ verdict: 'allow', job_id: 'job_live', exit_code: 0 });
  });
});
