/**
 * Go's `strings.TrimSpace` (Unicode White_Space). `String.prototype.trim` differs: it also strips
 * U+FEFF and keeps U+0085. The reference trims key env values this way.
 */
const goSpace = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

export function goTrimSpace(text: string): string {
  return text.replace(goSpace, '');
}
