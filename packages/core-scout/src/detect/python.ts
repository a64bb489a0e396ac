import { basename, extname } from 'node:path';
import type { Finding } from './types.js';

/**
 * Python detection follows the reference exactly (a text heuristic, not a parser), so that
 * snapshots of Python projects match the Go binary's item for item: every `def` in a file that
 * looks like a LangChain or OpenAI Agents module counts as a tool.
 */
const DEF = /^\s*def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/gm;
const LANGCHAIN_DECORATOR = /^\s*@tool\b/m;
const NAME_LITERAL = /\b(?:tool_name|name)\s*=\s*["']([^"']+)["']/g;

export function detectPythonTools(path: string, text: string): Finding[] {
  const defs = [...text.matchAll(DEF)].map((m) => m[1] as string);
  const names = defs.length > 0 ? [...new Set(defs)].sort() : [basename(path, extname(path))];
  const findings: Finding[] = [];
  if (LANGCHAIN_DECORATOR.test(text) || text.includes('StructuredTool.from_function') || text.includes('Tool(')) {
    for (const name of names) findings.push({ kind: 'tool', name, tag: 'framework:langchain' });
  }
  if (['@function_tool', 'from agents import', 'openai.agents', 'tools=['].some((marker) => text.includes(marker))) {
    const literals = [...text.matchAll(NAME_LITERAL)].map((m) => m[1] as string);
    for (const name of new Set([...literals, ...names])) findings.push({ kind: 'tool', name, tag: 'framework:openai_agents' });
  }
  return findings;
}
