/**
 * Loading a policy for the MCP surfaces: the gate's strict policy, whose top-level `mcp_trust`
 * block (HEAD) this package evaluates. The whole document goes through the gate's parser, so the
 * policy digest covers the trust block exactly as the gate computes it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { type CompiledPolicy, type Policy, compilePolicy, parsePolicyYaml } from '@gait/core-gate';
import { type TrustConfig, trustConfigFromPolicy } from '../trust/config.js';

export interface McpPolicy {
  policy: Policy;
  compiled: CompiledPolicy;
  /** Undefined when the policy has no `mcp_trust` block or turns it off. */
  trust: TrustConfig | undefined;
}

export function parseMcpPolicy(text: string): McpPolicy {
  const policy = parsePolicyYaml(text);
  return { policy, compiled: compilePolicy(policy), trust: trustConfigFromPolicy(policy.mcp_trust) };
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
