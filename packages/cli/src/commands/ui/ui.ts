import { execFile } from 'node:child_process';
import { Command, Option } from 'clipanion';
import { GaitCommand } from '../../gait-command.js';
import { untilSignal } from '../mcp/family.js';
import { startUi } from './serve.js';

/** `gait ui`: the local web page over runs, timelines, traces, regressions and a policy tester. */
export class UiCommand extends GaitCommand {
  static override paths = [['ui']];
  static override explain = 'Run an optional localhost UI that orchestrates existing Gait commands for first-run, artifact, and regression workflows.';
  static override usage = Command.Usage({
    description: 'Serve the local Gait UI on loopback (default 127.0.0.1:7980) until interrupted.',
    details: [
      'Shows the runs in ./gait-out with their verification status, a run\'s timeline of intents and results, gate',
      'traces, regress results, and a policy tester; buttons run the demo, verify and regress commands in this folder.',
      'Binding another address needs --allow-non-loopback, and then every API call needs a token (--token,',
      'GAIT_UI_TOKEN, or a generated one printed in the URL).',
    ].join(' '),
    examples: [
      ['Start the UI', '$0 ui'],
      ['Serve on the LAN with a token', '$0 ui --listen 0.0.0.0:7980 --allow-non-loopback --token "$(openssl rand -hex 24)"'],
    ],
  });

  listen = Option.String('--listen', { description: 'host:port to listen on (default 127.0.0.1:7980)' });
  openBrowser = Option.Boolean('--open-browser', true, { description: 'Open the page in the default browser (use --open-browser=false to disable)' });
  allowNonLoopback = Option.Boolean('--allow-non-loopback', false, { description: 'Allow a non-loopback --listen address (requires a token)' });
  token = Option.String('--token', { description: 'Bearer token for the API (default: GAIT_UI_TOKEN, generated off loopback)' });

  protected async run(): Promise<number> {
    let running;
    try {
      running = await startUi({
        listen: this.listen ?? '127.0.0.1:7980',
        workDir: this.context.cwd,
        env: this.context.env,
        allowNonLoopback: this.allowNonLoopback,
        ...(this.token ?? this.context.env.GAIT_UI_TOKEN ? { token: this.token ?? this.context.env.GAIT_UI_TOKEN } : {}),
      });
    } catch (error) {
      // Listen failures fall back to exit 1 in the reference; flag errors stay 6.
      return this.fail(error, { fallback: 1 });
    }
    this.emit(
      { ok: true, listen: running.listen, url: running.url, open_url: this.openBrowser, ...(running.token === undefined ? {} : { auth_url: running.openUrl }) },
      [`ui listening=${running.listen}`, `ui url=${running.openUrl}`],
    );
    if (this.openBrowser) openInBrowser(running.openUrl);
    await untilSignal();
    await running.close();
    return 0;
  }
}

/** Best effort, without a shell; a missing opener is not an error (the URL is printed). */
function openInBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  execFile(opener, [url], () => undefined).on('error', () => undefined);
}
