import { describe, expect, it } from 'vitest';
import { detectTypeScriptTools } from './typescript.js';

const names = (path: string, text: string) => detectTypeScriptTools(path, text).map((f) => `${f.tag}:${f.name}`).sort();

describe('detectTypeScriptTools', () => {
  it('finds Vercel AI SDK tools by the keys of a tools object and by variable name', () => {
    const text = `
      import { generateText, tool } from 'ai';
      import { z } from 'zod';
      export const sendEmail = tool({ description: 'send', parameters: z.object({}), execute: async () => 'ok' });
      await generateText({ model, tools: { getWeather: tool({ description: 'w', execute: async () => 1 }), sendEmail, 'delete-user': deleteUser } });
    `;
    expect(names('agent.ts', text)).toEqual([
      'framework:vercel_ai:delete-user',
      'framework:vercel_ai:getWeather',
      'framework:vercel_ai:getWeather',
      'framework:vercel_ai:sendEmail',
      'framework:vercel_ai:sendEmail',
    ]);
  });

  it('finds OpenAI Agents JS tools by their name property', () => {
    const text = `
      import { Agent, tool } from '@openai/agents';
      const refund = tool({ name: 'issue_refund', description: 'refund', parameters: schema, execute });
      const agent = new Agent({ name: 'support', tools: [refund] });
    `;
    expect(names('support.mts', text)).toEqual(['framework:openai_agents:issue_refund']);
  });

  it('finds LangChain.js tools: tool(fn, { name }), DynamicStructuredTool and StructuredTool subclasses', () => {
    const text = `
      const { tool } = require('@langchain/core/tools');
      const { DynamicStructuredTool, StructuredTool } = require('@langchain/core/tools');
      const search = tool(async ({ q }) => q, { name: 'web_search', schema });
      const drop = new DynamicStructuredTool({ name: 'drop_table', description: 'x', schema, func });
      class Transfer extends StructuredTool { name = 'wire_transfer'; description = 'moves money'; }
    `;
    expect(names('tools.cjs', text)).toEqual([
      'framework:langchain:drop_table',
      'framework:langchain:web_search',
      'framework:langchain:wire_transfer',
    ]);
  });

  it('finds MCP server tools registered with registerTool and server.tool', () => {
    const text = `
      import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
      const server = new McpServer({ name: 'files', version: '1.0.0' });
      server.registerTool('write_file', { description: 'w' }, async () => ({ content: [] }));
      server.tool('list_files', async () => ({ content: [] }));
      this.server.tool(\`read_file\`, {}, handler);
    `;
    expect(names('server.mjs', text)).toEqual(['framework:mcp:list_files', 'framework:mcp:read_file', 'framework:mcp:write_file']);
  });

  it('ignores tool names that only appear in comments and strings', () => {
    const text = `
      import { tool } from '@openai/agents';
      // const t = tool({ name: 'commented_out' });
      /* server.registerTool('in_block_comment', {}, h); */
      const doc = "tool({ name: 'in_a_string' })";
      const tpl = \`server.tool('in_template', h)\`;
    `;
    expect(names('notes.ts', text)).toEqual([]);
  });

  it('parses TSX and JSX, and skips declaration files', () => {
    const tsx = `import { tool } from 'ai';\nexport const ui = <div>{String(1)}</div>;\nconst tools = { render_chart: tool({ execute }) };`;
    expect(names('page.tsx', tsx)).toEqual(['framework:vercel_ai:render_chart', 'framework:vercel_ai:render_chart']);
    expect(names('types.d.ts', `declare const x = tool({ name: 'declared' });`)).toEqual([]);
  });

  it('does not treat a tools object as tool names in files that use no agent framework', () => {
    expect(names('config.ts', `export const settings = { tools: { hammer: h, saw: s } };`)).toEqual([]);
  });

  it('does not take MCP capabilities or configuration flags for tools', () => {
    const server = `import { Server } from '@modelcontextprotocol/sdk/server/index.js';\nconst capabilities = { tools: { listChanged: true } };`;
    expect(names('gated-server.ts', server)).toEqual([]);
    const flags = `import { generateText } from 'ai';\nawait generateText({ tools: { verbose: true, limit: 3, search } });`;
    expect(names('agent.ts', flags)).toEqual(['framework:vercel_ai:search']);
  });

  it('survives syntax errors and still reports what parses', () => {
    const text = `import { tool } from '@openai/agents';\nconst a = tool({ name: 'ok_tool' });\nfunction broken( {`;
    expect(names('broken.js', text)).toEqual(['framework:openai_agents:ok_tool']);
  });
});
