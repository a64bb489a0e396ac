import { Command, Option } from 'clipanion';
import { InternalError, VerificationError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { flagOrArgument, locateRunpack } from '../runpack-support.js';
import { runFamily } from './family.js';

/** `gait run receipt <run_id|path>`: the ticket footer of a verified runpack. */
export class RunReceiptCommand extends GaitCommand {
  static override paths = [['run', 'receipt']];
  static override family = runFamily;
  static override label = 'receipt';
  static override explain = 'Extract the deterministic ticket footer from an existing runpack artifact without rerunning the original scenario.';
  static override usage = Command.Usage({
    description: 'Print the ticket footer (`GAIT run_id=… manifest=sha256:… verify="gait verify …"`) of a runpack that verifies.',
    examples: [['Footer of the demo run', '$0 run receipt run_demo']],
  });

  from = Option.String('--from', { description: 'Run id or path (or give it as the only argument)' });
  rest = Option.Rest({ name: 'run_id|path' });

  protected async run(): Promise<number> {
    const reference = flagOrArgument(this.from, this.rest, 'missing required --from <run_id|path>');
    const located = await locateRunpack(this.context.cwd, reference);
    const { verifyRunpack, ticketFooter, isValidTicketFooter } = await import('@gait/core-runpack');
    const result = await verifyRunpack(located.io);
    if (result.missing_files.length + result.hash_mismatches.length > 0 || result.signature_status === 'failed') {
      throw new VerificationError('runpack verification failed', { code: 'receipt_verification_failed' });
    }
    const footer = ticketFooter(result.run_id, result.manifest_digest);
    if (!isValidTicketFooter(footer)) throw new InternalError('ticket footer contract validation failed', { code: 'ticket_footer_invalid' });
    return this.emit({ ok: true, run_id: result.run_id, path: located.shown, manifest_digest: result.manifest_digest, ticket_footer: footer }, footer);
  }
}
