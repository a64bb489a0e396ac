// The test every integration quickstart runs: each scenario in-process, then the whole quickstart
// as a user starts it (`node quickstart.mjs`), checking the printed lines.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const EXPECTED = {
  allow: { verdict: 'allow', executed: true },
  block: { verdict: 'block', executed: false, modelSaw: /blocked by policy \(destructive_tool_blocked\)/ },
  require_approval: { verdict: 'require_approval', executed: false },
};

function signedTrace(path) {
  expect(path && existsSync(path)).toBe(true);
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function describeQuickstart(framework, runScenario, quickstartUrl) {
  describe(`examples/integrations/${framework}`, () => {
    for (const [scenario, expected] of Object.entries(EXPECTED)) {
      it(`scenario ${scenario}: verdict ${expected.verdict}, executed=${expected.executed}, a signed trace`, async () => {
        const outDir = mkdtempSync(join(tmpdir(), `gait-example-${framework}-`));
        const result = await runScenario(scenario, { outDir });
        expect(result).toMatchObject({ framework, scenario, verdict: expected.verdict, executed: expected.executed });
        if (expected.modelSaw) expect(result.modelSaw).toMatch(expected.modelSaw);
        const trace = signedTrace(result.tracePath);
        expect(trace).toMatchObject({ verdict: expected.verdict, signature: { alg: 'ed25519' } });
      });
    }

    it('npm start prints every scenario', async () => {
      const cwd = mkdtempSync(join(tmpdir(), `gait-example-${framework}-start-`));
      const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(quickstartUrl)], { cwd });
      const blocks = stdout.trim().split('\n\n').map((block) => Object.fromEntries(block.split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2))));
      expect(blocks.map((b) => [b.scenario, b.verdict, b.executed])).toEqual([
        ['allow', 'allow', 'true'],
        ['block', 'block', 'false'],
        ['require_approval', 'require_approval', 'false'],
      ]);
      for (const block of blocks) expect(block.framework).toBe(framework);
      for (const block of blocks) expect(existsSync(block.trace_path)).toBe(true);
    });
  });
}
