#!/usr/bin/env node
import { runCli } from './run-cli.js';

// A closed pipe (`gait --help | head -1`) ends the process quietly, as SIGPIPE ends the reference.
// A command that serves on stdout (the stdio MCP proxy) listens for its errors itself: it must
// still flush its traces and stop its upstream when the client stops reading.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (process.stdout.listenerCount('error') > 1) return;
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// exitCode rather than process.exit(): pending stdout writes to a pipe are flushed first.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
