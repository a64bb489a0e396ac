import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError, InvalidInputError, VerificationError } from '@gait/core-errors';
import { Command, Option } from 'clipanion';
import { describe, expect, it } from 'vitest';
import { announceSkip, conformanceDir, hasConformance } from '../../../test-support/conformance.js';
import * as registered from './commands/index.js';
import { correlationId } from './correlation.js';
import { GaitCommand } from './gait-command.js';
import type { GaitCommandClass } from './registry.js';
import { runCaptured } from './testing/run-captured.js';

const goldenDir = join(conformanceDir, 'cmd/gait/testdata');
announceSkip('error-envelope goldens', hasConformance, conformanceDir);

/** A command that fails the way its flags say, to drive the base class's error path. */
class FailCommand extends GaitCommand {
  static override paths = [['probe', 'fail']];
  static override usage = Command.Usage({ description: 'Fail on purpose.' });
  kind = Option.String('--kind', 'invalid', { description: 'invalid | internal | verify | plain | lock' });
  message = Option.String('--message', 'boom', { description: 'error message' });

  protected async run(): Promise<number> {
    const errors: Record<string, Error> = {
      invalid: new InvalidInputError(this.message),
      internal: new InternalError(this.message),
      verify: new VerificationError(this.message),
      plain: new Error(this.message),
    };
    throw errors[this.kind] ?? new Error(`unknown kind ${this.kind}`);
  }
}

/** A command with a soft failure, a chosen exit code and a positional. */
class EmitCommand extends GaitCommand {
  static override paths = [['probe', 'emit']];
  static override label = 'probe';
  static override usage = Command.Usage({ description: 'Emit a result.' });
  target = Option.String({ required: true, name: 'target' });

  protected async run(): Promise<number> {
    return this.emit({ ok: false, target: this.target, mismatches: ['b', 'a'] }, ['probe: changed', `target=${this.target}`], 2);
  }
}

class UnencodableCommand extends GaitCommand {
  static override paths = [['probe', 'bigint']];
  static override usage = Command.Usage({ description: 'Emit what JSON cannot encode.' });
  protected async run(): Promise<number> {
    return this.emit({ ok: true, size: 10n }, 'size=10');
  }
}

class LegacyCommand extends GaitCommand {
  static override paths = [['legacy']];
  static override interspersedFlags = false;
  static override usage = Command.Usage({ description: 'Flags must come first.' });
  file = Option.String({ required: false, name: 'file' });
  protected async run(): Promise<number> {
    return this.emit({ ok: true, file: this.file }, `file=${this.file}`);
  }
}

const withProbes: GaitCommandClass[] = [...Object.values(registered), FailCommand, EmitCommand, UnencodableCommand, LegacyCommand];

describe('top-level dispatch', () => {
  it('prints `gait <version>` with no arguments', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8')) as { version: string };
    expect(await runCaptured([])).toEqual({ code: 0, stdout: `gait ${pkg.version}\n`, stderr: '' });
  });

  it('lists every registered command with its description under --help, -h and help', async () => {
    const registeredPaths = Object.values(registered).map((c) => (c.paths as string[][])[0]!.join(' '));
    for (const word of ['--help', '-h', 'help']) {
      const { code, stdout } = await runCaptured([word]);
      expect(code).toBe(0);
      expect(stdout.startsWith('Usage:\n  gait ')).toBe(true);
      for (const path of registeredPaths) expect(stdout).toMatch(new RegExp(`^  ${path} +\\S`, 'm'));
    }
  });

  it('rejects an unknown command with exit 6: error line and usage, or only the envelope under --json', async () => {
    const text = await runCaptured(['bogus']);
    expect(text.code).toBe(6);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual(['error: unknown command: bogus', 'Usage:']);

    const json = await runCaptured(['bogus', 'x', '--json'], { correlationId: 'cid' });
    expect(json.code).toBe(6);
    expect(json.stdout).toBe(
      '{"correlation_id":"cid","error":"unknown command: bogus","error_category":"invalid_input","error_code":"invalid_input","hint":"check command usage and input schema","ok":false,"retryable":false}\n',
    );
    expect((await runCaptured(['--json'])).stdout).toContain('"error":"unknown command: --json"');
  });

  it('refuses the old spelling `gait mcp-verify` with a migration error, hint and exit 6', async () => {
    const text = await runCaptured(['mcp-verify', '--policy', 'p.yaml', '--server', 's.json']);
    expect(text.code).toBe(6);
    expect(text.stdout.split('\n').slice(0, 3)).toEqual([
      'error: deprecated command spelling: gait mcp-verify -> gait mcp verify',
      'hint: use `gait mcp verify` instead',
      'Usage:',
    ]);

    const json = await runCaptured(['mcp-verify', '--json'], { correlationId: 'cid' });
    expect(json.code).toBe(6);
    // `>` is escaped as the reference's JSON encoder does.
    expect(json.stdout).toBe(
      '{"correlation_id":"cid","error":"deprecated command spelling: gait mcp-verify -\\u003e gait mcp verify","error_category":"invalid_input","error_code":"invalid_input","hint":"use `gait mcp verify` instead","migration":{"deprecated_command":"gait mcp-verify","kind":"command","replacement_command":"gait mcp verify"},"ok":false,"retryable":false}\n',
    );
    expect(JSON.parse(json.stdout).error).toBe('deprecated command spelling: gait mcp-verify -> gait mcp verify');
  });

  it('prints the product sentence for --explain', async () => {
    const { code, stdout } = await runCaptured(['--explain']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Gait is an offline-first CLI .*workflows\.\n$/);
  });

  it('derives correlation_id from `gait` plus the arguments', async () => {
    const { stdout } = await runCaptured(['version', '--json']);
    expect(JSON.parse(stdout).correlation_id).toBe(correlationId(['gait', 'version', '--json']));
  });
});

describe('families', () => {
  it('prints the family usage with exit 6 for no or an unknown subcommand, never JSON', async () => {
    for (const argv of [['keys'], ['keys', 'nope'], ['keys', '--json']]) {
      const { code, stdout } = await runCaptured(argv);
      expect(code).toBe(6);
      expect(stdout).toMatch(/^Usage:\n  gait keys init .*\n  gait keys rotate .*\n  gait keys verify /);
    }
  });

  it('exits 0 for `keys --help` and `keys -h`, but 6 for a family without that exception', async () => {
    expect((await runCaptured(['keys', '--help'])).code).toBe(0);
    expect((await runCaptured(['keys', '-h'])).code).toBe(0);
    expect((await runCaptured(['probe', '--help'], {}, withProbes)).code).toBe(6);
  });

  it('answers --explain anywhere after a family word with the family sentence', async () => {
    const { code, stdout } = await runCaptured(['keys', 'init', '--bogus', '--explain']);
    expect(code).toBe(0);
    expect(stdout).toBe('Manage local ed25519 signing keys for trace and artifact verification workflows.\n');
  });
});

describe('leaf commands', () => {
  it('prints usage, flags and examples for --help and exits 0', async () => {
    const { code, stdout } = await runCaptured(['keys', 'init', '--out-dir', 'x', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage:\n  gait keys init \[--out-dir <value>\] \[--prefix <value>\] \[--force\] \[--json\]\n/);
    expect(stdout).toContain('\nFlags:\n');
    expect(stdout).toContain('\nExamples:\n');
  });

  it('reports flag errors under the command label, JSON only when --json came first', async () => {
    expect(await runCaptured(['keys', 'init', '--bogus', '--json'])).toMatchObject({
      code: 6,
      stdout: 'keys init error: flag provided but not defined: -bogus\n',
    });
    const json = await runCaptured(['keys', 'init', '--json', '--bogus'], { correlationId: 'c' });
    expect(json.code).toBe(6);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: 'flag provided but not defined: -bogus', error_code: 'invalid_input' });
    expect((await runCaptured(['keys', 'init', '-h'])).stdout).toBe('keys init error: flag: help requested\n');
  });

  it('rejects extra and missing positionals with exit 6', async () => {
    expect(await runCaptured(['keys', 'verify', 'extra'])).toMatchObject({
      code: 6,
      stdout: 'keys verify error: unexpected positional arguments\n',
    });
    expect(await runCaptured(['probe', 'emit', '--json'], { correlationId: 'c' }, withProbes)).toMatchObject({
      code: 6,
      stdout: expect.stringContaining('"error":"missing required argument: target"'),
    });
  });

  it('stops flag parsing at the first positional for commands that do not reorder', async () => {
    expect(await runCaptured(['legacy', '--json', 'f'], { correlationId: 'c' }, withProbes)).toMatchObject({
      code: 0,
      stdout: '{"correlation_id":"c","file":"f","ok":true}\n',
    });
    expect(await runCaptured(['legacy', 'f', '--json'], {}, withProbes)).toMatchObject({
      code: 6,
      stdout: 'legacy error: unexpected positional arguments\n',
    });
  });
});

describe('GaitCommand output', () => {
  it.runIf(hasConformance)('reproduces the reference error-envelope goldens byte for byte', async () => {
    const cases = [
      { file: 'error_envelope_invalid_input.golden.json', kind: 'invalid', message: 'missing required --policy', cid: 'cid-golden-invalid', code: 6 },
      { file: 'error_envelope_internal_failure.golden.json', kind: 'internal', message: 'unexpected failure', cid: 'cid-golden-internal', code: 1 },
    ];
    for (const c of cases) {
      const golden = readFileSync(join(goldenDir, c.file), 'utf8').trimEnd();
      const run = await runCaptured(['probe', 'fail', '--kind', c.kind, '--message', c.message, '--json'], { correlationId: c.cid }, withProbes);
      expect(run.code).toBe(c.code);
      expect(run.stdout).toBe(`${golden}\n`);
    }
  });

  it('maps error categories and the substring rule to exit codes, text as `<label> error: <message>`', async () => {
    const cases: [string, string, number][] = [
      ['invalid', 'bad input', 6],
      ['verify', 'digest mismatch', 2],
      ['internal', 'bug', 1],
      ['plain', 'open ./blocklist.yaml: no such file', 1],
      ['plain', 'bad yaml', 6],
    ];
    for (const [kind, message, code] of cases) {
      expect(await runCaptured(['probe', 'fail', '--kind', kind, '--message', message], {}, withProbes)).toEqual({
        code,
        stdout: `probe fail error: ${message}\n`,
        stderr: '',
      });
    }
  });

  it('prints a soft failure with sorted keys, no envelope, and the exit code the command chose', async () => {
    const json = await runCaptured(['probe', 'emit', 'ref<1>', '--json'], { correlationId: 'c' }, withProbes);
    expect(json).toEqual({
      code: 2,
      stdout: '{"correlation_id":"c","mismatches":["b","a"],"ok":false,"target":"ref\\u003c1\\u003e"}\n',
      stderr: '',
    });
    const text = await runCaptured(['probe', 'emit', 't'], {}, withProbes);
    expect(text).toEqual({ code: 2, stdout: 'probe: changed\ntarget=t\n', stderr: '' });
  });

  it('prints the reference fallback line and exits 6 when a result cannot be encoded', async () => {
    expect(await runCaptured(['probe', 'bigint', '--json'], {}, withProbes)).toEqual({
      code: 6,
      stdout:
        '{"ok":false,"error":"failed to encode output","error_code":"encode_failed","error_category":"internal_failure","retryable":false}\n',
      stderr: '',
    });
    expect(await runCaptured(['probe', 'bigint'], {}, withProbes)).toMatchObject({ code: 0, stdout: 'size=10\n' });
  });
});
