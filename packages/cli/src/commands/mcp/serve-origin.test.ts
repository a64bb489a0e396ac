/** `gait mcp serve --allow-origin`: repeatable, checked at start-up (the Origin checks themselves are tested in @gait/core-mcp). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCaptured } from '../../testing/run-captured.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-serve-origin-'));
  writeFileSync(join(cwd, 'policy.yaml'), 'default_verdict: block\n');
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const run = (args: string[]) => runCaptured(args, { cwd, env: {} });

describe('gait mcp serve --allow-origin', () => {
  it('takes every value given and refuses one that is not an origin before listening (exit 6)', async () => {
    const args = ['mcp', 'serve', '--policy', 'policy.yaml', '--listen', '127.0.0.1:0', '--allow-origin', 'app.example', '--allow-origin', 'https://app.example'];
    const text = await run(args);
    expect([text.code, text.stdout]).toEqual([
      6,
      'mcp proxy error: invalid --allow-origin value: "app.example" (expected an origin such as https://app.example, or *)\n',
    ]);
    // The bad value second: a flag that kept only its first value would let it through.
    const reordered = await run(['mcp', 'serve', '--policy', 'policy.yaml', '--listen', '127.0.0.1:0', '--allow-origin', 'https://app.example', '--allow-origin', 'app.example']);
    expect([reordered.code, reordered.stdout]).toEqual([text.code, text.stdout]);
    const json = await run([...args, '--json']);
    expect(json.code).toBe(6);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error_code: 'invalid_input', error: expect.stringContaining('"app.example"') });
  });

  it('documents the flag in the command help', async () => {
    const help = await run(['mcp', 'serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--allow-origin .*repeatable; \* accepts any/);
  });
});
