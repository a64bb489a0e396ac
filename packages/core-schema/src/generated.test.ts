/** The precompiled validators must come from the current schemas, or validation would be stale. */
import { describe, expect, it } from 'vitest';
import { catalogue, schemaFiles, schemaFilesDigest, unpublished } from './index.js';
import { keys, schemasDigest } from './generated/validators.js';

describe('generated validators', () => {
  it('were compiled from the current schema files (else run: pnpm schemas:generate)', () => {
    expect(schemasDigest).toBe(schemaFilesDigest());
  });

  it('cover every catalogue entry, in order, then the unpublished ones', () => {
    expect([...keys]).toEqual([...catalogue, ...unpublished].map((e) => e.key));
  });

  it('publish no file for an unpublished schema', () => {
    const paths = schemaFiles().map((f) => f.path);
    for (const entry of unpublished) expect(paths).not.toContain(`v1/${entry.area}/${entry.name}.schema.json`);
  });
});
