/**
 * Project defaults for `gate eval` (`.gait/config.yaml`, gate.md §3.7 step 1): a lenient YAML
 * whose `gate.*` keys fill flags the user left empty. A missing file is fine only at the default
 * path; a file named explicitly must exist.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '@gait/core-errors';
import { parse } from 'yaml';
import { isObject } from '../go/json-decode.js';
import { trim } from '../go/strings.js';

export const DEFAULT_PROJECT_CONFIG = '.gait/config.yaml';

/** The `gate` keys the reference reads; values are trimmed strings. */
export const GATE_CONFIG_KEYS = [
  'policy',
  'profile',
  'key_mode',
  'private_key',
  'private_key_env',
  'approval_public_key',
  'approval_public_key_env',
  'approval_private_key',
  'approval_private_key_env',
  'rate_limit_state',
  'credential_broker',
  'credential_env_prefix',
  'credential_ref',
  'credential_scopes',
  'credential_command',
  'credential_command_args',
  'credential_evidence_path',
  'trace_path',
] as const;

export type GateConfig = Partial<Record<(typeof GATE_CONFIG_KEYS)[number], string>>;

export function loadGateConfig(path: string, cwd: string): GateConfig {
  const chosen = trim(path) || DEFAULT_PROJECT_CONFIG;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, chosen), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && chosen === DEFAULT_PROJECT_CONFIG) return {};
    throw new InvalidInputError(`load project config ${chosen}: ${(error as Error).message}`, { code: 'config_unreadable' });
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new InvalidInputError(`parse project config ${chosen}: ${(error as Error).message}`, { code: 'config_invalid' });
  }
  const gate = isObject(doc) && isObject(doc.gate) ? doc.gate : {};
  const out: GateConfig = {};
  for (const key of GATE_CONFIG_KEYS) {
    const value = gate[key];
    if (value === undefined || value === null) continue;
    out[key] = Array.isArray(value) ? value.map((v) => trim(String(v))).join(',') : trim(String(value));
  }
  return out;
}
