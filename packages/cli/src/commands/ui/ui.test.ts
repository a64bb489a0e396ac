import { describe, expect, it } from 'vitest';
import { runCaptured } from '../../testing/run-captured.js';
import { startUi } from './serve.js';

const run = (argv: string[]) => runCaptured(argv, { env: {}, correlationId: 'c' });

describe('gait ui flags', () => {
  it('refuses a non-loopback address without --allow-non-loopback, an empty one, and positionals', async () => {
    expect(await run(['ui', '--listen', '0.0.0.0:7980'])).toMatchObject({ code: 6, stdout: 'ui error: non-loopback --listen requires --allow-non-loopback\n' });
    expect(await run(['ui', '--listen', ':7980', '--json'])).toMatchObject({ code: 6 });
    expect(await run(['ui', '--listen', ' '])).toMatchObject({ code: 6, stdout: 'ui error: --listen must not be empty\n' });
    expect((await run(['ui', 'extra'])).code).toBe(6);
    expect(await run(['ui', '--explain'])).toMatchObject({ code: 0, stdout: 'Run an optional localhost UI that orchestrates existing Gait commands for first-run, artifact, and regression workflows.\n' });
  });

  it('serves on a loopback port without a token', async () => {
    const ui = await startUi({ listen: '127.0.0.1:0', workDir: process.cwd(), env: {}, allowNonLoopback: false });
    try {
      expect(ui.token).toBeUndefined();
      expect(ui.openUrl).toBe(ui.url);
      expect(await (await fetch(`${ui.url}/api/health`)).json()).toEqual({ ok: true, service: 'gait.ui' });
    } finally {
      await ui.close();
    }
  });

  it('exits 1 when the address is taken', async () => {
    const first = await startUi({ listen: '127.0.0.1:0', workDir: process.cwd(), env: {}, allowNonLoopback: false });
    try {
      const taken = await run(['ui', '--listen', first.listen, '--open-browser=false']);
      expect(taken.code).toBe(1);
      expect(taken.stdout).toMatch(/^ui error: .*EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
