/**
 * Go `json.MarshalIndent(v, "", "  ")` text: members in the order given (struct order), HTML
 * characters and U+2028/U+2029 escaped as Go escapes them, and a trailing newline as the
 * reference's file writers add.
 */
export function goJsonIndent(value: unknown): string {
  return `${escapeGo(JSON.stringify(value, null, 2))}\n`;
}

export function escapeGo(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A struct member tagged `omitempty`: set only when not Go's zero or empty value (undefined, "",
 * false, 0, an empty list), so members land in the order they are put.
 */
export function putOmitEmpty(out: Record<string, unknown>, key: string, value: unknown): void {
  if (!isGoEmpty(value)) out[key] = value;
}

/** What `omitempty` leaves out: Go's zero or empty value (undefined, "", false, 0, an empty list). */
export function isGoEmpty(value: unknown): boolean {
  return value === undefined || value === '' || value === false || value === 0 || (Array.isArray(value) && value.length === 0);
}
