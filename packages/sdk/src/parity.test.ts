/**
 * Always-on parity with our own fixtures: the SDK's decision object, exit code and trace bytes
 * equal `gait gate eval`'s (in-process `runCli`) for the same policy, intent, key and clock, on both of the
 * SDK's paths (in-memory, and the CLI pipeline for approvals and delegation), with and without
 * simulate, and whether the trace is signed and written in the decision or in the background.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DELEGATION_POLICY, OWN_INTENTS, RATE_LIMITED_POLICY, WRITE_POLICY } from './test-fixtures/policies.js';
import { runParity } from './test-fixtures/parity.js';
import type { IntentRequest } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'gait-sdk-own-parity-'));
const policies = Object.entries({ write: WRITE_POLICY, rate: RATE_LIMITED_POLICY, delegation: DELEGATION_POLICY }).map(([name, yaml]) => {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, yaml);
  return [name, path] as const;
});

describe('SDK decisions equal gait gate eval (own fixtures)', () => {
  for (const [policyName, policyPath] of policies) {
    for (const [simulate, mode] of [[false, 'await'], [true, 'await'], [false, 'background, signed in background'], [false, 'background, signed inline']] as const) {
      it(`${policyName} policy${simulate ? ', simulate' : ''}, trace ${mode}`, async () => {
        const seen: string[] = [];
        for (const [intentName, intent] of Object.entries(OWN_INTENTS)) {
          const { sdk, cli } = await runParity(policyPath, intent as unknown as IntentRequest, simulate, mode);
          const label = `${policyName} × ${intentName}`;
          expect(cli.error, label).toBeUndefined();
          expect(sdk.output, label).toEqual(cli.output);
          expect(sdk.exitCode, label).toBe(cli.exitCode);
          expect(sdk.trace, label).toBe(cli.trace);
          seen.push(`${intentName}:${String(cli.output!.verdict)}`);
        }
        if (policyName === 'write' && !simulate) {
          expect(seen).toEqual(['read:allow', 'write:require_approval', 'exec:block', 'deploy:dry_run', 'post:block', 'delete:block']);
        }
        if (policyName === 'delegation' && !simulate) expect(seen).toContain('post:block');
        if (simulate) expect(seen.every((s) => s.endsWith(':allow') || s.endsWith(':dry_run'))).toBe(true);
      });
    }
  }
});
