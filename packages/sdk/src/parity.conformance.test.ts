/**
 * Parity on the reference's own examples: for every conformance intent against every example
 * policy, the SDK's decision (the `gate eval --json` object and exit code) and its trace file bytes
 * equal what `gait gate eval` (in-process `runCli`) produces with the same key and clock.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, conformanceDir, hasConformance } from '../../../test-support/conformance.js';
import { runParity } from './test-fixtures/parity.js';
import type { IntentRequest } from './types.js';

announceSkip('SDK/CLI gate parity on conformance intents', hasConformance, conformanceDir);

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const examples = join(conformanceDir, 'examples');
const intents = hasConformance ? [...files(join(examples, 'policy', 'intents'), '.json'), join(examples, 'policy-test', 'intent.json')] : [];
const policies = hasConformance ? [...files(join(examples, 'policy-test'), '.yaml'), ...files(join(examples, 'policy'), '.yaml')] : [];

const tally = { decided: 0, errors: 0, verdicts: new Set<string>() };

describe.runIf(hasConformance)('SDK decisions equal gait gate eval on conformance data', () => {
  it('covers a meaningful corpus', () => {
    expect(intents.length).toBeGreaterThanOrEqual(7);
    expect(policies.length).toBeGreaterThanOrEqual(10);
  });

  for (const policyPath of policies) {
    it(`policy ${relative(examples, policyPath)}: every intent`, async () => {
      for (const intentPath of intents) {
        const intent = JSON.parse(readFileSync(intentPath, 'utf8')) as IntentRequest;
        const { sdk, cli } = await runParity(policyPath, intent);
        const label = `${relative(examples, policyPath)} × ${relative(examples, intentPath)}`;
        if (cli.error !== undefined) {
          // Rejected by both, with the same exit code (6 for a policy the engine cannot load).
          expect(sdk.error, label).toBeDefined();
          expect(sdk.exitCode, label).toBe(cli.exitCode);
          tally.errors += 1;
          continue;
        }
        expect(sdk.error, label).toBeUndefined();
        expect(sdk.output, label).toEqual(cli.output);
        expect(sdk.exitCode, label).toBe(cli.exitCode);
        expect(sdk.trace, label).toBe(cli.trace);
        tally.verdicts.add(String(cli.output!.verdict));
        tally.decided += 1;
      }
    });
  }

  it('compared decisions of every verdict, not only errors', () => {
    expect(tally.decided).toBeGreaterThan(100);
    expect([...tally.verdicts].sort()).toEqual(['allow', 'block', 'dry_run', 'require_approval']);
  });
});
