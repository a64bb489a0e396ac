/**
 * Resolves the `policy` option into a compiled policy: every accepted form (file path, YAML text,
 * plain data, a parsed or a compiled policy) goes through the gate's strict reader and gives the
 * digest the CLI computes for the same policy.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { type CompiledPolicy, type Policy, compilePolicy, formatPolicyYaml, parsePolicyYaml } from '@gait/core-gate';

export interface PolicySource {
  compiled: CompiledPolicy;
}

function isCompiled(value: object): value is CompiledPolicy {
  return typeof (value as CompiledPolicy).candidates === 'function' && typeof (value as CompiledPolicy).policyDigest === 'string';
}

function looksLikeYaml(text: string): boolean {
  return text.includes('\n') || /(^|\s)rules\s*:/.test(text) || /(^|\s)default_verdict\s*:/.test(text);
}

function readPolicyFile(path: string): string {
  try {
    return readFileSync(resolve(path), 'utf8');
  } catch (error) {
    throw new InvalidInputError(`read policy ${path}: ${(error as Error).message} (expected a policy YAML file path or YAML text)`, {
      code: 'policy_unreadable',
      cause: error,
    });
  }
}

/** A policy object: the YAML shape as plain data, or an already normalized `Policy`. */
function policyFromObject(value: object): Policy {
  try {
    // Plain data in the YAML shape goes through the same strict reader as a file (JSON is YAML).
    return parsePolicyYaml(JSON.stringify(value));
  } catch (plainError) {
    try {
      return parsePolicyYaml(formatPolicyYaml(value as Policy));
    } catch {
      throw plainError;
    }
  }
}

export function loadPolicySource(policy: string | Policy | CompiledPolicy): PolicySource {
  if (typeof policy === 'string') {
    if (looksLikeYaml(policy)) return { compiled: compilePolicy(parsePolicyYaml(policy)) };
    return { compiled: compilePolicy(parsePolicyYaml(readPolicyFile(policy))) };
  }
  if (typeof policy !== 'object' || policy === null) {
    throw new InvalidInputError('policy must be a file path, YAML text, a policy object or a compiled policy', { code: 'policy_invalid' });
  }
  if (isCompiled(policy)) return { compiled: policy };
  return { compiled: compilePolicy(policyFromObject(policy)) };
}
