/**
 * Runs one intent through the SDK and through `gait gate eval` (in-process `runCli`) with the same
 * key, clock, producer version and correlation id, and returns both decisions and trace bytes.
 * The CLI has no flag for the trace's `observed_at`, so its wall clock and timer are pinned.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliVersion } from '@gait/cli';
import { exitCodeForError } from '@gait/core-errors';
import { GoTime } from '@gait/core-gate';
import { encodePrivateKey } from '@gait/core-sign';
import { vi } from 'vitest';
import { createGate } from '../gate.js';
import { fixedClock } from '../testing/clock.js';
import { testKeyPair } from '../testing/keys.js';
import type { CreateGateOptions, IntentRequest } from '../types.js';
import { runGait } from './run-gait.js';

export const PARITY_TIME = '2026-03-01T12:00:00Z';
const CORRELATION = 'corr-parity';
const key = testKeyPair('parity');

export interface Side {
  output?: Record<string, unknown>;
  exitCode: number;
  trace?: string;
  error?: string;
}

async function cliSide(policyPath: string, dir: string, simulate: boolean): Promise<Side> {
  writeFileSync(join(dir, 'key.b64'), encodePrivateKey(key.privateKey));
  const argv = ['gate', 'eval', '--policy', policyPath, '--intent', '../intent.json', '--key-mode', 'prod', '--private-key', 'key.b64', '--no-config', '--json'];
  if (simulate) argv.push('--simulate');
  vi.spyOn(GoTime, 'now').mockReturnValue(GoTime.fromDate(new Date(PARITY_TIME)));
  vi.spyOn(process.hrtime, 'bigint').mockReturnValue(1n);
  try {
    const run = await runGait(argv, dir, CORRELATION);
    const { correlation_id: _c, ...output } = JSON.parse(run.stdout) as Record<string, unknown>;
    if (output.ok !== true) return { exitCode: run.code, error: String(output.error) };
    return { output, exitCode: run.code, trace: readFileSync(join(dir, String(output.trace_path)), 'utf8') };
  } finally {
    vi.restoreAllMocks();
  }
}

/** The SDK's trace modes; every one must give the CLI's output and trace bytes. */
const TRACE_MODES = {
  await: {},
  'background, signed in background': { traceWrites: 'background' },
  'background, signed inline': { traceWrites: 'background', traceSigning: 'inline' },
} as const satisfies Record<string, Pick<CreateGateOptions, 'traceWrites' | 'traceSigning'>>;

async function sdkSide(policyPath: string, intent: IntentRequest, dir: string, simulate: boolean, mode: keyof typeof TRACE_MODES): Promise<Side> {
  try {
    const options = { policy: policyPath, keys: { privateKey: key }, outDir: dir, clock: fixedClock(PARITY_TIME), producerVersion: cliVersion };
    const gate = createGate({ ...options, ...TRACE_MODES[mode] });
    const decision = await gate.evaluate(intent, { simulate, correlationId: CORRELATION });
    // The decision reports the trace's path before a background trace is on disk.
    await gate.flush();
    return { output: decision.output, exitCode: decision.exitCode, trace: readFileSync(decision.tracePath!, 'utf8') };
  } catch (error) {
    return { exitCode: exitCodeForError(error, 1), error: (error as Error).message };
  }
}

export async function runParity(
  policyPath: string,
  intent: IntentRequest,
  simulate = false,
  mode: keyof typeof TRACE_MODES = 'await',
): Promise<{ sdk: Side; cli: Side }> {
  const root = mkdtempSync(join(tmpdir(), 'gait-sdk-parity-'));
  writeFileSync(join(root, 'intent.json'), JSON.stringify(intent));
  mkdirSync(join(root, 'cli'));
  const cli = await cliSide(policyPath, join(root, 'cli'), simulate);
  const sdk = await sdkSide(policyPath, intent, join(root, 'sdk'), simulate, mode);
  return { sdk, cli };
}
