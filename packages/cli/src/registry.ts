import type { Usage } from 'clipanion';
import type { CommandFamily, GaitCommand } from './gait-command.js';

/** A concrete command class as registered in `commands/index.ts`. */
export type GaitCommandClass = (new () => GaitCommand) & {
  readonly paths?: string[][];
  readonly usage?: Usage;
  readonly explain?: string;
  readonly label?: string;
  readonly family?: CommandFamily;
  readonly interspersedFlags: boolean;
};

export interface LeafMatch {
  readonly commandClass: GaitCommandClass;
  readonly path: readonly string[];
}

/** Where each argv goes: leaf commands by path, and families by their first word. */
export class CommandRegistry {
  readonly leaves: readonly LeafMatch[];

  constructor(readonly commandClasses: readonly GaitCommandClass[]) {
    this.leaves = commandClasses.flatMap((commandClass) =>
      (commandClass.paths ?? []).map((path) => ({ commandClass, path })),
    );
  }

  isKnownCommand(word: string): boolean {
    return this.leaves.some((leaf) => leaf.path[0] === word);
  }

  /** The registered path that is the longest prefix of argv, if any. */
  match(argv: readonly string[]): LeafMatch | undefined {
    let best: LeafMatch | undefined;
    for (const leaf of this.leaves) {
      if (leaf.path.length > argv.length || !leaf.path.every((word, i) => argv[i] === word)) continue;
      if (best === undefined || leaf.path.length > best.path.length) best = leaf;
    }
    return best;
  }

  /**
   * The family named by a first word when it has only multi-word commands (`keys`), i.e. when
   * `gait <word>` alone is not itself a command.
   */
  family(word: string): { readonly info: CommandFamily; readonly leaves: readonly LeafMatch[] } | undefined {
    const leaves = this.leaves.filter((leaf) => leaf.path[0] === word);
    if (leaves.length === 0 || leaves.some((leaf) => leaf.path.length === 1)) return undefined;
    const info = leaves.find((leaf) => leaf.commandClass.family !== undefined)?.commandClass.family ?? { name: word };
    return { info, leaves };
  }
}
