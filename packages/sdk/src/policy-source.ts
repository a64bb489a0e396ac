/**
 * Resolves the `policy` option into a compiled policy plus the YAML text the CLI pipeline would
 * read, so both decision paths (in-memory and `evaluateGate`) see the same policy and digest.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { type CompiledPolicy, type Policy, compilePolicy, formatPolicyYaml, parsePolicyYaml } from '@gait/core-gate';

export interface PolicySource {
  compiled: CompiledPolicy;
  /** YAML text whose parse has the compiled policy's digest. */
  yaml: string;
  /** Absolute path of the file the policy was read from, if any. */
  path?: string;
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
function policyFromObject(value: object): { policy: Policy; yaml: string } {
  try {
    // Plain data in the YAML shape goes through the same strict reader as a file (JSON is YAML).
    const yaml = JSON.stringify(value);
    return { policy: parsePolicyYaml(yaml), yaml };
  } catch (plainError) {
    try {
      const yaml = formatPolicyYaml(value as Policy);
      return { policy: parsePolicyYaml(yaml), yaml };
    } catch {
      throw plainError;
    }
  }
}

export function loadPolicySource(policy: string | Policy | CompiledPolicy): PolicySource {
  if (typeof policy === 'string') {
    if (looksLikeYaml(policy)) return { compiled: compilePolicy(parsePolicyYaml(policy)), yaml: policy };
    const yaml = readPolicyFile(policy);
    return { compiled: compilePolicy(parsePolicyYaml(yaml)), yaml, path: resolve(policy) };
  }
  if (typeof policy !== 'object' || policy === null) {
    throw new InvalidInputError('policy must be a file path, YAML text, a policy object or a compiled policy', { code: 'policy_invalid' });
  }
  if (isCompiled(policy)) return { compiled: policy, yaml: formatPolicyYaml(policy.policy) };
  const { policy: parsed, yaml } = policyFromObject(policy);
  return { compiled: compilePolicy(parsed), yaml };
}
