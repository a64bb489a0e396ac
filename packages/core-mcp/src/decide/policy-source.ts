/**
 * Loading a policy for the MCP surfaces: the gate's strict policy plus HEAD's top-level
 * `mcp_trust` block, which this package evaluates (the gate's own parser does not know it yet,
 * so the block is lifted out of the document before the gate parses the rest).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { type CompiledPolicy, type Policy, compilePolicy, parsePolicyYaml } from '@gait/core-gate';
import { parseDocument } from 'yaml';
import { type TrustConfig, parseTrustConfig } from '../trust/config.js';

export interface McpPolicy {
  policy: Policy;
  compiled: CompiledPolicy;
  /** Undefined when the policy has no `mcp_trust` block. */
  trust: TrustConfig | undefined;
}

export function parseMcpPolicy(text: string): McpPolicy {
  const doc = parseDocument(text, { uniqueKeys: true });
  let trust: TrustConfig | undefined;
  let rest = text;
  // A malformed document is left to the gate's parser, which reports it with the reference's message.
  if (doc.errors.length === 0 && doc.has('mcp_trust')) {
    trust = parseTrustConfig((doc.toJS() as Record<string, unknown>).mcp_trust);
    doc.delete('mcp_trust');
    rest = doc.toString();
  }
  const policy = parsePolicyYaml(rest);
  return { policy, compiled: compilePolicy(policy), trust };
}

export function loadMcpPolicy(path: string, cwd = process.cwd()): McpPolicy {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new InvalidInputError(`read policy: ${(error as Error).message}`, { code: 'input_unreadable', cause: error });
  }
  return parseMcpPolicy(text);
}
