import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringifySorted, withErrorEnvelope } from './envelope.js';
import { ContentionError, InvalidInputError, VerificationError, exitCodeForError } from './errors.js';

const conformanceDir = resolve(process.env.GAIT_CONFORMANCE_DIR ?? join(__dirname, '../../../../shared/conformance/gait-v1.4.0'));
const goldenDir = join(conformanceDir, 'cmd/gait/testdata');
const haveGoldens = existsSync(goldenDir);
if (!haveGoldens) console.warn(`[skip] reference error-envelope goldens not found at ${goldenDir}; set GAIT_CONFORMANCE_DIR`);

describe('withErrorEnvelope', () => {
  it('fills the defaults for exit 6 with sorted keys', () => {
    const out = stringifySorted(withErrorEnvelope({ ok: false, error: 'missing required --policy' }, 6, 'cid-x'));
    expect(out).toBe(
      '{"correlation_id":"cid-x","error":"missing required --policy","error_category":"invalid_input","error_code":"invalid_input","hint":"check command usage and input schema","ok":false,"retryable":false}',
    );
  });

  it('adds only correlation_id when there is no error', () => {
    expect(withErrorEnvelope({ ok: false, hash_mismatches: ['run.json'] }, 2, 'c')).toEqual({
      ok: false,
      hash_mismatches: ['run.json'],
      correlation_id: 'c',
    });
  });

  it('keeps an error_code the command set itself', () => {
    const out = withErrorEnvelope({ ok: false, error: 'bad', error_code: 'delegation_token_invalid' }, 2, 'c');
    expect(out.error_code).toBe('delegation_token_invalid');
    expect(out.error_category).toBe('verification_failed');
  });

  it('reports regress failure (5) and unsafe replay (8) under internal_failure', () => {
    expect(withErrorEnvelope({ error: 'x' }, 5, 'c')).toMatchObject({ error_code: 'regress_failed', error_category: 'internal_failure' });
    expect(withErrorEnvelope({ error: 'x' }, 8, 'c')).toMatchObject({ error_code: 'unsafe_operation', error_category: 'internal_failure' });
  });

  it.runIf(haveGoldens)('matches the reference goldens byte for byte', () => {
    const cases = [
      { file: 'error_envelope_invalid_input.golden.json', error: 'missing required --policy', code: 6, cid: 'cid-golden-invalid' },
      { file: 'error_envelope_internal_failure.golden.json', error: 'unexpected failure', code: 1, cid: 'cid-golden-internal' },
    ];
    for (const c of cases) {
      const golden = readFileSync(join(goldenDir, c.file), 'utf8').trim();
      expect(stringifySorted(withErrorEnvelope({ ok: false, error: c.error }, c.code, c.cid))).toBe(golden);
    }
  });
});

describe('stringifySorted', () => {
  it('escapes HTML-significant characters as Go does', () => {
    expect(stringifySorted({ b: '<a&b>', a: '\u2028' })).toBe('{"a":"\\u2028","b":"\\u003ca\\u0026b\\u003e"}');
  });
});

describe('exitCodeForError', () => {
  it('maps categories to exit codes', () => {
    expect(exitCodeForError(new InvalidInputError('x'), 1)).toBe(6);
    expect(exitCodeForError(new VerificationError('x'), 6)).toBe(2);
    expect(exitCodeForError(new ContentionError('x'), 6)).toBe(1);
  });
  it('keeps the reference substring rule for uncategorised errors', () => {
    expect(exitCodeForError(new Error('open ./blocklist.yaml: no such file'), 6)).toBe(1);
    expect(exitCodeForError(new Error('bad yaml'), 6)).toBe(6);
  });
});
