/**
 * The two encodings regress files use (artifacts.md §0.4): `gait.yaml`, `fixture.json` and
 * `regress_result.json` are Go `json.MarshalIndent` (2-space indent, final newline, HTML
 * characters escaped); lists are ordered and compared byte-wise (UTF-8), as Go's `sort.Strings`.
 */
const GO_ESCAPES = /[<>&\u2028\u2029]/g;

export function marshalIndent(value: unknown): string {
  const json = JSON.stringify(value, null, 2).replace(GO_ESCAPES, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${json}\n`;
}

/** Go's `<` on strings: UTF-8 byte order, which differs from UTF-16 order above U+FFFF. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Trimmed, without empties or duplicates, byte-sorted: how reason-code lists are printed. */
export function normalizeCodes(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))].sort(compareBytes);
}

/** A Go `map[string]any` marshals with its keys sorted at every depth. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort(compareBytes)) {
      if (source[key] !== undefined) sorted[key] = sortKeysDeep(source[key]);
    }
    return sorted;
  }
  return value;
}
