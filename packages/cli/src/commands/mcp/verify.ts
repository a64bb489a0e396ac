import { Command, Option } from 'clipanion';
import { InvalidInputError } from '@gait/core-errors';
import { GaitCommand } from '../../gait-command.js';
import { mcpFamily } from './family.js';

/** `gait mcp verify` (HEAD): the policy's MCP trust check for one server description, offline. */
export class McpVerifyCommand extends GaitCommand {
  static override paths = [['mcp', 'verify']];
  static override family = mcpFamily;
  static override explain =
    'Evaluate optional MCP server trust policy against a local server description and local trust snapshot without executing a tool call or performing a hosted registry lookup.';
  static override usage = Command.Usage({
    description: 'Check an MCP server against the policy mcp_trust block and its local trust snapshot.',
    details: 'Exit 0 when trust is disabled or not enforced for the risk class, 3 when enforced with action block, 4 with require_approval.',
    examples: [['Verify a server', '$0 mcp verify --policy policy.yaml --server server.json --json']],
  });

  policy = Option.String('--policy', { description: 'Policy YAML with an mcp_trust block' });
  server = Option.String('--server', { description: 'Server description JSON (server_id or server_name)' });
  riskClass = Option.String('--risk-class', { description: 'Risk class to check for (default: highest required class)' });
  rest = Option.Rest({ name: 'none' });

  protected async run(): Promise<number> {
    const usage = 'expected --policy <policy.yaml> and --server <server.json>';
    if (this.rest.length > 0 || !this.policy?.trim() || !this.server?.trim()) throw new InvalidInputError(usage, { code: 'usage' });
    const { verifyServerTrust } = await import('@gait/core-mcp');
    const result = verifyServerTrust({
      policyPath: this.policy,
      serverPath: this.server,
      ...(this.riskClass ? { riskClass: this.riskClass } : {}),
      cwd: this.context.cwd,
    });
    return this.emit(result.output as unknown as Record<string, unknown>, `mcp verify: verdict=${result.output.verdict}`, result.exitCode);
  }
}
