import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'junit2json';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { renderJunit } from './junit.js';
import type { RegressGraderResult } from './describe.js';

const xsd = readFileSync(join(import.meta.dirname, 'test-support/junit.xsd'), 'utf8');

async function xsdErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: xsd }] });
  return result.valid ? [] : result.errors.map((e) => e.message);
}

const passing = (fixture: string, check: string): RegressGraderResult => ({ name: `${fixture}/${check}`, status: 'pass', reason_codes: [] });

const failingDiff: RegressGraderResult = {
  name: 'incident_42/diff',
  status: 'fail',
  reason_codes: ['unexpected_diff'],
  details: {
    candidate_runpack: 'fixtures/incident_42/candidate.zip',
    unexpected_files: ['results.jsonl'],
    changed_steps: [
      {
        step: 2,
        intent_id: 'intent_2',
        tool_name: 'file.write',
        change: 'changed',
        fields: [{ field: 'result.status', expected: 'ok', actual: 'error' }],
      },
    ],
  },
};

const twoFixtures = {
  fixture_set: 'nightly',
  graders: [
    failingDiff,
    passing('incident_42', 'expected_exit_code'),
    passing('incident_42', 'schema_validation'),
    passing('smoke', 'diff'),
    passing('smoke', 'expected_exit_code'),
    passing('smoke', 'schema_validation'),
  ],
};

describe('renderJunit', () => {
  it('lays out a suite per fixture and a case per check, with totals', () => {
    const xml = renderJunit(twoFixtures);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="6" failures="1" errors="0" skipped="0" time="0">\n')).toBe(true);
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
    expect(xml.match(/<testsuite name="gait\.regress\.nightly" tests="3" failures="(\d)"/g)).toHaveLength(2);
    expect(xml).toContain('<testcase name="diff" classname="smoke" time="0"></testcase>');
    expect(xml).not.toMatch(/\/>/); // no self-closing tags, as Go writes them
  });

  it('names the check, the reason and the changed step in the failure', () => {
    const xml = renderJunit(twoFixtures);
    expect(xml).toContain(
      '<failure message="incident_42/diff failed [unexpected_diff]: unexpected changes in results.jsonl (candidate fixtures/incident_42/candidate.zip); ' +
        'step 2 intent_2 (file.write): result.status &#34;ok&#34; -&gt; &#34;error&#34;" type="regress_failure">',
    );
    expect(xml).toContain('>incident_42/diff: unexpected_diff\nunexpected changes in results.jsonl');
  });

  it('escapes markup and control characters the way Go does', () => {
    const xml = renderJunit({
      fixture_set: 'a&b',
      graders: [{ name: 'f/x', status: 'fail', reason_codes: ['grader_error'], details: { error: `<bad> "q" 'a'\ttab\u0001` } }],
    });
    expect(xml).toContain('name="gait.regress.a&amp;b"');
    expect(xml).toContain('error: &lt;bad&gt; &#34;q&#34; &#39;a&#39;&#x9;tab\uFFFD');
  });

  it('validates against a JUnit XML schema, which rejects a malformed report', async () => {
    expect(await xsdErrors(renderJunit(twoFixtures))).toEqual([]);
    const broken = renderJunit(twoFixtures).replace('classname="smoke"', '').replace('tests="6"', 'tests="six"');
    expect((await xsdErrors(broken)).length).toBeGreaterThanOrEqual(2);
  });

  it('is read back by a JUnit consumer (junit2json) with the same suites, cases and failures', async () => {
    const report = (await parse(renderJunit(twoFixtures))) as Record<string, any>;
    expect(report).toMatchObject({ tests: 6, failures: 1, errors: 0 });
    expect(report.testsuite.map((s: Record<string, any>) => [s.name, s.tests, s.failures])).toEqual([
      ['gait.regress.nightly', 3, 1],
      ['gait.regress.nightly', 3, 0],
    ]);
    const cases = report.testsuite.flatMap((s: Record<string, any>) => s.testcase);
    expect(cases.map((c: Record<string, any>) => `${c.classname}.${c.name}`)).toEqual([
      'incident_42.diff',
      'incident_42.expected_exit_code',
      'incident_42.schema_validation',
      'smoke.diff',
      'smoke.expected_exit_code',
      'smoke.schema_validation',
    ]);
    const failure = cases[0].failure[0];
    expect(failure.type).toBe('regress_failure');
    expect(failure.message).toContain('step 2 intent_2 (file.write): result.status "ok" -> "error"');
    expect(failure.inner).toContain('incident_42/diff: unexpected_diff');
    expect(cases.slice(1).every((c: Record<string, any>) => c.failure === undefined)).toBe(true);
  });
});

describe('renderJunit escaping (property)', () => {
  it('any fixture set name and error text survive a round trip through a JUnit parser', async () => {
    const fc = await import('fast-check');
    // Go replaces what XML 1.0 cannot carry with U+FFFD; everything else must come back unchanged.
    const xmlSafe = (s: string) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme-composite' }), fc.string({ unit: 'binary' }), async (set, error) => {
        const xml = renderJunit({ fixture_set: set, graders: [{ name: 'f/diff', status: 'fail', reason_codes: ['grader_error'], details: { error } }] });
        const parsed = (await parse(xml)) as Record<string, any>;
        expect(parsed.testsuite[0].name).toBe(`gait.regress.${xmlSafe(set)}`);
        const failure = parsed.testsuite[0].testcase[0].failure[0];
        expect(failure.message).toBe(`f/diff failed [grader_error]: error: ${xmlSafe(error)}`);
      }),
      { numRuns: 200 },
    );
  });
});
