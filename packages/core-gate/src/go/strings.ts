/**
 * Go string semantics the reference's digests depend on. JavaScript's built-ins differ in small
 * ways (trim strips U+FEFF but not U+0085; toLowerCase applies SpecialCasing; `<` compares UTF-16
 * units), and any of those differences would change a digest or an ordering.
 */

const GO_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

function isGoSpace(code: number): boolean {
  return GO_SPACE.has(code);
}

/** `strings.TrimSpace`. */
export function goTrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isGoSpace(value.charCodeAt(start))) start++;
  while (end > start && isGoSpace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** `strings.ToLower`: per-rune mapping without context rules. */
export function goLower(value: string): string {
  if (ASCII_ONLY.test(value)) return value.toLowerCase();
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x130) {
      out += 'i';
      continue;
    }
    const lowered = ch.toLowerCase();
    // A multi-rune lowering is a SpecialCasing rule Go does not apply; final sigma is contextual.
    out += [...lowered].length === 1 ? lowered : ch;
  }
  // Final-sigma: JS lowers Σ to ς at word ends; Go always gives σ.
  return out.replace(/ς/g, (m, offset: number) => (value[offset] === 'Σ' ? 'σ' : m));
}

/** `strings.ToUpper` for the ASCII-heavy names it is used on (env variable keys). */
export function goUpper(value: string): string {
  return value.toUpperCase();
}

/** Go's `<` on strings: UTF-8 byte order, which differs from UTF-16 order above U+FFFF. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  if (ASCII_ONLY.test(a) && ASCII_ONLY.test(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Trim, drop empties, de-duplicate, byte-sort. Always returns an array. */
export function uniqueSorted(values: readonly string[] | null | undefined): string[] {
  if (!values || values.length === 0) return [];
  if (values.length === 1) {
    const only = goTrim(values[0]!);
    return only === '' ? [] : [only];
  }
  const set = new Set<string>();
  for (const value of values) {
    const trimmed = goTrim(value);
    if (trimmed !== '') set.add(trimmed);
  }
  return [...set].sort(compareBytes);
}

export function normalizeStringList(values: readonly string[] | null | undefined): string[] {
  return uniqueSorted(values);
}

export function normalizeStringListLower(values: readonly string[] | null | undefined): string[] {
  if (!values || values.length === 0) return [];
  return uniqueSorted(values.map((v) => goLower(goTrim(v))));
}

export function lowerTrim(value: string | undefined | null): string {
  return goLower(goTrim(value ?? ''));
}

export function trim(value: string | undefined | null): string {
  return goTrim(value ?? '');
}

const HEX64 = /^[a-f0-9]{64}$/;

export function isHex64(value: string): boolean {
  return HEX64.test(value);
}
