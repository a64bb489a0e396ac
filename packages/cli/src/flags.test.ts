import { Command, Option } from 'clipanion';
import { describe, expect, it } from 'vitest';
import { flagSpecOf, parseGoFlags } from './flags.js';

class Sample extends Command {
  static override paths = [['sample']];
  json = Option.Boolean('--json', false, { description: 'json' });
  outDir = Option.String('--out-dir', 'x', { description: 'dir' });
  force = Option.Boolean('--force', false);
  hidden = Option.String('--secret', { hidden: true });
  file = Option.String({ required: false, name: 'file' });
  async execute(): Promise<void> {}
}

const spec = flagSpecOf(Sample);
const interspersed = { interspersed: true };

describe('flagSpecOf', () => {
  it('reads value flags, boolean flags and positionals from the clipanion declarations', () => {
    expect([...spec.valueFlags.keys()].sort()).toEqual(['out-dir', 'secret']);
    expect([...spec.boolFlags.keys()].sort()).toEqual(['force', 'json']);
    expect(spec.positionals).toEqual([{ name: 'file', required: false }]);
    expect(spec.options.map((o) => o.names[0])).toEqual(['--json', '--out-dir', '--force']);
    expect(spec.proxy).toBe(false);
    expect(spec.rest).toBeUndefined();
  });

  it('notes a rest argument and a proxy', () => {
    class WithRest extends Command {
      targets = Option.Rest({ name: 'path' });
      async execute(): Promise<void> {}
    }
    class WithProxy extends Command {
      args = Option.Proxy();
      async execute(): Promise<void> {}
    }
    expect(flagSpecOf(WithRest)).toMatchObject({ rest: 'path', proxy: false });
    expect(flagSpecOf(WithProxy)).toMatchObject({ rest: undefined, proxy: true });
  });
});

describe('parseGoFlags', () => {
  it('treats -name and --name alike and binds values with =', () => {
    expect(parseGoFlags(['-out-dir', 'a', '--force', '-json'], spec, interspersed)).toEqual({
      kind: 'ok',
      args: ['--out-dir=a', '--force', '--json'],
      positionals: [],
      json: true,
    });
    expect(parseGoFlags(['--out-dir=-dash'], spec, interspersed)).toMatchObject({ args: ['--out-dir=-dash'] });
  });

  it('reads Go boolean spellings after = and never consumes the next token for a boolean', () => {
    expect(parseGoFlags(['--json=false', '--force=T'], spec, interspersed)).toMatchObject({
      args: ['--no-json', '--force'],
      json: false,
    });
    expect(parseGoFlags(['--json', 'false'], spec, interspersed)).toMatchObject({
      args: ['--json', '--', 'false'],
      positionals: ['false'],
    });
    expect(parseGoFlags(['--force=yes'], spec, interspersed)).toEqual({
      kind: 'error',
      message: 'invalid boolean value "yes" for -force: parse error',
      json: false,
    });
  });

  it('reports unknown flags with one dash, missing values and bad syntax as Go does', () => {
    expect(parseGoFlags(['--bogus'], spec, interspersed)).toMatchObject({ message: 'flag provided but not defined: -bogus' });
    expect(parseGoFlags(['--out-dir'], spec, interspersed)).toMatchObject({ message: 'flag needs an argument: -out-dir' });
    expect(parseGoFlags(['---x'], spec, interspersed)).toMatchObject({ message: 'bad flag syntax: ---x' });
    expect(parseGoFlags(['-=x'], spec, interspersed)).toMatchObject({ message: 'bad flag syntax: -=x' });
    expect(parseGoFlags(['-h'], spec, interspersed)).toMatchObject({ message: 'flag: help requested' });
  });

  it('reports JSON mode only when --json came before the bad flag', () => {
    expect(parseGoFlags(['--json', '--bogus'], spec, interspersed)).toMatchObject({ kind: 'error', json: true });
    expect(parseGoFlags(['--bogus', '--json'], spec, interspersed)).toMatchObject({ kind: 'error', json: false });
  });

  it('asks for usage on --help and -help, and not on --help=false', () => {
    expect(parseGoFlags(['x', '--help'], spec, interspersed)).toEqual({ kind: 'help' });
    expect(parseGoFlags(['-help'], spec, interspersed)).toEqual({ kind: 'help' });
    expect(parseGoFlags(['--help=false'], spec, interspersed)).toMatchObject({ kind: 'ok' });
  });

  it('keeps everything after -- and a lone - as positionals', () => {
    expect(parseGoFlags(['-', '--', '--bogus'], spec, interspersed)).toMatchObject({
      kind: 'ok',
      args: ['--', '-', '--bogus'],
      positionals: ['-', '--bogus'],
    });
  });

  it('moves interspersed flags in front of positionals, or stops at the first positional', () => {
    expect(parseGoFlags(['file', '--json'], spec, interspersed)).toMatchObject({
      args: ['--json', '--', 'file'],
      json: true,
    });
    expect(parseGoFlags(['file', '--json'], spec, { interspersed: false })).toMatchObject({
      args: ['--', 'file', '--json'],
      positionals: ['file', '--json'],
      json: false,
    });
  });
});
