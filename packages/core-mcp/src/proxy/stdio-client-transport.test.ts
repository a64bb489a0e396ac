/** The upstream line transport against real child processes (small Node scripts). */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { StdioLineClientTransport, type StdioChildParams } from './stdio-client-transport.js';

/** Answers each line with a response echoing the request, plus what it sees of its environment. */
const ECHO_CHILD = `
let buf = '';
process.stdin.on('data', (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf('\\n')) >= 0) {
    const m = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    const env = { probe: process.env.GAIT_PROBE ?? null, leaked: process.env.GAIT_NOT_PASSED ?? null, path: Boolean(process.env.PATH) };
    process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { method: m.method, cwd: process.cwd(), env } }) + '\\n');
  }
});
process.stdin.on('end', () => setTimeout(() => process.exit(0), 50));
process.on('SIGTERM', () => {
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'test/sigterm' }) + '\\n');
  process.exit(0);
});
`;

/** Ignores the end of stdin and SIGTERM (saying it got it): only SIGKILL ends it. */
const STUBBORN_CHILD = `
process.on('SIGTERM', () => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', method: 'test/sigterm' }) + '\\n'));
process.stdin.resume();
setInterval(() => {}, 1000);
process.stdout.write('ready\\n');
`;

const transports: StdioLineClientTransport[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function child(script: string, extra: Partial<StdioChildParams> = {}): StdioLineClientTransport {
  const transport = new StdioLineClientTransport({ command: process.execPath, args: ['-e', script], ...extra });
  transports.push(transport);
  return transport;
}

function nextMessage(transport: StdioLineClientTransport): Promise<unknown> {
  return new Promise((resolve) => (transport.onmessage = (m) => resolve(m)));
}

describe('StdioLineClientTransport', () => {
  it('spawns with the default environment plus the given env, in the given cwd, and exchanges lines', async () => {
    process.env.GAIT_NOT_PASSED = 'secret';
    const cwd = realpathSync(mkdtempSync(`${tmpdir()}/gait-stdio-child-`));
    dirs.push(cwd);
    try {
      const transport = child(ECHO_CHILD, { env: { GAIT_PROBE: 'yes' }, cwd });
      await transport.start();
      expect(transport.pid).toEqual(expect.any(Number));
      const answer = nextMessage(transport);
      await transport.send({ jsonrpc: '2.0', id: 7, method: 'ping' });
      expect(await answer).toEqual({ jsonrpc: '2.0', id: 7, result: { method: 'ping', cwd, env: { probe: 'yes', leaked: null, path: true } } });
    } finally {
      delete process.env.GAIT_NOT_PASSED;
    }
  });

  it('hands the tap the lines it takes, raw, and validates the rest', async () => {
    const transport = child(ECHO_CHILD);
    const tapped: unknown[] = [];
    transport.tap = (m) => (m as { id?: unknown }).id === 'lane-1' && tapped.push(m) > 0;
    await transport.start();
    const validated = nextMessage(transport);
    await transport.send({ jsonrpc: '2.0', id: 'lane-1', method: 'tools/call' });
    await transport.send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(await validated).toMatchObject({ id: 2, result: { method: 'tools/list' } });
    expect(tapped).toMatchObject([{ id: 'lane-1', result: { method: 'tools/call' } }]);
  });

  it('closes a well-behaved child by ending its stdin, without signals, and reports onclose', async () => {
    const transport = child(ECHO_CHILD, { closeGraceMs: 10_000 });
    const seen: unknown[] = [];
    let closed = 0;
    transport.onmessage = (m) => void seen.push(m);
    transport.onclose = () => void closed++;
    await transport.start();
    await transport.close();
    expect(closed).toBe(1);
    expect(seen).toEqual([]);
    await expect(transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' })).rejects.toThrow(/Not connected/);
  });

  it('sends SIGTERM, then SIGKILL, to a child that outlives the grace periods', async () => {
    const transport = child(STUBBORN_CHILD, { closeGraceMs: 300 });
    const errors: Error[] = [];
    const seen: unknown[] = [];
    transport.onmessage = (m) => void seen.push(m);
    const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
    await transport.start();
    const pid = transport.pid!;
    // 'ready' is not JSON: reported, and the child keeps running.
    await new Promise<void>((resolve) => (transport.onerror = (e) => (errors.push(e), resolve())));
    await transport.close();
    await closed;
    expect(errors[0]).toBeInstanceOf(SyntaxError);
    expect(seen).toEqual([{ jsonrpc: '2.0', method: 'test/sigterm' }]);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('reports onclose when the child exits by itself', async () => {
    const transport = child('process.exit(0)');
    const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
    await transport.start();
    await closed;
    expect(transport.pid).toBeNull();
  });

  it('rejects start for a command that cannot be spawned, and a second start', async () => {
    const missing = new StdioLineClientTransport({ command: '/nonexistent/gait-no-such-server' });
    const errors: Error[] = [];
    missing.onerror = (e) => void errors.push(e);
    await expect(missing.start()).rejects.toThrow(/ENOENT/);
    expect(errors).toHaveLength(1);
    await expect(missing.start()).rejects.toThrow(/already started/);
  });
});
