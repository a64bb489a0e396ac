/**
 * The few Go string behaviours that reach runpack bytes: `strings.TrimSpace` (it also strips
 * U+0085 and keeps U+FEFF, unlike String.prototype.trim) and byte-wise (UTF-8) ordering, which
 * differs from JavaScript's UTF-16 ordering above U+FFFF.
 */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

export function goTrim(value: string): string {
  return value.replace(GO_SPACE, '');
}

/** Go's `<` on strings. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortBytes(values: Iterable<string>): string[] {
  return [...values].sort(compareBytes);
}

/** Trim each value, drop empties and duplicates, byte-sort: the reference's list normalization. */
export function normalizeStringList(values: readonly string[] | undefined): string[] {
  if (!values) return [];
  return sortBytes(new Set(values.map(goTrim).filter((value) => value !== '')));
}
