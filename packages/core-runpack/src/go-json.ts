/**
 * Go's `encoding/json` output for values already shaped like the Go struct (keys in field order):
 * `<`, `>`, `&`, U+2028 and U+2029 are escaped. Used for the session journal (compact) and the
 * state and chain files (2-space indent plus a final newline).
 */
const GO_ESCAPES = /[<>&\u2028\u2029]/g;

function escapeGo(json: string): string {
  return json.replace(GO_ESCAPES, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function goMarshal(value: unknown): string {
  return escapeGo(JSON.stringify(value));
}

export function goMarshalIndent(value: unknown): string {
  return `${escapeGo(JSON.stringify(value, null, 2))}\n`;
}
