import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'clipanion';
import { InvalidInputError, VerificationError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { keyOption, loadVerifyKeyFromFlags } from '../runpack-support.js';

/** `gait trace verify <path>`: check a signed gate trace offline. */
export class TraceVerifyCommand extends GaitCommand {
  static override paths = [['trace', 'verify']];
  static override explain = 'Validate a gate trace signature and report deterministic verification status.';
  static override family = {
    name: 'trace',
    explain: 'Capture observe-only Gait trace summaries from an explicit child boundary, or verify signed gate trace records offline.',
  };
  static override usage = Command.Usage({
    description: 'Verify the signature of a gate trace record.',
    details: 'Exit 0 when the signature verifies, 2 when it fails or is missing, 6 for unreadable input or keys.',
    examples: [['Verify a trace', '$0 trace verify trace_0123.json --public-key keys/gait_public.key --json']],
  });

  tracePath = Option.String('--path', { description: 'Trace file (or give it as the positional argument)' });
  publicKey = keyOption.publicKey();
  publicKeyEnv = keyOption.publicKeyEnv();
  privateKey = keyOption.privateKey();
  privateKeyEnv = keyOption.privateKeyEnv();
  rest = Option.Rest({ name: 'path' });

  protected async run(): Promise<number> {
    const flagPath = (this.tracePath ?? '').trim();
    // Exactly one of --path or a single positional.
    if ((flagPath === '') === (this.rest.length === 0) || this.rest.length > 1) {
      throw new InvalidInputError('expected trace path', { code: 'usage' });
    }
    const path = flagPath || this.rest[0]!;
    const publicKey = await loadVerifyKeyFromFlags(this, this.context.env, (p) => this.resolvePath(p));
    if (!publicKey) throw new InvalidInputError('public key not configured', { code: 'key_missing' });
    let trace: unknown;
    try {
      trace = JSON.parse(readFileSync(resolve(this.context.cwd, path), 'utf8'));
    } catch (error) {
      throw new InvalidInputError(`read trace: ${(error as Error).message}`, { code: 'input_unreadable' });
    }
    const { verifyTraceRecord } = await import('@gait/core-gate');
    const result = verifyTraceRecord(trace, publicKey);
    const fields = { path, trace_id: result.trace_id, verdict: result.verdict, signature_status: result.signature_status };
    if (!result.ok) {
      const error = new VerificationError(result.error ?? 'signature verification failed');
      if (this.json) return this.fail(error, { fields });
      return this.emit({}, [`trace verify failed: ${path}`, `signature status: ${result.signature_status}`], 2);
    }
    return this.emit({ ok: true, ...fields, key_id: result.key_id }, `trace verify ok: ${path}`);
  }
}
