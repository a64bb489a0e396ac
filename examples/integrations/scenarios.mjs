// What every integration quickstart shares: the three scenarios (which tool the scripted model asks
// for, and what the policy in ./policy.yaml says about it), and the reference's output lines.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const POLICY_PATH = fileURLToPath(new URL('./policy.yaml', import.meta.url));

/** Scenario → the tool call the model makes. */
export const SCENARIOS = {
  allow: { toolName: 'read_file', args: { path: 'notes/todo.txt' } },
  block: { toolName: 'delete_file', args: { path: 'notes/todo.txt' } },
  require_approval: { toolName: 'write_file', args: { path: 'notes/todo.txt', content: 'ship it' } },
};

/** The file tools every quickstart gives its agent, and what each does when it may run. */
export const FILE_TOOLS = {
  read_file: { description: 'Read a file', run: ({ path }) => `contents of ${path}` },
  delete_file: { description: 'Delete a file', run: ({ path }) => `deleted ${path}` },
  write_file: { description: 'Write a file', run: ({ path }) => `wrote ${path}` },
};

/** Notes which tools ran and what the gate decided, and reports the scenario. */
export function scenarioRecorder(framework, scenario) {
  const ran = [];
  const decisions = [];
  return {
    onDecision: (decision) => decisions.push(decision),
    runTool: (name, args) => (ran.push(name), FILE_TOOLS[name].run(args)),
    report: (modelSaw) => ({
      framework,
      scenario,
      verdict: decisions[0]?.verdict,
      executed: ran.length > 0,
      tracePath: decisions[0]?.tracePath,
      modelSaw,
    }),
  };
}

export function outDirFor(framework) {
  return resolve('gait-out', 'integrations', framework);
}

/** Prints one scenario the way the reference quickstarts do: `key=value` lines. */
export function printScenario(result) {
  const lines = [
    `framework=${result.framework}`,
    `scenario=${result.scenario}`,
    `verdict=${result.verdict}`,
    `executed=${result.executed}`,
    `trace_path=${result.tracePath ?? ''}`,
    `model_saw=${JSON.stringify(result.modelSaw ?? '')}`,
  ];
  console.log(lines.join('\n'));
}

/** `node quickstart.mjs [allow|block|require_approval]`: one scenario, or all three. */
export async function runCli(runScenario, argv = process.argv.slice(2)) {
  const names = argv.length > 0 ? argv : Object.keys(SCENARIOS);
  for (const name of names) {
    if (!(name in SCENARIOS)) {
      console.error(`unknown scenario ${JSON.stringify(name)}; expected one of: ${Object.keys(SCENARIOS).join(', ')}`);
      process.exitCode = 6;
      return;
    }
  }
  for (const [i, name] of names.entries()) {
    if (i > 0) console.log('');
    printScenario(await runScenario(name));
  }
}

export function isMain(meta) {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(meta.url);
}
