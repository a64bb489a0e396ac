/**
 * One decision through the gate's shared pipeline (`decideGate`, the function behind
 * `gait gate eval`), with the gate's policy, keys and clock as values: no scratch files, and the
 * output, audits and trace bytes are the CLI's by construction.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '@gait/core-fsx';
import { type DeferredTraceSink, type GateArtifactSink, decideGate, goJsonIndent } from '@gait/core-gate';
import { type Ed25519KeyPair, generateKeyPair } from '@gait/core-sign';
import { tokenDocument } from './approvals.js';
import { toDecision } from './decision.js';
import type { GateContext } from './gate-context.js';
import type { Prepared } from './prepare.js';
import type { GateDecision, IntentRequest, TokenInput } from './types.js';

export interface DecideInput {
  approvalTokens: readonly TokenInput[];
  delegationTokens: readonly TokenInput[];
  simulate: boolean;
  correlationId?: string;
}

let throwawayKey: Ed25519KeyPair | undefined;

/**
 * A gate without traces still gets a signed trace record from the pipeline; it is never written,
 * so a process-wide throwaway key signs it (and, as in `gate eval`'s dev mode, tokens are then
 * checked against a key nobody holds unless a verify key is configured).
 */
function signingKeyOf(ctx: GateContext): Ed25519KeyPair {
  return ctx.keys.signing ?? (throwawayKey ??= generateKeyPair());
}

interface ArtifactRoutes {
  sink: GateArtifactSink;
  deferTrace: DeferredTraceSink | undefined;
}

const routes = new WeakMap<GateContext, ArtifactRoutes>();

/**
 * Artifacts go to the gate's output folder when it keeps traces, and nowhere otherwise. With
 * deferred signing the trace is queued unsigned-yet and its name reported at once: the file gets
 * exactly that name, and the bytes the CLI would write, when the writer gets to it.
 */
function routesOf(ctx: GateContext): ArtifactRoutes {
  let r = routes.get(ctx);
  if (r) return r;
  const sink: GateArtifactSink = async (kind, name, record) => {
    if (!ctx.traces) return undefined;
    const path = join(ctx.outDir, name);
    if (kind === 'trace') await ctx.traceWriter.write(path, () => goJsonIndent(record));
    else await writeFileAtomic(path, goJsonIndent(record), { mode: 0o600 });
    return name;
  };
  const deferTrace: DeferredTraceSink | undefined =
    ctx.traces && ctx.traceSigning === 'deferred'
      ? (name, signedTrace) => {
          ctx.traceWriter.enqueue(join(ctx.outDir, name), () => goJsonIndent(signedTrace()));
          return name;
        }
      : undefined;
  r = { sink, deferTrace };
  routes.set(ctx, r);
  return r;
}

/** Token inputs are read only if the decision reaches the step that checks them. */
const documents = (tokens: readonly TokenInput[]) => () => tokens.map(tokenDocument);

export async function decide(ctx: GateContext, request: IntentRequest, prepared: Prepared, input: DecideInput): Promise<GateDecision> {
  const { gate, now } = prepared;
  const artifacts = routesOf(ctx);
  const result = await decideGate({
    policy: ctx.compiled,
    intent: request,
    prepared: gate,
    profile: ctx.profile,
    signingKey: signingKeyOf(ctx),
    warnings: ctx.keys.warnings,
    approvalPublicKey: ctx.keys.approvalPublicKey,
    delegationPublicKey: ctx.keys.delegationPublicKey,
    approvalTokens: documents(input.approvalTokens),
    delegationTokens: documents(input.delegationTokens),
    rateLimitStatePath: ctx.rateLimitStatePath,
    simulate: input.simulate,
    correlationId: input.correlationId,
    producerVersion: ctx.producerVersion,
    now,
    // With an injected clock the trace is stamped on it, so traces are reproducible.
    observedAt: ctx.clock ? now : undefined,
    sink: artifacts.sink,
    deferTrace: artifacts.deferTrace,
    // An untraced gate skips building and signing the trace: it is most of a decision's cost.
    buildTrace: ctx.traces,
  });
  return toDecision(result.output, result.exitCode, result.outcome.result, request, result.intent.tool_name, ctx.traces ? ctx.outDir : undefined);
}
