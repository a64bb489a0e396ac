/**
 * The flow the README shows, end to end through the CLI: a demo run, a gated call that writes a
 * signed trace, a guard evidence pack and an incident pack of that run, then verification of both
 * (and of the whole chain), packs of the run and of a durable job, encryption and retention.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readZipSafe } from '@gait/core-fsx';
import { runCaptured } from '../../testing/run-captured.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-packs-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const run = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const out = await runCaptured(argv, { cwd, env, correlationId: 'c' });
  return { code: out.code, json: out.stdout.startsWith('{') ? (JSON.parse(out.stdout) as Record<string, any>) : {}, stdout: out.stdout };
};

const policy = [
  'schema_id: gait.gate.policy',
  'schema_version: 1.0.0',
  'default_verdict: allow',
  'rules:',
  '  - name: block-delete',
  '    priority: 10',
  '    effect: block',
  '    match:',
  '      tool_names: [tool.delete]',
  '    reason_codes: [destructive_tool_blocked]',
  '',
].join('\n');

const intent = {
  schema_id: 'gait.gate.intent_request',
  schema_version: '1.0.0',
  created_at: '2026-02-05T01:00:00Z',
  producer_version: '0.0.0-test',
  tool_name: 'tool.delete',
  args: { path: '/tmp/demo/delete-me.txt' },
  targets: [{ kind: 'path', value: '/tmp/demo/delete-me.txt', operation: 'delete' }],
  arg_provenance: [{ arg_path: '$.path', source: 'user' }],
  context: { identity: 'demo.user', workspace: '/tmp/demo', risk_class: 'high' },
};

describe('gait demo → gate eval → guard pack → incident pack', () => {
  it('builds both packs around the run and verifies them, alone and as a chain', async () => {
    expect((await run(['demo', '--json'])).code).toBe(0);
    expect((await run(['keys', 'init', '--out-dir', 'keys', '--prefix', 'prod', '--json'])).code).toBe(0);
    writeFileSync(join(cwd, 'policy.yaml'), policy);
    writeFileSync(join(cwd, 'intent.json'), JSON.stringify(intent));
    const gate = await run(['gate', 'eval', '--policy', 'policy.yaml', '--intent', 'intent.json', '--trace-out', 'gait-out/trace_delete.json', '--key-mode', 'prod', '--private-key', 'keys/prod_private.key', '--json']);
    expect(gate.json.verdict).toBe('block');
    const trace = 'gait-out/trace_delete.json';

    const guard = await run(['guard', 'pack', '--run', 'run_demo', '--trace', trace, '--template', 'soc2', '--render-pdf', '--case-id', 'INC-1', '--key-mode', 'prod', '--private-key', 'keys/prod_private.key', '--json']);
    expect(guard.code).toBe(0);
    expect(guard.json).toMatchObject({ ok: true, run_id: 'run_demo', template_id: 'soc2', controls: 3, rendered_artifacts: 1 });
    expect(guard.json.pack_path).toBe(`gait-out/evidence_pack_${guard.json.pack_id}.zip`);
    const members = readZipSafe(readFileSync(join(cwd, guard.json.pack_path))).map((m) => m.name);
    expect(members).toEqual(expect.arrayContaining(['trace_summary.json', 'summary.pdf', 'control_index.json', 'evidence_pointers.json']));

    const incident = await run(['incident', 'pack', '--from', 'run_demo', '--window', '2h', '--out', 'gait-out/incident_pack_run_demo.zip', '--json']);
    expect(incident.code).toBe(0);
    expect(incident.json).toMatchObject({ ok: true, trace_count: 1, window_from: '2026-02-04T22:00:00Z', window_to: '2026-02-05T02:00:00Z' });
    expect(incident.json.policy_digests).toEqual([gate.json.policy_digest]);

    const key = ['--public-key', 'keys/prod_public.key'];
    expect((await run(['guard', 'verify', guard.json.pack_path, ...key, '--require-signature', '--json'])).json).toMatchObject({ ok: true, signature_status: 'verified' });
    expect((await run(['guard', 'verify', 'gait-out/incident_pack_run_demo.zip', '--json'])).json).toMatchObject({ ok: true, signature_status: 'missing' });
    expect((await run(['pack', 'verify', 'gait-out/incident_pack_run_demo.zip', '--json'])).json).toMatchObject({ ok: true, pack_type: 'guard' });
    const chain = await run(['verify', 'chain', '--run', 'run_demo', '--trace', trace, '--pack', guard.json.pack_path, ...key, '--json']);
    expect(chain.code).toBe(0);
    expect(chain.json).toMatchObject({ ok: true, run: { ok: true }, trace: { ok: true, verdict: 'block' }, pack: { ok: true } });
    expect((await run(['verify', 'chain', '--run', 'run_demo', '--trace', trace, '--json'])).code).toBe(6);
  });
});

describe('gait pack build|verify|inspect|diff', () => {
  it('packs a run and a durable job, verifies, inspects and diffs them', async () => {
    await run(['demo', '--json']);
    expect((await run(['demo', '--durable', '--json'])).code).toBe(0);
    const runPack = await run(['pack', 'build', '--type', 'run', '--from', 'run_demo', '--json']);
    expect(runPack.json).toMatchObject({ ok: true, schema_id: 'gait.pack.output', operation: 'build', pack_type: 'run', source_ref: 'run_demo' });
    expect(runPack.json.path).toBe(`gait-out/pack_${runPack.json.pack_id}.zip`);
    const jobPack = await run(['pack', 'build', '--type', 'job', '--from', 'job_demo_durable', '--out', 'gait-out/job.zip', '--json']);
    expect(jobPack.json).toMatchObject({ ok: true, pack_type: 'job', source_ref: 'job_demo_durable', path: 'gait-out/job.zip' });
    const verify = await run(['pack', 'verify', runPack.json.path, '--json']);
    expect(verify.json.verify).toMatchObject({ proof_records_verified: 3, signature_status: 'missing' });
    const inspect = await run(['pack', 'inspect', 'gait-out/job.zip', '--json']);
    expect(inspect.json.inspect.job_lineage).toMatchObject({ event_count: 5, last_event_type: 'checkpoint_added' });
    const diff = await run(['pack', 'diff', runPack.json.path, 'gait-out/job.zip', '--output', 'gait-out/diff.json', '--json']);
    expect(diff.code).toBe(2);
    expect(diff.json.diff.Result.summary).toMatchObject({ changed: true, manifest_delta: true, added_files: ['job_events.jsonl', 'job_payload.json', 'job_state.json'] });
    expect(JSON.parse(readFileSync(join(cwd, 'gait-out/diff.json'), 'utf8')).schema_id).toBe('gait.pack.diff');
    expect((await run(['pack', 'diff', runPack.json.path, runPack.json.path, '--json'])).code).toBe(0);
  });

  it('reports usage errors with the reference messages and exit 6', async () => {
    expect((await run(['pack', 'build', '--json'])).json).toMatchObject({ error: '--from is required', schema_id: 'gait.pack.output', operation: 'build' });
    expect((await run(['pack', 'build', '--type', 'zip', '--from', 'x', '--json'])).json.error).toBe('--type must be run, job, or call');
    expect((await run(['pack', 'diff', 'a.zip', '--json'])).code).toBe(6);
    expect((await run(['pack', 'verify', 'missing.zip', '--json'])).code).toBe(6);
    expect((await run(['guard', 'pack', '--json'])).json.error).toBe('expected --run <run_id|path>');
    expect((await run(['incident', 'pack', '--json'])).json.error).toBe('expected --from <run_id|path>');
    expect((await run(['guard', 'encrypt', '--json'])).json.error).toBe('expected --in <artifact>');
  });
});

describe('gait guard encrypt|decrypt|retain', () => {
  const env = { PACK_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', WRONG_KEY: 'HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4=' };

  it('round-trips a file; a wrong key or a corrupted envelope exits 6 and writes nothing', async () => {
    writeFileSync(join(cwd, 'evidence_pack_x.zip'), 'pack bytes');
    const enc = await run(['guard', 'encrypt', '--in', 'evidence_pack_x.zip', '--key-env', 'PACK_KEY', '--json'], env);
    expect(enc.json).toMatchObject({ ok: true, path: 'evidence_pack_x.zip.gaitenc', algorithm: 'aes-256-gcm', key_mode: 'env', key_ref: 'PACK_KEY', plain_size: 10 });
    const dec = await run(['guard', 'decrypt', '--in', 'evidence_pack_x.zip.gaitenc', '--out', 'plain.zip', '--key-env', 'PACK_KEY', '--json'], env);
    expect(dec.json).toMatchObject({ ok: true, path: 'plain.zip', plain_sha256: enc.json.plain_sha256 });
    expect(readFileSync(join(cwd, 'plain.zip'), 'utf8')).toBe('pack bytes');
    const wrong = await run(['guard', 'decrypt', '--in', 'evidence_pack_x.zip.gaitenc', '--out', 'no.zip', '--key-env', 'WRONG_KEY', '--json'], env);
    expect(wrong).toMatchObject({ code: 6, json: { error: 'decrypt artifact: cipher: message authentication failed' } });
    const envelope = JSON.parse(readFileSync(join(cwd, 'evidence_pack_x.zip.gaitenc'), 'utf8'));
    // Change the first character for certain: the nonce is random, so it may already be an 'A'.
    envelope.ciphertext = `${envelope.ciphertext.startsWith('A') ? 'B' : 'A'}${envelope.ciphertext.slice(1)}`;
    writeFileSync(join(cwd, 'bad.gaitenc'), JSON.stringify(envelope));
    expect((await run(['guard', 'decrypt', '--in', 'bad.gaitenc', '--out', 'no.zip', '--key-env', 'PACK_KEY', '--json'], env)).code).toBe(6);
    writeFileSync(join(cwd, 'truncated.gaitenc'), '{"schema_id":');
    expect((await run(['guard', 'decrypt', '--in', 'truncated.gaitenc', '--out', 'no.zip', '--key-env', 'PACK_KEY', '--json'], env)).code).toBe(6);
    expect(existsSync(join(cwd, 'no.zip'))).toBe(false);
    expect(readdirSync(cwd).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('retains by TTL, with a dry run and a report', async () => {
    writeFileSync(join(cwd, 'trace_old.json'), '{}');
    const old = new Date(Date.now() - 10 * 86_400_000);
    utimesSync(join(cwd, 'trace_old.json'), old, old);
    writeFileSync(join(cwd, 'trace_new.json'), '{}');
    const dry = await run(['guard', 'retain', '--dry-run', '--report-out', 'retention.json', '--json']);
    expect(dry.json).toMatchObject({ ok: true, root_path: '.', dry_run: true, scanned_files: 2, deleted_files: [{ path: 'trace_old.json', kind: 'trace', action: 'deleted' }] });
    expect(existsSync(join(cwd, 'trace_old.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(cwd, 'retention.json'), 'utf8')).schema_id).toBe('gait.guard.retention_report');
    const real = await run(['guard', 'retain', '--trace-ttl', '168h', '--json']);
    expect(real.json.deleted_files).toHaveLength(1);
    expect(existsSync(join(cwd, 'trace_old.json'))).toBe(false);
    expect((await run(['guard', 'retain', '--trace-ttl', 'soon', '--json'])).code).toBe(6);
  });
});
