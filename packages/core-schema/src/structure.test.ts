/**
 * Our generated schemas against the reference files, read in place: same files, and for each the
 * same required sets, property names, enums and consts at every location, and in fact the same
 * document once key order (and the order inside `required`) is ignored.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announceSkip, conformanceDir, hasConformance, repoRoot } from '../../../test-support/conformance.js';
import { schemaFiles } from './index.js';

const referenceRoot = join(conformanceDir, 'schemas');
announceSkip('@gait/core-schema structural comparison', hasConformance, conformanceDir);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(join(dir, d.name)) : d.name.endsWith('.schema.json') ? [join(dir, d.name)] : [],
  );
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every `required`, property-name list, `enum` and `const`, keyed by its location. */
function shape(node: Json, at = '#', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    node.forEach((item, i) => shape(item, `${at}/${i}`, out));
    return out;
  }
  if (Array.isArray(node.required)) out[`${at} required`] = [...(node.required as string[])].sort();
  if (Array.isArray(node.enum)) out[`${at} enum`] = node.enum;
  if ('const' in node) out[`${at} const`] = node.const;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'properties' || key === '$defs') && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[`${at}/${key} names`] = Object.keys(value).sort();
      for (const [name, sub] of Object.entries(value)) shape(sub, `${at}/${key}/${name}`, out);
    } else if (key !== 'enum' && key !== 'const' && key !== 'required') {
      shape(value, `${at}/${key}`, out);
    }
  }
  return out;
}

/** Key order and `required` order carry no meaning; everything else must match. */
function canonical(node: Json): Json {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(canonical);
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(node).sort()) {
    const value = node[key] as Json;
    out[key] = key === 'required' && Array.isArray(value) ? [...(value as string[])].sort() : canonical(value);
  }
  return out;
}

const ours = new Map(schemaFiles().map((f) => [f.path, JSON.parse(f.text) as Json]));
const referencePaths = hasConformance
  ? listFiles(join(referenceRoot, 'v1')).map((file) => relative(referenceRoot, file).split('\\').join('/')).sort()
  : [];

describe.runIf(hasConformance)('generated schemas against the reference files', () => {
  it('has a generated file for every reference file and no other', () => {
    expect(referencePaths.length).toBeGreaterThan(0);
    expect([...ours.keys()].sort()).toEqual(referencePaths);
  });

  it.each(referencePaths)('%s matches in required sets, property names, enums and consts', (path) => {
    const theirs = JSON.parse(readFileSync(join(referenceRoot, path), 'utf8')) as Json;
    const mine = ours.get(path);
    expect(mine, `no generated ${path}`).toBeDefined();
    expect(shape(mine as Json)).toEqual(shape(theirs));
    expect(canonical(mine as Json)).toEqual(canonical(theirs));
  });
});

describe('committed schemas/ folder', () => {
  it.each(schemaFiles().map((f) => [f.path, f.text] as const))('%s is up to date', (path, text) => {
    const committed = join(repoRoot, 'schemas', path);
    expect(existsSync(committed), `${committed} missing: run pnpm schemas:generate`).toBe(true);
    expect(readFileSync(committed, 'utf8')).toBe(text);
  });
});
