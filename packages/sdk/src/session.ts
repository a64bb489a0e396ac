/**
 * Run capture: a session records every gated attempt (intent, decision, outcome) and on `close()`
 * writes the runpack `gait run record` makes from the same input document.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { join } from 'node:path';
import { InvalidInputError, VerificationError } from '@gait/core-errors';
import { GoTime } from '@gait/core-gate';
import { type RecordRunInput, defaultRunEnv, recordRun, ticketFooter, verifyRunpack, writeRunpackBytes } from '@gait/core-runpack';
import { keyId } from '@gait/core-sign';
import type { Gate } from './gate.js';
import type { GateContext } from './gate-context.js';
import type { GuardOptions } from './guard.js';
import type { EvaluateOptions, GateDecision, IntentInput } from './types.js';

const storage = new AsyncLocalStorage<GateSession>();

/**
 * The session whose `run()` (or session guard) the current async context is inside, if any: an
 * adapter that evaluates and executes by itself records its attempt here.
 */
export function currentSession(): GateSession | undefined {
  return storage.getStore();
}

export interface AttemptOutcome {
  executed: boolean;
  result?: unknown;
  error?: unknown;
}

export interface SessionCapture {
  runId: string;
  /** Absolute path of the runpack zip. */
  path: string;
  manifestDigest: string;
  ticketFooter: string;
  signatureKeyId: string | undefined;
  warnings: string[];
  /** The `gait run record` input the runpack was made from. */
  input: RecordRunInput;
}

interface Attempt {
  intentId: string;
  at: string;
  decision: GateDecision;
  outcome: AttemptOutcome;
}

/** Tool results become JSON data (undefined and functions dropped); what is not JSON is described. */
function jsonReady(value: unknown): unknown {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : JSON.parse(text);
  } catch {
    return String(value);
  }
}

function statusOf(decision: GateDecision, outcome: AttemptOutcome): string {
  if (outcome.error !== undefined) return 'error';
  if (outcome.executed) return 'ok';
  return decision.verdict || 'blocked';
}

export class GateSession {
  readonly runId: string;
  readonly captureMode: 'reference' | 'raw';
  readonly #gate: Gate;
  readonly #ctx: GateContext;
  readonly #startedAt: string;
  readonly #attempts: Attempt[] = [];
  #closed: SessionCapture | undefined;

  constructor(gate: Gate, ctx: GateContext, runId: string, captureMode: 'reference' | 'raw') {
    if (typeof runId !== 'string' || runId.trim() === '') {
      throw new InvalidInputError('session runId must be a non-empty string such as "run_checkout_42"', { code: 'run_id_required' });
    }
    if (captureMode !== 'reference' && captureMode !== 'raw') {
      throw new InvalidInputError('captureMode must be reference or raw', { code: 'invalid_capture_mode' });
    }
    this.runId = runId.trim();
    this.captureMode = captureMode;
    this.#gate = gate;
    this.#ctx = ctx;
    this.#startedAt = this.#now();
  }

  #now(): string {
    return (this.#ctx.clock ? GoTime.fromDate(this.#ctx.clock()) : GoTime.now()).utc().toRFC3339Nano();
  }

  /** Runs `fn` with this session active: every guard and evaluation inside records here. */
  run<T>(fn: () => T): T {
    return storage.run(this, fn);
  }

  /** Evaluates and records the decision as an attempt that did not run a tool. */
  async evaluate(intent: IntentInput, options?: EvaluateOptions): Promise<GateDecision> {
    this.#assertOpen();
    const decision = await this.#gate.evaluate(intent, options);
    this.recordDecision(decision);
    return decision;
  }

  guard<A, R>(toolName: string, execute: (args: A) => R | Promise<R>, options?: GuardOptions<A>): (args: A) => Promise<R> {
    const guarded = this.#gate.guard(toolName, execute, options as GuardOptions<A> & { mode?: 'throw' });
    return (args: A) => this.run(() => guarded(args));
  }

  #assertOpen(): void {
    if (this.#closed) throw new InvalidInputError(`session ${this.runId} is closed; start a new session to record more calls`, { code: 'session_closed' });
  }

  /** A decision evaluated without running a tool. */
  recordDecision(decision: GateDecision): void {
    this.recordAttempt(decision, { executed: false });
  }

  /** For runtimes that evaluate and execute themselves: what happened to one decided call. */
  recordAttempt(decision: GateDecision, outcome: AttemptOutcome): void {
    this.#assertOpen();
    const intentId = `intent_${String(this.#attempts.length + 1).padStart(4, '0')}`;
    this.#attempts.push({ intentId, at: this.#now(), decision, outcome });
  }

  get attempts(): readonly { intentId: string; toolName: string; verdict: string; executed: boolean; status: string }[] {
    return this.#attempts.map((a) => ({ intentId: a.intentId, toolName: a.decision.toolName, verdict: a.decision.verdict, executed: a.outcome.executed, status: statusOf(a.decision, a.outcome) }));
  }

  /** The `gait run record` input document for the attempts so far (write it as JSON to replay with the CLI). */
  recordInput(finishedAt: string = this.#now()): RecordRunInput {
    const producer = this.#ctx.producerVersion;
    const base = (createdAt: string) => ({ schema_version: '1.0.0', created_at: createdAt, producer_version: producer, run_id: this.runId });
    const raw = this.captureMode === 'raw';
    const timeline: { event: string; ts: string; ref?: string }[] = [{ event: 'run_started', ts: this.#startedAt }];
    const intents: unknown[] = [];
    const results: unknown[] = [];
    const receipts: unknown[] = [];
    const intentArgs: Record<string, unknown> = {};
    const resultPayloads: Record<string, unknown> = {};
    for (const { intentId, at, decision, outcome } of this.#attempts) {
      const args = jsonReady(decision.intent.args ?? {});
      const payload: Record<string, unknown> = {
        executed: outcome.executed,
        verdict: decision.verdict,
        reason_codes: decision.reasonCodes,
        trace_id: decision.traceId,
        trace_path: typeof decision.output.trace_path === 'string' ? decision.output.trace_path : '',
        policy_digest: decision.policyDigest,
        intent_digest: decision.intentDigest,
      };
      if (outcome.error !== undefined) payload.error = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      if (raw && outcome.result !== undefined) payload.result = jsonReady(outcome.result);
      intents.push({ schema_id: 'gait.runpack.intent', ...base(at), intent_id: intentId, tool_name: decision.toolName, ...(raw ? { args } : {}) });
      results.push({ schema_id: 'gait.runpack.result', ...base(at), intent_id: intentId, status: statusOf(decision, outcome), ...(raw ? { result: payload } : {}) });
      intentArgs[intentId] = args;
      resultPayloads[intentId] = payload;
      receipts.push({
        ref_id: `trace_${intentId}`,
        source_type: 'gait.trace',
        source_locator: payload.trace_path || `trace://${decision.traceId}`,
        retrieved_at: at,
        redaction_mode: this.captureMode,
        retrieval_params: { verdict: decision.verdict, reason_codes: decision.reasonCodes },
      });
      timeline.push({ event: 'intent_captured', ts: at, ref: intentId }, { event: 'result_captured', ts: at, ref: intentId });
    }
    timeline.push({ event: 'run_finished', ts: finishedAt });
    return {
      run: { schema_id: 'gait.runpack.run', ...base(this.#startedAt), env: defaultRunEnv(), timeline },
      intents,
      results,
      refs: { schema_id: 'gait.runpack.refs', ...base(this.#startedAt), receipts },
      capture_mode: this.captureMode,
      normalization: { intent_args: intentArgs, result_payloads: resultPayloads },
    };
  }

  /**
   * Writes `<outDir>/runpack_<runId>.zip` as `gait run record --input <recordInput> --out-dir <outDir>`
   * (signed with the gate's key when it has one; raw capture implies `--unsafe-context-raw`), then
   * verifies it. Closing twice returns the first capture.
   */
  async close(): Promise<SessionCapture> {
    if (this.#closed) return this.#closed;
    // The runpack's receipts point at trace files: they must be on disk first.
    await this.#gate.flush();
    const keyPair = this.#ctx.keys.signing;
    const input = this.recordInput();
    const recorded = recordRun(input, { keyPair, recordPolicy: { unsafeContextRaw: this.captureMode === 'raw' } });
    const path = join(this.#ctx.outDir, `runpack_${this.runId}.zip`);
    await writeRunpackBytes(path, recorded.zip);
    const verified = await verifyRunpack(path);
    if (verified.missing_files.length + verified.hash_mismatches.length > 0 || verified.signature_status === 'failed') {
      throw new VerificationError(`recorded runpack ${path} failed verification`, { code: 'record_verification_failed' });
    }
    const manifestDigest = recorded.runpack.manifest.manifest_digest;
    this.#closed = {
      runId: this.runId,
      path,
      manifestDigest,
      ticketFooter: ticketFooter(this.runId, manifestDigest),
      signatureKeyId: keyPair ? keyId(keyPair.publicKey) : undefined,
      warnings: recorded.warnings,
      input,
    };
    return this.#closed;
  }
}
