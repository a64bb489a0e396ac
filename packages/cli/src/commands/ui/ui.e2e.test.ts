import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { runCaptured } from '../../testing/run-captured.js';
import { type RunningUi, startUi } from './serve.js';

/**
 * Drives the real page in headless Chromium (Debian's `chromium`; `.ci/run` installs it) through
 * demo → verify → regress → policy test, and saves a screenshot of each view.
 */
/**
 * Predicates below run in the page (function predicates, since the page's CSP forbids eval). This
 * package type-checks without the DOM library, so declare the little of it they use.
 */
declare const document: { querySelector(selector: string): { textContent: string | null; value?: string; disabled?: boolean } | null };

const chromiumPath = [process.env.GAIT_CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (chromiumPath === undefined) console.warn('[ui e2e skipped] no Chromium found (set GAIT_CHROMIUM_PATH or apt-get install chromium)');

const screenshotDir = process.env.GAIT_UI_SCREENSHOT_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../gait-out/ui-screenshots');

const POLICY = `schema_id: gait.gate.policy
schema_version: 1.0.0
default_verdict: require_approval
rules:
  - name: block-delete
    priority: 5
    effect: block
    match:
      tool_names: [tool.delete]
    reason_codes: [destructive_blocked]
    violations: [destructive_action]
  - name: allow-read
    priority: 10
    effect: allow
    match:
      tool_names: [tool.read]
`;
const intent = (tool: string) => JSON.stringify({ tool_name: tool, args: { path: '/tmp/x' }, targets: [{ kind: 'path', value: '/tmp/x' }], context: { identity: 'alice', workspace: '/tmp', risk_class: 'high' } });

describe.runIf(chromiumPath !== undefined)('gait ui in a real browser', () => {
  let workDir: string;
  let ui: RunningUi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'gait-ui-e2e-'));
    mkdirSync(join(workDir, 'policies'));
    mkdirSync(join(workDir, 'intents'));
    writeFileSync(join(workDir, 'policies/prod.yaml'), POLICY);
    writeFileSync(join(workDir, 'intents/delete.json'), intent('tool.delete'));
    writeFileSync(join(workDir, 'intents/read.json'), intent('tool.read'));
    const env = { HOME: join(workDir, 'home') };
    // A gate decision leaves a trace for the traces view.
    const gate = await runCaptured(['gate', 'eval', '--policy', 'policies/prod.yaml', '--intent', 'intents/delete.json', '--trace-out', 'trace_delete.json', '--json'], { cwd: workDir, env });
    expect(gate.code).toBe(3);
    ui = await startUi({ listen: '127.0.0.1:0', workDir, env, allowNonLoopback: false });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    mkdirSync(screenshotDir, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const snap = (name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  const tab = async (view: string) => {
    await page.click(`nav button[data-view="${view}"]`);
    await page.waitForSelector(`body[data-ready="${view}"]`, { timeout: 5000 });
  };
  const exec = async (testId: string, expected: string) => {
    await page.click(`[data-testid="${testId}"]`);
    await page.waitForFunction(() => !document.querySelector('[data-exec]')?.disabled && document.querySelector('[data-testid="exec-status"]')?.textContent !== 'running');
    expect(await page.textContent('[data-testid="exec-argv"]')).toContain(expected);
    expect(await page.textContent('[data-testid="exec-status"]')).toBe('ok');
  };

  it('runs the demo, verifies it and runs regressions from the overview', async () => {
    await page.goto(ui.url);
    await page.waitForSelector('body[data-ready="overview"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="health"]')?.textContent === 'healthy');
    expect(await page.textContent('[data-testid="workspace"]')).toBe(resolve(workDir));
    await exec('exec-demo', 'gait demo --json');
    await exec('exec-verify', 'gait verify run_demo --json');
    expect(await page.textContent('[data-testid="exec-output"]')).toContain('"run_id": "run_demo"');
    await exec('exec-regress-init', 'gait regress init --from run_demo --json');
    await exec('exec-regress-run', 'gait regress run --json --junit ./gait-out/junit.xml');
    expect(await page.textContent('#artifacts')).toContain('regress_result.json');
    await snap('overview');
  }, 120_000);

  it('lists the run as verified and shows its timeline', async () => {
    await tab('runs');
    const row = page.locator('[data-testid="run-run_demo"]');
    expect(await row.textContent()).toContain('verified');
    await snap('runs');
    await row.click();
    await page.waitForSelector('body[data-ready="timeline"]');
    const timeline = await page.textContent('[data-testid="timeline"]');
    expect(timeline).toMatch(/3 steps/);
    expect(timeline).toContain('1. tool.search');
    await snap('timeline');
  });

  it('shows gate traces with their verdict and deciding rule', async () => {
    await tab('traces');
    const traces = await page.textContent('[data-testid="traces"]');
    expect(traces).toContain('trace_delete.json');
    expect(traces).toContain('block');
    expect(traces).toContain('destructive_action');
    await snap('traces');
  });

  it('shows the regress result per grader', async () => {
    await tab('regress');
    expect(await page.textContent('[data-testid="regress-status"]')).toBe('pass');
    expect(await page.locator('[data-testid="graders"] tr').count()).toBeGreaterThan(0);
    await snap('regress');
  });

  it('tests a policy against an intent and shows the verdict and matched rule', async () => {
    await tab('policy');
    await page.selectOption('[data-testid="policy-select"]', 'policies/prod.yaml');
    await page.selectOption('[data-testid="intent-select"]', 'intents/delete.json');
    await page.waitForFunction(() => String(document.querySelector('[data-testid="intent-text"]')?.value).includes('tool.delete'), undefined, { timeout: 10_000 });
    await page.click('[data-testid="policy-run"]');
    await page.waitForSelector('#matched-rule', { timeout: 10_000 });
    const result = await page.textContent('[data-testid="policy-result"]');
    expect(result).toContain('Verdict: block');
    expect(await page.textContent('#matched-rule')).toBe('block-delete');
    expect(result).toContain('destructive_blocked');
    await snap('policy-block');
    // Edit the intent in place: the same policy allows a read.
    await page.fill('[data-testid="intent-text"]', intent('tool.read'));
    await page.click('[data-testid="policy-run"]');
    await page.waitForFunction(() => document.querySelector('#matched-rule')?.textContent === 'allow-read');
    expect(await page.textContent('[data-testid="policy-result"]')).toContain('Verdict: allow');
    await snap('policy-allow');
  });

  it('raised no script errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
