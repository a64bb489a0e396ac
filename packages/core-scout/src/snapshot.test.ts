import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { validate } from '@gait/core-schema';
import { buildSnapshot, normalizeRoots, snapshotIdFor } from './snapshot.js';
import { AGENT_TREE, makeTree } from './test-tree.js';

const root = makeTree(AGENT_TREE);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('buildSnapshot', () => {
  const snapshot = buildSnapshot({ cwd: root, createdAt: '2026-02-05T00:00:00Z' });

  it('inventories TS, JS, Python and MCP config tools, skipping node_modules and prose', () => {
    expect(snapshot.items.map((item) => [item.id, item.locator, item.risk_level])).toEqual([
      ['mcp_server:github', '.mcp.json', 'low'],
      ['tool:framework:langchain:lookup', 'py/tools.py', 'low'],
      ['tool:framework:mcp:write_file', 'src/server.mjs', 'high'],
      ['tool:framework:openai_agents:delete_account', 'src/refunds.ts', 'critical'],
      ['tool:framework:openai_agents:issue_refund', 'src/refunds.ts', 'low'],
      ['tool:framework:vercel_ai:searchdocs', 'src/agent.ts', 'low'],
      ['tool:framework:vercel_ai:sendemail', 'src/agent.ts', 'high'],
    ]);
    expect(snapshot.workspace).toBe('.');
  });

  it('is a valid gait.scout.inventory_snapshot with HEAD relationship envelopes', () => {
    const result = validate('gait.scout.inventory_snapshot', snapshot);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(snapshot.items[0]?.relationship).toMatchObject({
      parent_ref: { kind: 'evidence', id: snapshot.snapshot_id },
      edges: [{ kind: 'derived_from', from: { kind: 'tool', id: 'mcp_server:github' }, to: { kind: 'resource', id: '.mcp.json' } }],
    });
  });

  it('gives a snapshot id that depends on the items, not on the time', () => {
    const later = buildSnapshot({ cwd: root, createdAt: '2027-01-01T00:00:00Z' });
    expect(later.snapshot_id).toBe(snapshot.snapshot_id);
    expect(snapshot.snapshot_id).toMatch(/^snap_[0-9a-f]{12}$/);
    expect(snapshotIdFor('.', snapshot.items.slice(1))).not.toBe(snapshot.snapshot_id);
    expect(snapshotIdFor('other', snapshot.items)).not.toBe(snapshot.snapshot_id);
  });

  it('applies include and exclude patterns (glob or substring) to the shown path', () => {
    const onlySrc = buildSnapshot({ cwd: root, include: ['src/'], exclude: ['src/*.mjs'] });
    // Go's path.Match: `*` stops at `/`, so a bare `*.mjs` matches nothing below the root.
    expect(buildSnapshot({ cwd: root, exclude: ['*.mjs'] }).items.some((item) => item.locator === 'src/server.mjs')).toBe(true);
    expect(onlySrc.items.map((item) => item.locator)).toEqual(expect.arrayContaining(['src/agent.ts', 'src/refunds.ts']));
    expect(onlySrc.items.some((item) => item.locator === 'src/server.mjs' || item.locator === '.mcp.json')).toBe(false);
  });

  it('merges items with the same id: smallest locator, highest risk, all tags', () => {
    const tree = makeTree({
      'b/x.ts': `import { tool } from '@openai/agents';\nconst t = tool({ name: 'Export' });`,
      'a/x.ts': `import { tool } from '@openai/agents';\nconst t = tool({ name: 'export' });`,
    });
    try {
      const merged = buildSnapshot({ cwd: tree });
      expect(merged.items).toHaveLength(1);
      expect(merged.items[0]).toMatchObject({ locator: 'a/x.ts', name: 'export', risk_level: 'high' });
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('reports roots as given, sorted and de-duplicated, and rejects a root that is not a folder', () => {
    expect(normalizeRoots([' src/ ', 'py', 'src'])).toEqual(['py', 'src']);
    const two = buildSnapshot({ cwd: root, roots: ['src', 'py'] });
    expect(two.workspace).toBe('py,src');
    expect(two.items.map((item) => item.locator)).toContain('py/tools.py');
    expect(() => buildSnapshot({ cwd: root, roots: ['README.md'] })).toThrow(/root is not a directory: README\.md/);
  });
});
