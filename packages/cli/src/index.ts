export { runCli } from './run-cli.js';
export { type CliIo, type GaitContext, type TextSink } from './context.js';
export { GaitCommand, type CommandFamily, type FailOptions } from './gait-command.js';
export { type JsonOutput, type TextOutput } from './output.js';
export { cliVersion } from './version.js';
// The bundled clipanion's own classes: a command declared outside this package must take its
// options from here, since clipanion recognises options by a Symbol private to its copy.
export { Command, Option } from 'clipanion';
