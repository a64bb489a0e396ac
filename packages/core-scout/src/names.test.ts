import { describe, expect, it } from 'vitest';
import { normalizeToolName, riskLevelForName } from './names.js';

describe('tool names', () => {
  it('normalizes to [a-z0-9_] with a hash fallback for names with no letters or digits', () => {
    expect(normalizeToolName('Tool.Write-File')).toBe('tool_write_file');
    expect(normalizeToolName('__x__')).toBe('x');
    expect(normalizeToolName('!!!')).toMatch(/^[0-9a-f]{16}$/);
    expect(normalizeToolName('!!!')).not.toBe(normalizeToolName('???'));
  });

  it('derives risk from words in the name', () => {
    expect(riskLevelForName('wire_transfer')).toBe('critical');
    expect(riskLevelForName('DropTable')).toBe('critical');
    expect(riskLevelForName('sendEmail')).toBe('high');
    expect(riskLevelForName('search')).toBe('low');
  });
});
