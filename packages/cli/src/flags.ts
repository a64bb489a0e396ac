import { Command } from 'clipanion';

/** The flags a command declares, keyed by name without dashes (`out-dir`, `json`, `f`). */
export interface FlagSpec {
  /** Flags that take a value → the clipanion option name to pass it under. */
  readonly valueFlags: ReadonlyMap<string, string>;
  /** Flags that take no value → the clipanion option name. */
  readonly boolFlags: ReadonlyMap<string, string>;
  /** The command forwards its raw arguments (`Option.Proxy`): nothing is checked. */
  readonly proxy: boolean;
  /** Options in declaration order, for help text. */
  readonly options: readonly OptionInfo[];
  /** Positional arguments in order, for help text. */
  readonly positionals: readonly PositionalInfo[];
  /** Name of an `Option.Rest` taking any number of further positionals, if declared. */
  readonly rest: string | undefined;
}

export interface OptionInfo {
  readonly names: readonly string[];
  readonly takesValue: boolean;
  readonly description: string | undefined;
}

export interface PositionalInfo {
  readonly name: string;
  readonly required: boolean;
}

interface OptionMarker {
  definition(builder: SpecRecorder, key: string): void;
}

interface SpecRecorder {
  addOption(option: { names: string[]; arity?: number; description?: string; hidden?: boolean }): void;
  addPositional(positional: { name: string; required?: boolean }): void;
  addRest(rest: { name: string }): void;
  addProxy(): void;
}

/**
 * Reads a command's declared options by replaying clipanion's option definitions into a recorder
 * (the same calls clipanion's own builder receives), so commands declare each flag once.
 */
export function flagSpecOf(commandClass: new () => object): FlagSpec {
  const valueFlags = new Map<string, string>();
  const boolFlags = new Map<string, string>();
  const options: OptionInfo[] = [];
  const positionals: PositionalInfo[] = [];
  let proxy = false;
  let rest: string | undefined;
  const recorder: SpecRecorder = {
    addOption({ names, arity = 1, description, hidden }) {
      for (const name of names) (arity === 0 ? boolFlags : valueFlags).set(name.replace(/^-+/, ''), name);
      if (hidden !== true) options.push({ names, takesValue: arity !== 0, description });
    },
    addPositional({ name, required = true }) {
      positionals.push({ name, required });
    },
    addRest({ name }) {
      rest = name;
    },
    addProxy() {
      proxy = true;
    },
  };
  const instance = new commandClass() as Record<string, unknown>;
  for (const key in instance) {
    const value = instance[key];
    if (typeof value === 'object' && value !== null && Command.isOption in value) {
      (value as unknown as OptionMarker).definition(recorder, key);
    }
  }
  return { valueFlags, boolFlags, proxy, options, positionals, rest };
}

/** What the Go `flag` rules make of a leaf command's arguments. */
export type FlagParse =
  | { readonly kind: 'ok'; readonly args: readonly string[]; readonly positionals: readonly string[]; readonly json: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string; readonly json: boolean };

export interface FlagParseOptions {
  /**
   * Flags may follow positionals (the reference's `reorderInterspersedFlags`, most commands).
   * When false, the first positional ends flag parsing, as Go's `flag` package does.
   */
  readonly interspersed: boolean;
}

/**
 * Applies the reference's flag rules (cli.md §1.3) and rewrites the arguments into a form
 * clipanion parses the same way: `-name` and `--name` are equal; `--flag=v`, `--flag v`; booleans
 * take `=true|false` but never the next token; `--` ends flags; `--help`/`-help` asks for usage,
 * while `-h` is an error as in the reference. The error messages are Go's, and `json` tells
 * whether `--json` had been seen before the offending flag (later ones are never parsed).
 */
export function parseGoFlags(args: readonly string[], spec: FlagSpec, options: FlagParseOptions): FlagParse {
  const out: string[] = [];
  const positionals: string[] = [];
  let json = false;
  let help = false;
  const fail = (message: string): FlagParse => ({ kind: 'error', message, json });

  for (let i = 0; i < args.length; i += 1) {
    const token = args[i]!;
    if (token === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token.length === 1) {
      positionals.push(token);
      if (!options.interspersed) {
        positionals.push(...args.slice(i + 1));
        break;
      }
      continue;
    }
    const body = token.startsWith('--') ? token.slice(2) : token.slice(1);
    if (body === '' || body.startsWith('-') || body.startsWith('=')) return fail(`bad flag syntax: ${token}`);
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const inline = eq === -1 ? undefined : body.slice(eq + 1);

    if (spec.boolFlags.has(name) || name === 'help') {
      const value = inline === undefined ? true : parseGoBool(inline);
      if (value === undefined) return fail(`invalid boolean value "${inline}" for -${name}: parse error`);
      if (name === 'help') {
        help = value;
        continue;
      }
      if (name === 'json') json = value;
      const option = spec.boolFlags.get(name)!;
      out.push(value ? option : option.replace(/^--/, '--no-'));
      continue;
    }
    const option = spec.valueFlags.get(name);
    if (option === undefined) {
      return fail(name === 'h' ? 'flag: help requested' : `flag provided but not defined: -${name}`);
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= args.length) return fail(`flag needs an argument: -${name}`);
      i += 1;
      value = args[i]!;
    }
    // `=` binds the value even when it starts with a dash, which clipanion would read as a flag.
    out.push(`${option}=${value}`);
  }
  if (help) return { kind: 'help' };
  return { kind: 'ok', args: positionals.length > 0 ? [...out, '--', ...positionals] : out, positionals, json };
}

/** Go's `strconv.ParseBool`. */
function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}
