/**
 * Call packs through the CLI: `gait pack build --type call` and the `gait voice pack …` routes,
 * their exit codes (0 ok, 2 verification failed or changed, 6 invalid input) and that bad input
 * leaves no pack behind.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readZipSafe, writeDeterministicZip } from '@gait/core-fsx';
import { runCaptured } from '../../testing/run-captured.js';
import { callRecord, demoRunpack } from '../../../../core-pack/src/testing/call-vector.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-voice-'));
  writeCall(callRecord());
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

type Rec = Record<string, any>;
function writeCall(record: Rec, name = 'call.json'): void {
  writeFileSync(join(cwd, 'runpack_run_demo.zip'), demoRunpack());
  writeFileSync(join(cwd, name), JSON.stringify(record));
}

const run = async (argv: string[]) => {
  const out = await runCaptured(argv, { cwd, env: {}, correlationId: 'c' });
  return { code: out.code, json: out.stdout.startsWith('{') ? (JSON.parse(out.stdout) as Rec) : {}, stdout: out.stdout, stderr: out.stderr };
};

const packsIn = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('pack_'));

describe('gait pack build --type call', () => {
  it('builds beside the call record, and pack verify/inspect accept it', async () => {
    const build = await run(['pack', 'build', '--type', 'call', '--from', 'call.json', '--json']);
    expect(build.code).toBe(0);
    expect(build.json).toMatchObject({ schema_id: 'gait.pack.output', ok: true, operation: 'build', pack_type: 'call', source_ref: 'call_demo' });
    expect(build.json.path).toBe(`pack_${build.json.pack_id}.zip`);
    expect(existsSync(join(cwd, build.json.path))).toBe(true);
    expect(existsSync(join(cwd, 'gait-out'))).toBe(false);

    const verify = await run(['pack', 'verify', build.json.path, '--json']);
    expect(verify).toMatchObject({ code: 0, json: { ok: true, pack_type: 'call', verify: { files_checked: 9 } } });
    const inspect = await run(['pack', 'inspect', build.json.path]);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toContain('events: 7 commitments: 1 decisions: 1 speak receipts: 1');
  });

  it('signs with a dev key and honours --out', async () => {
    const build = await run(['pack', 'build', '--type', 'call', '--from', 'call.json', '--key-mode', 'dev', '--out', 'out/call.zip', '--json']);
    expect(build).toMatchObject({ code: 0, json: { path: 'out/call.zip' } });
    const verify = await run(['pack', 'verify', 'out/call.zip', '--json']);
    expect(verify.json.verify.signatures_total).toBe(1);
  });
});

describe('gait voice pack build|verify|inspect|diff', () => {
  it('routes to the call-pack pipeline with the same results', async () => {
    const viaPack = await run(['pack', 'build', '--type', 'call', '--from', 'call.json', '--out', 'a.zip', '--json']);
    const viaVoice = await run(['voice', 'pack', 'build', '--from', 'call.json', '--json']);
    expect(viaVoice.code).toBe(0);
    expect(viaVoice.json).toMatchObject({ operation: 'build', pack_type: 'call', pack_id: viaPack.json.pack_id });
    const path = viaVoice.json.path as string;

    expect(await run(['voice', 'pack', 'verify', path, '--json'])).toMatchObject({ code: 0, json: { ok: true, operation: 'verify' } });
    const inspect = await run(['voice', 'pack', 'inspect', path, '--json']);
    expect(inspect).toMatchObject({ code: 0, json: { operation: 'inspect', inspect: { call_payload: { call_id: 'call_demo', event_count: 7 } } } });
    expect((await run(['voice', 'pack', 'diff', path, 'a.zip', '--json'])).code).toBe(0);

    const other = callRecord();
    other.reference_digests = null;
    writeCall(other, 'other.json');
    const otherPack = await run(['voice', 'pack', 'build', '--from', 'other.json', '--out', 'b.zip', '--json']);
    expect(otherPack.code).toBe(0);
    const diff = await run(['voice', 'pack', 'diff', path, 'b.zip', '--json']);
    expect(diff.code).toBe(2);
    expect(diff.json.diff.Result.summary.changed_files).toContain('reference_digests.json');
  });

  it('refuses another pack type', async () => {
    expect(await run(['voice', 'pack', 'build', '--type', 'run', '--from', 'call.json', '--json'])).toMatchObject({ code: 6, json: { ok: false } });
  });

  it('prints its family usage for `gait voice`', async () => {
    const out = await run(['voice']);
    expect(out.stdout).toMatch(/voice pack build/);
  });
});

describe('exit 2: a call pack that fails verification', () => {
  it('a tampered member', async () => {
    const path = (await run(['pack', 'build', '--type', 'call', '--from', 'call.json', '--json'])).json.path as string;
    const entries = readZipSafe(readFileSync(join(cwd, path))).map((e) => ({
      name: e.name,
      data: e.name === 'gate_decisions.jsonl' ? Buffer.from(Buffer.from(e.data).toString().replace('"allow"', '"block"')) : e.data,
    }));
    writeFileSync(join(cwd, 'tampered.zip'), writeDeterministicZip(entries));
    const verify = await run(['voice', 'pack', 'verify', 'tampered.zip', '--json']);
    expect(verify).toMatchObject({ code: 2, json: { ok: false, verify: { hash_mismatches: [{ path: 'gate_decisions.jsonl' }] } } });
  });

  it('a runpack that does not verify fails the build, writing nothing', async () => {
    const runpack = readZipSafe(demoRunpack()).map((e) => ({ name: e.name, data: e.name === 'intents.jsonl' ? Buffer.concat([e.data, Buffer.from('\n')]) : e.data }));
    writeFileSync(join(cwd, 'runpack_run_demo.zip'), writeDeterministicZip(runpack));
    const build = await run(['pack', 'build', '--type', 'call', '--from', 'call.json', '--json']);
    expect(build).toMatchObject({ code: 2, json: { ok: false, operation: 'build' } });
    expect(packsIn(cwd)).toEqual([]);
  });
});

describe('exit 6: bad input, and no partial output', () => {
  const cases: [string, (r: Rec) => void, RegExp][] = [
    ['a missing runpack', (r) => (r.runpack_path = 'gone/runpack.zip'), /runpack not found/],
    ['a wrong event set', (r) => (r.events = r.events.filter((e: Rec) => e.event_type !== 'tts.request')), /missing required event types: tts\.request/],
    ['an unknown field', (r) => (r.commitments[0].mood = 'upbeat'), /\/commitments\/0\/mood is not an allowed property/],
  ];
  it.each(cases)('%s', async (_name, edit, message) => {
    const record = callRecord();
    edit(record);
    writeCall(record);
    const build = await run(['voice', 'pack', 'build', '--from', 'call.json', '--json']);
    expect(build.code).toBe(6);
    expect(build.json).toMatchObject({ ok: false, operation: 'build', error: expect.stringMatching(message) });
    expect(packsIn(cwd)).toEqual([]);
    expect(readdirSync(cwd).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('a missing call record, and a text-mode error line', async () => {
    const build = await run(['pack', 'build', '--type', 'call', '--from', 'nope.json']);
    expect(build.code).toBe(6);
    expect(build.stdout + build.stderr).toMatch(/^pack build error: call record not found: .*nope\.json$/m);
    expect(packsIn(cwd)).toEqual([]);
  });
});
