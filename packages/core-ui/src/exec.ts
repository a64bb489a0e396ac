/** What `POST /api/exec` may run: the reference's fixed allowlist, mapped to `gait` argv. */
export const EXEC_COMMANDS = ['demo', 'verify_demo', 'receipt_demo', 'regress_init', 'regress_run', 'policy_block_test'] as const;
export type ExecCommand = (typeof EXEC_COMMANDS)[number];

export const EXAMPLE_POLICY_PATHS = [
  'examples/policy/base_high_risk.yaml',
  'examples/policy/base_low_risk.yaml',
  'examples/policy/base_medium_risk.yaml',
] as const;

export const EXAMPLE_INTENT_PATHS = [
  'examples/policy/intents/intent_delegated_egress_invalid.json',
  'examples/policy/intents/intent_delegated_egress_valid.json',
  'examples/policy/intents/intent_delete.json',
  'examples/policy/intents/intent_read.json',
  'examples/policy/intents/intent_tainted_egress.json',
  'examples/policy/intents/intent_write.json',
] as const;

const RUN_ID = /^[a-zA-Z0-9._:-]{1,120}$/;

export class ExecRequestError extends Error {}

function stringArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ExecRequestError(`args.${key} must be a string`);
  return value.trim();
}

/**
 * The argv (without the program name) for an allowlisted command. Anything outside the list, or
 * an argument outside its allowed values, is refused: the page can never compose a command line.
 */
export function execArgv(command: string, args: Record<string, unknown> = {}): string[] {
  switch (command) {
    case 'demo':
      return ['demo', '--json'];
    case 'verify_demo':
      return ['verify', 'run_demo', '--json'];
    case 'receipt_demo':
      return ['run', 'receipt', '--from', 'run_demo', '--json'];
    case 'regress_init': {
      const runId = stringArg(args, 'run_id') || 'run_demo';
      if (!RUN_ID.test(runId)) throw new ExecRequestError('args.run_id must match ^[a-zA-Z0-9._:-]{1,120}$');
      return ['regress', 'init', '--from', runId, '--json'];
    }
    case 'regress_run':
      return ['regress', 'run', '--json', '--junit', './gait-out/junit.xml'];
    case 'policy_block_test': {
      const policy = stringArg(args, 'policy_path') || EXAMPLE_POLICY_PATHS[0];
      const intent = stringArg(args, 'intent_path') || 'examples/policy/intents/intent_delete.json';
      if (!(EXAMPLE_POLICY_PATHS as readonly string[]).includes(policy)) throw new ExecRequestError('args.policy_path is not an allowed example policy');
      if (!(EXAMPLE_INTENT_PATHS as readonly string[]).includes(intent)) throw new ExecRequestError('args.intent_path is not an allowed example intent');
      return ['policy', 'test', policy, intent, '--json'];
    }
    default:
      throw new ExecRequestError(`unsupported command: ${command}`);
  }
}

/** Runs `gait <argv>` and captures it. The CLI supplies one that calls its own engines in-process. */
export type ExecRunner = (argv: readonly string[]) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

export interface ExecResponse {
  ok: boolean;
  command: string;
  argv: string[];
  exit_code: number;
  duration_ms: number;
  stdout: string;
  stderr: string;
  json?: Record<string, unknown>;
  error?: string;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text.trim().split('\n').pop() ?? '');
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function runExec(command: string, argv: string[], runner: ExecRunner): Promise<{ status: number; body: ExecResponse }> {
  const started = Date.now();
  const full = ['gait', ...argv];
  try {
    const result = await runner(argv);
    const json = parseJsonObject(result.stdout);
    return {
      status: 200,
      body: {
        ok: result.exitCode === 0,
        command,
        argv: full,
        exit_code: result.exitCode,
        duration_ms: Date.now() - started,
        stdout: result.stdout,
        stderr: result.stderr,
        ...(json === undefined ? {} : { json }),
      },
    };
  } catch (error) {
    return {
      status: 500,
      body: { ok: false, command, argv: full, exit_code: 1, duration_ms: Date.now() - started, stdout: '', stderr: '', error: error instanceof Error ? error.message : String(error) },
    };
  }
}
