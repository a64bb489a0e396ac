/**
 * Old command spellings the reference refuses with a migration error instead of "unknown command"
 * (cli.md §2.4): the user is told the new spelling, and JSON output carries a `migration` object
 * a script can act on. One line per spelling.
 */
const DEPRECATED_COMMANDS: ReadonlyMap<string, string> = new Map([
  ['mcp-verify', 'mcp verify'],
]);

export interface CommandMigration {
  /** `deprecated command spelling: gait mcp-verify -> gait mcp verify` */
  readonly message: string;
  /** ``use `gait mcp verify` instead`` */
  readonly hint: string;
  /** The JSON `migration` object, as the reference prints it. */
  readonly migration: { kind: 'command'; deprecated_command: string; replacement_command: string };
}

/** The migration for a first word that is an old spelling, or undefined. */
export function deprecatedCommand(program: string, word: string): CommandMigration | undefined {
  const replacement = DEPRECATED_COMMANDS.get(word);
  if (replacement === undefined) return undefined;
  const deprecated = `${program} ${word}`;
  const replacementCommand = `${program} ${replacement}`;
  return {
    message: `deprecated command spelling: ${deprecated} -> ${replacementCommand}`,
    hint: `use \`${replacementCommand}\` instead`,
    migration: { kind: 'command', deprecated_command: deprecated, replacement_command: replacementCommand },
  };
}
