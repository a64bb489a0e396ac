import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-runpack-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const run = (...argv: string[]) => runCaptured(argv, { cwd, env: {}, correlationId: 'cid' });
const json = (stdout: string) => JSON.parse(stdout) as Record<string, any>;

const RECORD = {
  run: { run_id: 'run_cli', created_at: '2026-04-01T12:00:00.000Z', env: { os: 'linux', arch: 'amd64', runtime: 'node' } },
  intents: [
    { intent_id: 'intent_1', tool_name: 'tool.fetch', args: { url: 'https://example.test' } },
    { intent_id: 'intent_2', tool_name: 'tool.mystery', args: {} },
  ],
  results: [{ intent_id: 'intent_1', status: 'ok', result: { ok: true } }],
  refs: { receipts: [] },
};

describe('gait demo', () => {
  it('prints the reference text and writes a runpack that verifies by run id', async () => {
    const demo = await run('demo');
    expect(demo.code).toBe(0);
    const lines = demo.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('mode=standard');
    expect(lines[1]).toBe('run_id=run_demo');
    expect(lines[2]).toBe('bundle=./gait-out/runpack_run_demo.zip');
    expect(lines[3]).toMatch(/^ticket_footer=GAIT run_id=run_demo manifest=sha256:[0-9a-f]{64} verify="gait verify run_demo"$/);
    expect(lines.slice(4)).toEqual([
      'verify=ok',
      'next=gait verify run_demo --json,gait regress bootstrap --from run_demo --json --junit ./gait-out/junit.xml,gait demo --durable,gait demo --policy',
      'metrics_opt_in=export GAIT_ADOPTION_LOG=./gait-out/adoption.jsonl',
    ]);
    const verify = await run('verify', 'run_demo');
    expect(verify.code).toBe(0);
    expect(verify.stdout.split('\n')[0]).toBe('verify ok: gait-out/runpack_run_demo.zip');
    expect(json((await run('verify', 'run_demo', '--json')).stdout)).toMatchObject({ ok: true, path: 'gait-out/runpack_run_demo.zip', signature_status: 'missing' });
  });

  it('refuses both modes at once and positional arguments', async () => {
    expect((await run('demo', '--durable', '--policy')).stdout).toBe('demo error: choose only one mode: --durable or --policy\n');
    expect((await run('demo', 'extra')).code).toBe(6);
  });
});

describe('gait verify', () => {
  it('exits 6 for a missing runpack and for usage errors', async () => {
    expect(await run('verify', 'run_nope')).toMatchObject({ code: 6, stdout: 'verify error: runpack not found for run_id: run_nope\n' });
    expect(json((await run('verify', './missing.zip', '--json')).stdout)).toMatchObject({ ok: false, error: 'runpack not found: ./missing.zip', error_code: 'invalid_input' });
    expect((await run('verify')).stdout).toBe('verify error: expected run_id or path\n');
    expect((await run('verify', 'run_demo', '--profile', 'lax')).stdout).toBe('verify error: unsupported --profile value "lax" (expected standard or strict)\n');
    expect((await run('verify', 'run_demo', '--profile', 'strict')).stdout).toMatch(/strict verify profile requires/);
  });

  it('exits 2 with the failed checks when a member was changed', async () => {
    await run('demo');
    const { readZipSafe } = await import('@gait/core-fsx');
    const { writeDeterministicZip } = await import('@gait/core-fsx');
    const path = join(cwd, 'gait-out/runpack_run_demo.zip');
    const entries = readZipSafe(readFileSync(path)).map((e) => (e.name === 'run.json' ? { name: e.name, data: Buffer.from(Buffer.from(e.data).toString().replace('finish', 'fiNish')) } : e));
    writeFileSync(path, writeDeterministicZip(entries));
    const result = await run('verify', 'run_demo', '--json');
    expect(result.code).toBe(2);
    const out = json(result.stdout);
    expect(out).toMatchObject({ ok: false, hash_mismatches: [{ path: 'run.json' }], failures: [{ code: 'hash_mismatch', path: 'run.json' }] });
    expect(out).not.toHaveProperty('error_code');
    expect((await run('verify', 'run_demo')).stdout.split('\n').slice(0, 2)).toEqual(['verify failed: gait-out/runpack_run_demo.zip', 'hash mismatches: 1']);
  });
});

describe('gait run', () => {
  beforeEach(() => writeFileSync(join(cwd, 'record.json'), JSON.stringify(RECORD)));

  it('records, inspects, replays, receipts and diffs', async () => {
    const record = await run('run', 'record', 'record.json', '--json');
    expect(record.code).toBe(0);
    expect(json(record.stdout)).toMatchObject({ ok: true, run_id: 'run_cli', bundle: './gait-out/runpack_run_cli.zip', signature_status: 'missing' });

    const inspect = await run('run', 'inspect', 'run_cli');
    expect(inspect.stdout.split('\n').slice(0, 4)).toEqual([
      'run inspect: run_id=run_cli intents=2 results=1 capture_mode=reference',
      'path: gait-out/runpack_run_cli.zip',
      '1. intent=intent_1 tool=tool.fetch status=ok',
      '2. intent=intent_2 tool=tool.mystery status=missing_result',
    ]);

    const replay = await run('run', 'replay', 'run_cli', '--json');
    expect(replay.code).toBe(2);
    expect(json(replay.stdout)).toMatchObject({ ok: false, missing_results: ['intent_2'] });
    expect((await run('run', 'replay', 'run_cli')).stdout).toBe('replay failed: run_cli\nmissing results: intent_2\n');

    const receipt = await run('run', 'receipt', 'run_cli');
    expect(receipt.stdout).toMatch(/^GAIT run_id=run_cli manifest=sha256:[0-9a-f]{64} verify="gait verify run_cli"\n$/);

    await run('run', 'record', 'record.json', '--run-id', 'run_cli2', '--capture-mode', 'raw');
    const diff = await run('run', 'diff', 'run_cli', 'run_cli2', '--json', '--output', 'diff.json');
    expect(diff.code).toBe(2);
    expect(json(diff.stdout).summary).toMatchObject({ manifest_changed: true, context_drift_classification: 'semantic' });
    expect(readFileSync(join(cwd, 'diff.json'), 'utf8')).toMatch(/^\{"privacy":"full","summary":\{"run_id_left":"run_cli",/);
    expect((await run('run', 'diff', 'run_cli', 'run_cli')).stdout).toBe('diff ok: run_cli vs run_cli\n');

    const reduce = await run('run', 'reduce', '--from', 'run_cli', '--json');
    expect(json(reduce.stdout)).toMatchObject({
      ok: true,
      output: 'gait-out/runpack_run_cli_reduced_missing_result.zip',
      reduced_run_id: 'run_cli_reduced_missingresult',
      report: { selected_intent_id: 'intent_2', still_failing: true },
    });
    expect((await run('verify', './gait-out/runpack_run_cli_reduced_missing_result.zip')).code).toBe(0);
  });

  it('signs with --key-mode dev and reports the throwaway key', async () => {
    const out = json((await run('run', 'record', '--input', 'record.json', '--key-mode', 'dev', '--json')).stdout);
    expect(out).toMatchObject({ signature_status: 'signed' });
    expect(out.signature_key_id).toMatch(/^[0-9a-f]{64}$/);
    expect(out.warnings.join(' ')).toMatch(/ephemeral/);
  });

  it('takes receipts from a context envelope, and ignores a broken one unless evidence is required', async () => {
    const receipt = { ref_id: 'ref_1', source_type: 'http', source_locator: 'https://example.com', query_digest: '3'.repeat(64), content_digest: '4'.repeat(64), retrieved_at: '2026-02-14T00:00:00Z', redaction_mode: 'metadata' };
    writeFileSync(join(cwd, 'envelope.json'), JSON.stringify({ context_set_id: 'run_tck', records: [receipt] }));
    const ok = await run('run', 'record', 'record.json', '--context-envelope', 'envelope.json', '--context-evidence-mode', 'required', '--json');
    expect(ok.code).toBe(0);
    const { readRunpack } = await import('@gait/core-runpack');
    const refs = (await readRunpack(join(cwd, 'gait-out/runpack_run_cli.zip'))).refs;
    expect(refs).toMatchObject({ context_set_digest: 'bf5735ae784771a37e4b5d3abe650fc128e3b099b7073ed3081b9c77402fecf3', context_evidence_mode: 'required', context_ref_count: 1 });
    const ignored = json((await run('run', 'record', 'record.json', '--context-envelope', 'nope.json', '--json')).stdout);
    expect(ignored.warnings[0]).toMatch(/^context envelope ignored: read context envelope: /);
    const required = await run('run', 'record', 'record.json', '--context-envelope', 'nope.json', '--context-evidence-mode', 'required');
    expect(required.code).toBe(6);
    expect((await run('run', 'record', 'record.json', '--context-envelope', 'https://x/e.json')).stdout).toBe('record error: context envelope path must be a local filesystem path\n');
  });

  it('reports record input errors with the reference messages', async () => {
    expect((await run('run', 'record')).stdout).toBe('record error: missing required --input <run_record.json>\n');
    writeFileSync(join(cwd, 'bad.json'), '{"run":{}}');
    expect((await run('run', 'record', 'bad.json')).stdout).toBe('record error: input run.run_id is required (or set --run-id)\n');
    expect((await run('run', 'record', 'record.json', '--capture-mode', 'full')).stdout).toBe('record error: capture mode must be one of: reference, raw\n');
  });

  it('guards real replay with exit 8 before reading anything', async () => {
    const a = await run('run', 'replay', 'run_missing', '--real-tools', '--json');
    expect(a.code).toBe(8);
    expect(json(a.stdout)).toMatchObject({ error: 'real tool execution requires --unsafe-real-tools', error_code: 'unsafe_operation', error_category: 'internal_failure' });
    expect((await run('run', 'replay', 'x', '--real-tools', '--unsafe-real-tools')).code).toBe(8);
    expect((await run('run', 'replay', 'x', '--real-tools', '--unsafe-real-tools', '--allow-tools', 'echo')).stdout).toBe(
      'replay error: real tool execution requires GAIT_ALLOW_REAL_REPLAY=1\n',
    );
    writeFileSync(join(cwd, 'echo.json'), JSON.stringify({ run: { run_id: 'run_echo' }, intents: [{ intent_id: 'i1', tool_name: 'echo', args: { message: 'hi' } }] }));
    await run('run', 'record', 'echo.json', '--capture-mode', 'raw');
    const real = await runCaptured(['run', 'replay', 'run_echo', '--real-tools', '--unsafe-real-tools', '--allow-tools', 'echo', '--json'], {
      cwd,
      env: { GAIT_ALLOW_REAL_REPLAY: '1' },
      correlationId: 'cid',
    });
    expect(real.code).toBe(0);
    expect(json(real.stdout)).toMatchObject({ ok: true, mode: 'real', warnings: ['allow_tools=echo'], requested_unsafe: true, steps: [{ execution: 'executed', status: 'ok' }] });
  });

  it('runs a session end to end and prints redacted text', async () => {
    expect((await run('run', 'session', 'start', '--journal', 's/j.jsonl', '--session-id', 'sess_a', '--run-id', 'run_s')).stdout).toBe(
      'session start: session_id=sess_a run_id=run_s events=0 checkpoints=0 last_sequence=0\njournal: s/j.jsonl\n',
    );
    expect((await run('run', 'session', 'append', '--journal', 's/j.jsonl', '--tool', 'tool.secret', '--verdict', 'Block')).stdout).toBe(
      'session append: sequence=1 tool=redacted verdict=block\njournal: s/j.jsonl\n',
    );
    expect((await run('run', 'session', 'checkpoint', '--journal', 's/j.jsonl', '--out', 's/cp1.zip')).stdout).toBe(
      'session checkpoint: index=1 runpack=redacted range=1..1\nsession chain: s/j_chain.json\n',
    );
    const verify = await run('verify', 'session-chain', './s/j_chain.json');
    expect(verify.stdout).toBe('verify session-chain: ok (./s/j_chain.json)\nsession=sess_a run=run_s checkpoints=1\n');
    const compact = await run('run', 'session', 'compact', '--journal', 's/j.jsonl', '--json');
    expect(json(compact.stdout).compaction).toMatchObject({ compacted: true, events_before: 1, events_after: 0, checkpoints: 1 });
    expect((await run('run', 'session', 'append', '--journal', 's/j.jsonl', '--tool', 't')).stdout).toBe(
      'run session append error: --journal, --tool, and --verdict are required\n',
    );
  });
});
