import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceSkip, conformanceDir, hasConformance } from '../../../../../test-support/conformance.js';
import { runCaptured } from '../../testing/run-captured.js';

announceSkip('policy test on the reference examples', hasConformance, conformanceDir);

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'gait-cli-policy-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

const run = (argv: string[]) => runCaptured(argv, { cwd, env: {}, correlationId: 'cid' });
const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

const intent = (tool: string) =>
  JSON.stringify({ created_at: '2026-02-05T00:00:00Z', tool_name: tool, args: {}, targets: [], context: { identity: 'a', workspace: '/w', risk_class: 'low' } });

describe('gait policy', () => {
  it('init writes a template (0600) and refuses to overwrite without --force', async () => {
    const first = await run(['policy', 'init', 'low', '--out', 'p/policy.yaml', '--json']);
    expect(first.code).toBe(0);
    expect(json(first.stdout)).toMatchObject({ ok: true, template: 'baseline-lowrisk', policy_path: 'p/policy.yaml' });
    expect(statSync(join(cwd, 'p/policy.yaml')).mode & 0o777).toBe(0o600);
    const again = await run(['policy', 'init', 'low', '--out', 'p/policy.yaml']);
    expect(again).toMatchObject({ code: 6, stdout: 'policy init error: output path already exists (use --force to overwrite): p/policy.yaml\n' });
    expect((await run(['policy', 'init', 'extreme'])).stdout).toBe('policy init error: unknown template: extreme\n');
  });

  it('validate reports the digest; bad keys are exit 6 naming the path', async () => {
    await run(['policy', 'init', 'baseline-lowrisk']);
    const ok = await run(['policy', 'validate', 'gait.policy.yaml', '--json']);
    expect(json(ok.stdout)).toMatchObject({
      ok: true,
      policy_digest: 'aa9e4371c827fc38f26c95588061b8376f20ef6524917ebab69bcc41aa3ed5c9',
      default_verdict: 'allow',
      rule_count: 3,
    });
    writeFileSync(join(cwd, 'bad.yaml'), 'rules:\n  - name: r\n    effect: allow\n    match: {tool_nmes: [x]}\n');
    const bad = await run(['policy', 'validate', 'bad.yaml']);
    expect(bad.code).toBe(6);
    expect(bad.stdout).toContain('unknown field "tool_nmes" at rules[0].match.tool_nmes');
  });

  it('fmt --write normalizes once and then reports no change', async () => {
    writeFileSync(join(cwd, 'p.yaml'), 'rules:\n  - {name: b, effect: ALLOW}\n  - {name: a, effect: block}\n');
    const before = json((await run(['policy', 'validate', 'p.yaml', '--json'])).stdout).policy_digest;
    const first = json((await run(['policy', 'fmt', 'p.yaml', '--write', '--json'])).stdout);
    expect(first).toMatchObject({ changed: true, written: true, policy_digest: before });
    const second = json((await run(['policy', 'fmt', 'p.yaml', '--write', '--json'])).stdout);
    expect(second).toMatchObject({ changed: false, written: false });
    const printed = await run(['policy', 'fmt', 'p.yaml']);
    expect(printed.stdout).toBe(readFileSync(join(cwd, 'p.yaml'), 'utf8'));
  });

  it('test maps verdicts to exit codes and accepts flags after positionals', async () => {
    writeFileSync(join(cwd, 'p.yaml'), 'default_verdict: allow\nrules:\n  - {name: block-delete, effect: block, match: {tool_names: [tool.delete]}}\n  - {name: ask, effect: require_approval, match: {tool_names: [tool.write]}}\n');
    writeFileSync(join(cwd, 'read.json'), intent('tool.read'));
    writeFileSync(join(cwd, 'delete.json'), intent('tool.delete'));
    writeFileSync(join(cwd, 'write.json'), intent('tool.write'));
    expect((await run(['policy', 'test', 'p.yaml', 'read.json'])).stdout).toBe('policy test verdict=allow reasons=default_allow violations=none\n');
    const block = await run(['policy', 'test', 'p.yaml', 'delete.json', '--json']);
    expect(block.code).toBe(3);
    expect(json(block.stdout)).toMatchObject({ ok: true, schema_id: 'gait.policytest.result', verdict: 'block', matched_rule: 'block-delete', created_at: '2026-02-05T00:00:00Z' });
    expect((await run(['policy', 'test', 'p.yaml', 'write.json'])).code).toBe(4);
    expect((await run(['policy', 'test', 'p.yaml'])).stdout).toBe('policy test error: expected <policy.yaml> <intent_fixture.json>\n');
  });

  it.runIf(hasConformance)('test gives E17–E19 on the reference policy-test examples', async () => {
    const dir = join(conformanceDir, 'examples/policy-test');
    for (const [file, code, reason] of [['allow.yaml', 0, 'default_allow'], ['block.yaml', 3, 'default_block'], ['require_approval.yaml', 4, 'default_require_approval']] as const) {
      const result = await run(['policy', 'test', join(dir, file), join(dir, 'intent.json'), '--json']);
      expect(result.code).toBe(code);
      expect(json(result.stdout).reason_codes).toEqual([reason]);
    }
  });

  it('simulate compares two policies over fixture folders', async () => {
    writeFileSync(join(cwd, 'base.yaml'), 'default_verdict: block\n');
    writeFileSync(join(cwd, 'cand.yaml'), 'default_verdict: block\nrules:\n  - {name: reads, effect: allow, match: {tool_names: [tool.read]}}\n');
    mkdirSync(join(cwd, 'fx/sub'), { recursive: true });
    writeFileSync(join(cwd, 'fx/read.json'), intent('tool.read'));
    writeFileSync(join(cwd, 'fx/sub/write.JSON'), intent('tool.write'));
    const result = await run(['policy', 'simulate', '--policy', 'cand.yaml', '--baseline', 'base.yaml', '--fixtures', 'fx', '--json']);
    expect(result.code).toBe(0);
    expect(json(result.stdout)).toMatchObject({
      fixtures_total: 2,
      changed_fixtures: 1,
      recommendation: 'observe',
      baseline_verdicts: [{ count: 2, verdict: 'block' }],
      candidate_verdicts: [{ count: 1, verdict: 'allow' }, { count: 1, verdict: 'block' }],
      changed: [{ fixture_path: 'fx/read.json', baseline_verdict: 'block', candidate_verdict: 'allow', candidate_matched_rule: 'reads', changed: true }],
    });
    expect((await run(['policy', 'simulate', '--policy', 'cand.yaml'])).stdout).toBe('policy simulate error: missing required --baseline <baseline_policy.yaml>\n');
  });
});
