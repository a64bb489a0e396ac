import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readRunpack, verifyRunpack } from '@gait/core-runpack';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratch } from '../../test/support.js';
import { decideToolCall } from './decide.js';
import { normalizeRunId } from './names.js';

let work: ReturnType<typeof scratch>;
beforeEach(() => {
  work = scratch();
});
afterEach(() => rmSync(work.dir, { recursive: true, force: true }));

describe('decideToolCall (gait mcp proxy --call)', () => {
  it('normalizes run ids as the reference does', () => {
    expect(['', '  ', 'abc', 'run_x', 'a b/c', '__x__'].map(normalizeRunId)).toEqual(['', '', 'run_abc', 'run_x', 'run_a_b_c', 'run_x']);
  });

  it('decides, writes a trace__<time> file without --run-id, and never executes', async () => {
    const { output, exitCode } = await decideToolCall({
      policyPath: work.policyPath,
      adapter: 'openai',
      payload: '{"type":"function","function":{"name":"echo","arguments":"{\\"text\\":\\"x\\"}"}}',
      cwd: work.dir,
    });
    expect(exitCode).toBe(0);
    expect(output).toMatchObject({ ok: true, executed: false, adapter: 'openai', tool_name: 'echo', verdict: 'allow' });
    expect(output.run_id).toMatch(/^run_mcp_[0-9a-f]{12}$/);
    expect(output.trace_path).toMatch(/^trace__\d{8}T\d{6}\.\d{9}\.json$/);
    expect(existsSync(join(work.dir, output.trace_path!))).toBe(true);
    expect(output.warnings).toEqual([
      'dev mode: ephemeral keypair generated; signatures will not verify across machines',
      'standard profile applied fallback intent context; use --profile oss-prod for strict context enforcement',
    ]);
  });

  it('writes the decision runpack and both exports, and exits 3 for block', async () => {
    const { output, exitCode } = await decideToolCall({
      policyPath: work.policyPath,
      payload: { name: 'delete_file', args: { path: 'x' }, context: { identity: 'a', workspace: '/w', session_id: 's', run_id: 'ctx run' } },
      runpackOut: 'out/runpack.zip',
      exportLogOut: 'log.jsonl',
      exportOtelOut: 'otel.jsonl',
      cwd: work.dir,
    });
    expect(exitCode).toBe(3);
    expect(output).toMatchObject({ run_id: 'run_ctx_run', session_id: 's', verdict: 'block', runpack_path: 'out/runpack.zip' });
    expect(output.warnings).toEqual(['dev mode: ephemeral keypair generated; signatures will not verify across machines']);
    const runpack = await readRunpack(join(work.dir, 'out/runpack.zip'));
    expect(runpack.results[0]).toMatchObject({ intent_id: 'intent_1', status: 'error' });
    expect(runpack.run.timeline?.map((e) => e.event)).toEqual(['proxy_eval_start', 'proxy_eval_finish']);
    expect((await verifyRunpack(join(work.dir, 'out/runpack.zip'))).ok).toBe(true);
    const log = JSON.parse(readFileSync(join(work.dir, 'log.jsonl'), 'utf8'));
    expect(Object.keys(log).slice(0, 4)).toEqual(['created_at', 'producer_version', 'run_id', 'session_id']);
    const otel = JSON.parse(readFileSync(join(work.dir, 'otel.jsonl'), 'utf8'));
    expect(otel).toMatchObject({ body: 'gait.mcp.proxy.decision', severity_text: 'INFO', attributes: { 'gait.verdict': 'block', 'gait.run_id': 'run_ctx_run' } });
  });

  it('refuses parent-climbing outputs and oss-prod without a prod key', async () => {
    await expect(decideToolCall({ policyPath: work.policyPath, payload: { name: 'echo' }, runpackOut: '../x.zip', cwd: work.dir })).rejects.toThrow(
      'relative runpack output path must not traverse parent directories',
    );
    await expect(decideToolCall({ policyPath: work.policyPath, payload: { name: 'echo' }, profile: 'oss-prod', cwd: work.dir })).rejects.toThrow(
      'oss-prod profile requires --key-mode prod',
    );
  });
});
