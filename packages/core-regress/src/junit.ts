import { describeFailure, type RegressGraderResult } from './describe.js';

export interface JunitInput {
  fixture_set: string;
  graders: RegressGraderResult[];
}

/**
 * JUnit XML as the reference lays it out (Go `xml.MarshalIndent`, two spaces, no self-closing
 * tags, `time="0"` everywhere so the file is deterministic): a `<testsuite>` per fixture, named
 * `gait.regress.<fixture_set>`, and a `<testcase name="<check>" classname="<fixture>">` per check.
 * With one fixture this is the reference's document; the reference puts every fixture in a
 * single suite.
 *
 * A failure's `message` names the check, its reason codes and the difference found; its text
 * gives the full account (every changed step), one item a line.
 */
export function renderJunit(input: JunitInput): string {
  const byFixture = new Map<string, RegressGraderResult[]>();
  for (const grader of input.graders) {
    const fixture = fixtureOf(grader.name);
    byFixture.set(fixture, [...(byFixture.get(fixture) ?? []), grader]);
  }
  const failures = input.graders.filter((g) => g.status === 'fail').length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${input.graders.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
  ];
  for (const [fixture, graders] of byFixture) {
    const suiteFailures = graders.filter((g) => g.status === 'fail').length;
    out.push(
      `  <testsuite name="${attr(`gait.regress.${input.fixture_set}`)}" tests="${graders.length}" failures="${suiteFailures}" errors="0" skipped="0" time="0">`,
    );
    for (const grader of graders) {
      const open = `    <testcase name="${attr(checkOf(grader.name))}" classname="${attr(fixture)}" time="0">`;
      if (grader.status !== 'fail') {
        out.push(`${open}</testcase>`);
        continue;
      }
      const codes = grader.reason_codes.join(',');
      const description = describeFailure(grader);
      const message = `${grader.name} failed [${codes}]: ${description.summary}`;
      const body = [`${grader.name}: ${codes}`, ...description.lines].join('\n');
      out.push(open, `      <failure message="${attr(message)}" type="regress_failure">${text(body)}</failure>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function fixtureOf(name: string): string {
  const slash = name.indexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

function checkOf(name: string): string {
  const slash = name.indexOf('/');
  return slash < 0 ? name : name.slice(slash + 1);
}

// Go's xml.EscapeText: the five XML specials as numeric or named references, tab and CR as
// character references, and characters XML 1.0 cannot carry replaced by U+FFFD. Attributes
// also escape newlines; element text keeps them.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escape(value: string, newlines: boolean): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/[&<>"'\t\r\n]/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '\t':
        return '&#x9;';
      case '\r':
        return '&#xD;';
      default:
        return newlines ? '&#xA;' : '\n';
    }
  });
}

function attr(value: string): string {
  return escape(value, true);
}

function text(value: string): string {
  return escape(value, false);
}
