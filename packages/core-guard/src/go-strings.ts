/** Go's string `<`: byte order of the UTF-8 encodings (JS `<` compares UTF-16 units instead). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Trimmed, de-duplicated, byte-sorted, empties dropped: how the reference treats CSV path lists. */
export function uniqueSortedPaths(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))].sort(compareBytes);
}
