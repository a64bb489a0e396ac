import type { Usage } from 'clipanion';
import { PROGRAM_NAME } from './correlation.js';
import type { FlagSpec, OptionInfo } from './flags.js';
import type { GaitCommandClass, LeafMatch } from './registry.js';

/**
 * Usage texts. The reference's only fixed point is the first line, `Usage:`, followed by lines
 * starting `  gait …` (cli.md §1.4); the rest is ours.
 */

function usageOf(commandClass: GaitCommandClass): Usage {
  return commandClass.usage ?? {};
}

/** `--out-dir <value>`, `--force`. */
function optionLabel(option: OptionInfo): string {
  const names = option.names.join(',');
  return option.takesValue ? `${names} <value>` : names;
}

/** The command's own flags first, the shared `--json` last. */
function jsonLast(options: readonly OptionInfo[]): OptionInfo[] {
  return [...options].sort((a, b) => Number(a.names.includes('--json')) - Number(b.names.includes('--json')));
}

/** `gait keys init [--out-dir <value>] [--force] [--json]`. */
export function synopsis(path: readonly string[], spec: FlagSpec): string {
  const words = [PROGRAM_NAME, ...path, ...jsonLast(spec.options).map((option) => `[${optionLabel(option)}]`)];
  for (const positional of spec.positionals) words.push(positional.required ? `<${positional.name}>` : `[${positional.name}]`);
  if (spec.rest !== undefined) words.push(`[${spec.rest}...]`);
  if (spec.proxy) words.push('[args...]');
  return words.join(' ');
}

/** The first line of a command's description, for command lists. */
export function summaryOf(commandClass: GaitCommandClass): string {
  return (usageOf(commandClass).description ?? '').trim().split('\n')[0] ?? '';
}

function table(rows: ReadonlyArray<readonly [string, string]>, indent = '  '): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => (right === '' ? `${indent}${left}` : `${indent}${left.padEnd(width)}   ${right}`));
}

/** `gait --help`: every registered command with its one-line description. */
export function globalUsage(leaves: readonly LeafMatch[]): string {
  const seen = new Set<GaitCommandClass>();
  const rows: [string, string][] = [];
  for (const leaf of leaves) {
    if (seen.has(leaf.commandClass)) continue; // aliases (`version`, `--version`, `-v`) once
    seen.add(leaf.commandClass);
    rows.push([leaf.path.join(' '), summaryOf(leaf.commandClass)]);
  }
  rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    'Usage:',
    `  ${PROGRAM_NAME} <command> [subcommand] [flags] [--json]`,
    '',
    'Commands:',
    ...table(rows),
    '',
    `Run \`${PROGRAM_NAME} <command> --help\` for a command's flags and examples.`,
    '',
  ].join('\n');
}

/** `gait keys` alone: one synopsis line per subcommand. */
export function familyUsage(leaves: readonly LeafMatch[], specOf: (leaf: LeafMatch) => FlagSpec, notes: readonly string[] = []): string {
  return ['Usage:', ...leaves.map((leaf) => `  ${synopsis(leaf.path, specOf(leaf))}`), ...notes.map((note) => `  ${note}`), ''].join('\n');
}

/** `gait keys init --help`: synopsis, description, details, flags and examples. */
export function commandUsage(path: readonly string[], commandClass: GaitCommandClass, spec: FlagSpec): string {
  const usage = usageOf(commandClass);
  const lines = ['Usage:', `  ${synopsis(path, spec)}`];
  for (const block of [usage.description, usage.details]) {
    if (block !== undefined && block.trim() !== '') lines.push('', block.trim());
  }
  if (spec.options.length > 0) {
    lines.push('', 'Flags:', ...table(jsonLast(spec.options).map((option) => [optionLabel(option), option.description ?? ''] as const)));
  }
  if (usage.examples !== undefined && usage.examples.length > 0) {
    lines.push('', 'Examples:');
    for (const [label, command] of usage.examples) lines.push(`  ${label.trim()}`, `    ${command.replace(/\$0/g, PROGRAM_NAME)}`);
  }
  lines.push('');
  return lines.join('\n');
}
