import { exitCodeForError } from '@gait/core-errors';
import { Cli } from 'clipanion';
import { type CliIo, type GaitContext, makeContext } from './context.js';
import { PROGRAM_NAME, correlationId } from './correlation.js';
import { deprecatedCommand } from './deprecated-spellings.js';
import { type FlagSpec, flagSpecOf, parseGoFlags } from './flags.js';
import type { GaitCommand } from './gait-command.js';
import { writeError, writeJson, writeText } from './output.js';
import { CommandRegistry, type GaitCommandClass, type LeafMatch } from './registry.js';
import { commandUsage, familyUsage, globalUsage } from './usage.js';
import { cliVersion } from './version.js';

const PRODUCT_SENTENCE =
  'Gait is an offline-first CLI for deterministic run artifacts, policy-gated tool execution, and reproducible debugging workflows.';

/**
 * Runs one invocation against the given commands and resolves to its exit code. `argv` excludes
 * the program name. Dispatch follows the reference (cli.md §1.1–§1.2, §2.4): top-level words
 * first, then families, then the leaf command with Go's flag rules; all output goes to stdout.
 */
export async function dispatch(
  commandClasses: readonly GaitCommandClass[],
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  const context = makeContext(io, io.correlationId ?? correlationId([PROGRAM_NAME, ...argv]));
  const first = argv[0];
  if (first === undefined) {
    writeText(context, `${PROGRAM_NAME} ${cliVersion}`);
    return 0;
  }
  if (first === '--explain') {
    writeText(context, PRODUCT_SENTENCE);
    return 0;
  }
  const registry = new CommandRegistry(commandClasses);
  if (first === '--help' || first === '-h' || first === 'help') {
    context.stdout.write(globalUsage(registry.leaves));
    return 0;
  }
  if (!registry.isKnownCommand(first)) return unknownCommand(context, argv, registry);

  const family = registry.family(first);
  if (family?.info.explain !== undefined && hasExplain(argv.slice(1))) {
    writeText(context, family.info.explain);
    return 0;
  }
  const leaf = registry.match(argv);
  if (leaf === undefined) {
    // A family word alone or with an unknown subcommand: its usage, never JSON (cli.md §1.2).
    const leaves = family?.leaves ?? [];
    context.stdout.write(familyUsage(leaves, (l) => flagSpecOf(l.commandClass), family?.info.usageNotes));
    const helpAsked = argv[1] === '--help' || argv[1] === '-h';
    return helpAsked && family?.info.helpExitsZero === true ? 0 : 6;
  }
  return runLeaf(context, leaf, argv.slice(leaf.path.length));
}

async function runLeaf(context: GaitContext, leaf: LeafMatch, args: readonly string[]): Promise<number> {
  const { commandClass, path } = leaf;
  if (commandClass.explain !== undefined && hasExplain(args)) {
    writeText(context, commandClass.explain);
    return 0;
  }
  const spec = flagSpecOf(commandClass);
  const label = commandClass.label ?? path.join(' ');
  let forwarded = args;
  let jsonFlag = false;
  let positionals = 0;
  if (!spec.proxy) {
    const parsed = parseGoFlags(args, spec, { interspersed: commandClass.interspersedFlags });
    if (parsed.kind === 'help') {
      context.stdout.write(commandUsage(path, commandClass, spec));
      return 0;
    }
    if (parsed.kind === 'error') {
      return writeError(context, { label, message: parsed.message, exitCode: 6, json: parsed.json });
    }
    forwarded = parsed.args;
    jsonFlag = parsed.json;
    positionals = parsed.positionals.length;
  }

  const cli = new Cli<GaitContext>({ binaryName: PROGRAM_NAME, binaryVersion: cliVersion });
  cli.register(commandClass);
  let command: GaitCommand;
  try {
    command = cli.process([...path, ...forwarded], context) as GaitCommand;
  } catch (error) {
    // Flags were checked above, so what clipanion still rejects is the positional arguments.
    return writeError(context, {
      label,
      message: positionalError(spec, positionals, error),
      exitCode: 6,
      json: jsonFlag,
    });
  }
  try {
    return await command.validateAndExecute();
  } catch (error) {
    // execute() reports its own errors; this is a failure outside it (e.g. a schema check).
    return writeError(context, {
      label,
      message: error instanceof Error ? error.message : String(error),
      exitCode: exitCodeForError(error, 1),
      json: command.json,
    });
  }
}

function hasExplain(args: readonly string[]): boolean {
  return args.some((arg) => arg.trim() === '--explain');
}

function positionalError(spec: FlagSpec, given: number, error: unknown): string {
  if (spec.rest === undefined && given > spec.positionals.length) return 'unexpected positional arguments';
  const missing = spec.positionals.filter((p) => p.required).slice(given)[0];
  if (missing !== undefined) return `missing required argument: ${missing.name}`;
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

/**
 * HEAD behaviour: `error: unknown command: X` and the usage, or only the envelope under `--json`.
 * An old spelling of a command gets a migration error instead: its hint names the new spelling.
 */
function unknownCommand(context: GaitContext, argv: readonly string[], registry: CommandRegistry): number {
  const migration = deprecatedCommand(PROGRAM_NAME, argv[0]!);
  const message = migration?.message ?? `unknown command: ${argv[0]}`;
  if (argv.includes('--json')) {
    const extra = migration ? { hint: migration.hint, migration: migration.migration } : {};
    return writeJson(context, { ok: false, error: message, ...extra }, 6);
  }
  writeText(context, migration ? [`error: ${message}`, `hint: ${migration.hint}`] : `error: ${message}`);
  context.stdout.write(globalUsage(registry.leaves));
  return 6;
}
