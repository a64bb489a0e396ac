import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes `files` (relative path → content) under a fresh temp folder and returns it (test helper). */
export function makeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'gait-scout-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

export const AGENT_TREE: Record<string, string> = {
  'src/agent.ts': `import { tool } from 'ai';\nexport const tools = { searchDocs: tool({ execute }), sendEmail: tool({ execute }) };\n`,
  'src/refunds.ts': `import { tool } from '@openai/agents';\nexport const refund = tool({ name: 'issue_refund', execute });\nexport const wipe = tool({ name: 'delete_account', execute });\n`,
  'src/server.mjs': `server.registerTool('write_file', {}, h);\n// server.registerTool('ghost_tool', {}, h);\n`,
  '.mcp.json': JSON.stringify({ mcpServers: { github: { command: 'gh' } } }),
  'node_modules/dep/index.js': `import { tool } from 'ai';\nconst tools = { hidden: tool({}) };\n`,
  'py/tools.py': 'from langchain.tools import tool\n@tool\ndef lookup(q):\n    pass\n',
  'README.md': "tool({ name: 'in_docs' })",
};

export const POLICY_YAML = `schema_id: gait.gate.policy
schema_version: 1.0.0
default_verdict: require_approval
rules:
  - name: allow-search
    priority: 10
    effect: allow
    match:
      tool_names: [searchdocs, lookup]
  - name: block-delete
    priority: 5
    effect: block
    match:
      tool_names: [delete_account]
`;
