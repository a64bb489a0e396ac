/** The precompiled validators must come from the current schemas, or validation would be stale. */
import { describe, expect, it } from 'vitest';
import { catalogue, schemaFilesDigest } from './index.js';
import { keys, schemasDigest } from './generated/validators.js';

describe('generated validators', () => {
  it('were compiled from the current schema files (else run: pnpm schemas:generate)', () => {
    expect(schemasDigest).toBe(schemaFilesDigest());
  });

  it('cover every catalogue entry, in order', () => {
    expect([...keys]).toEqual(catalogue.map((e) => e.key));
  });
});
