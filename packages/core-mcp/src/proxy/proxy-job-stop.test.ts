/**
 * The forwarding proxy under a durable job (`--job-id`): every call carries the job id, the job's
 * state is read per call, and once the job is emergency-stopped its calls are blocked and never
 * reach the upstream. Job state is real, made with @gait/core-jobs.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopJob, submitJob } from '@gait/core-jobs';
import { verifyTraceRecord } from '@gait/core-gate';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureServer, scratch, upstreamCalls } from '../../test/support.js';
import { CallGate, type TraceMode } from './call-gate.js';
import { type RunningProxy, startProxy } from './start-proxy.js';

let work: ReturnType<typeof scratch>;
let root: string;
const gates: CallGate[] = [];
let proxy: RunningProxy | undefined;
let client: Client | undefined;

beforeEach(() => {
  work = scratch();
  root = join(work.dir, 'jobs');
});
afterEach(async () => {
  await client?.close();
  await proxy?.close();
  await Promise.all(gates.splice(0).map((g) => g.close()));
  client = undefined;
  proxy = undefined;
  rmSync(work.dir, { recursive: true, force: true });
});

function gate(traceMode: TraceMode, jobId = 'job_1'): CallGate {
  const g = new CallGate({ policyPath: work.policyPath, cwd: work.dir, traceDir: 'traces', traceMode, jobId, jobRoot: 'jobs' });
  gates.push(g);
  return g;
}

describe('CallGate with a job id', () => {
  for (const mode of ['sync', 'async'] as const) {
    it(`allows while the job runs and blocks the next call once it is stopped (${mode} mode)`, async () => {
      await submitJob({ jobId: 'job_1', root });
      const g = gate(mode);
      const first = await g.check({ name: 'echo', args: { text: 'a' }, sessionId: 's1', traceAfter: Promise.resolve() });
      expect(first.decision.verdict).toBe('allow');
      expect(first.decision.intent.context.extra.job_id).toBe('job_1');
      await stopJob({ jobId: 'job_1', root });
      // The same shape again: a remembered `allow` must not stand for a stopped job.
      const second = await g.check({ name: 'echo', args: { text: 'a' }, sessionId: 's1', traceAfter: Promise.resolve() });
      expect(second.decision).toMatchObject({ verdict: 'block', violations: ['emergency_stop_active'] });
      expect(second.decision.reasonCodes).toContain('emergency_stop_preempted');
      await second.written;
      const trace = JSON.parse(readFileSync(join(work.dir, second.tracePath), 'utf8')) as Record<string, unknown>;
      expect(verifyTraceRecord(trace, g.publicKey)).toMatchObject({ ok: true, verdict: 'block', trace_id: second.decision.traceId });
    });
  }

  it('blocks every call while the job cannot be read, and refuses a job id that cannot name a job', () => {
    const judged = gate('sync', 'job_missing').judge({ name: 'echo', args: {} });
    expect(judged.verdict).toBe('block');
    const { decision } = judged.record();
    expect(decision.reasonCodes).toContain('emergency_stop_state_unavailable');
    expect(decision.warnings).toContain('job_status_unavailable=job_not_found');
    // A state file that is not JSON, is another record or another job's, names a status no job
    // can have, or has a member of the wrong type (as `readJob` decodes it), is no state either.
    mkdirSync(join(root, 'job_bad'), { recursive: true });
    for (const text of [
      '{"status":',
      '{"schema_id":"gait.job.event","job_id":"job_bad","status":"running"}',
      '{"schema_id":"gait.job.runtime","job_id":"job_other","status":"running"}',
      '{"schema_id":"gait.job.runtime","job_id":"job_bad","status":"resting"}',
      '{"schema_id":"gait.job.runtime","schema_version":"1.0.0","job_id":"job_bad","status":"running","revision":"x"}',
    ]) {
      writeFileSync(join(root, 'job_bad', 'state.json'), text);
      const bad = gate('sync', 'job_bad').judge({ name: 'echo', args: {} });
      expect(bad.verdict).toBe('block');
      expect(bad.record().decision.warnings).toContain('job_status_unavailable=invalid_job_state');
    }
    expect(() => gate('sync', '../elsewhere')).toThrow(/invalid job_id/);
    expect(() => gate('sync', ' ')).toThrow('job_id is required');
  });
});

describe('forwarding proxy with --job-id', () => {
  it("never forwards a stopped job's calls", async () => {
    await submitJob({ jobId: 'job_1', root });
    const [clientSide, proxySide] = InMemoryTransport.createLinkedPair();
    proxy = await startProxy({
      policyPath: work.policyPath,
      cwd: work.dir,
      traceDir: 'traces',
      jobId: 'job_1',
      jobRoot: 'jobs',
      upstream: { kind: 'stdio', command: process.execPath, args: [fixtureServer], env: { CALL_LOG: work.callLog } },
      downstream: { kind: 'transport', transport: proxySide },
    });
    client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(clientSide);
    expect((await client.callTool({ name: 'echo', arguments: { text: 'before' } })).isError).toBeFalsy();
    await stopJob({ jobId: 'job_1', root });
    const blocked = await client.callTool({ name: 'echo', arguments: { text: 'after' } });
    expect(blocked.isError).toBe(true);
    expect(blocked._meta?.['gait/verdict']).toBe('block');
    expect(blocked._meta?.['gait/reason_codes']).toContain('emergency_stop_preempted');
    expect(upstreamCalls(work.callLog)).toEqual(['echo']);
  });
});
