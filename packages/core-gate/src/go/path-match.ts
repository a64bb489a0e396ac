/**
 * Go `path.Match`: `*` is any run of non-`/` characters, `?` one non-`/` character, `[...]` a
 * class (with `^` negation and ranges), `\` escapes. A malformed pattern never matches (the
 * reference ignores Go's ErrBadPattern). Operates on code points, as Go operates on runes.
 */
export function goPathMatch(pattern: string, name: string): boolean {
  const p = [...pattern];
  const n = [...name];
  try {
    return matchFrom(p, 0, n, 0) && validPattern(p);
  } catch {
    return false;
  }
}

class BadPattern extends Error {}

function validPattern(p: string[]): boolean {
  // Go reports ErrBadPattern for malformed patterns even when the name already failed; a match
  // result is only trusted when the whole pattern is well formed.
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '\\') {
      if (i + 1 >= p.length) return false;
      i++;
    } else if (ch === '[') {
      const end = classEnd(p, i);
      if (end < 0) return false;
      i = end;
    }
  }
  return true;
}

function classEnd(p: string[], start: number): number {
  let i = start + 1;
  if (p[i] === '^') i++;
  let first = true;
  while (i < p.length) {
    if (p[i] === ']' && !first) return i;
    if (p[i] === '\\') i++;
    if (p[i] === '-' && first) return -1;
    i++;
    if (i < p.length && p[i] === '-' && p[i + 1] !== ']') {
      i++;
      if (p[i] === '\\') i++;
      if (i >= p.length) return -1;
      i++;
    }
    first = false;
  }
  return -1;
}

function matchFrom(p: string[], pi: number, n: string[], ni: number): boolean {
  while (pi < p.length) {
    const ch = p[pi]!;
    if (ch === '*') {
      while (p[pi] === '*') pi++;
      if (pi === p.length) return !n.slice(ni).includes('/');
      for (let k = ni; k <= n.length; k++) {
        if (matchFrom(p, pi, n, k)) return true;
        if (k < n.length && n[k] === '/') return false;
      }
      return false;
    }
    if (ni >= n.length) return false;
    const c = n[ni]!;
    if (ch === '?') {
      if (c === '/') return false;
      pi++;
      ni++;
      continue;
    }
    if (ch === '[') {
      const end = classEnd(p, pi);
      if (end < 0) throw new BadPattern();
      if (c === '/' || !classMatches(p.slice(pi + 1, end), c)) return false;
      pi = end + 1;
      ni++;
      continue;
    }
    let lit = ch;
    if (ch === '\\') {
      pi++;
      if (pi >= p.length) throw new BadPattern();
      lit = p[pi]!;
    }
    if (lit !== c) return false;
    pi++;
    ni++;
  }
  return ni === n.length;
}

function classMatches(body: string[], c: string): boolean {
  let i = 0;
  let negated = false;
  if (body[0] === '^') {
    negated = true;
    i = 1;
  }
  const cp = c.codePointAt(0)!;
  let matched = false;
  while (i < body.length) {
    let lo = body[i]!;
    if (lo === '\\') lo = body[++i]!;
    i++;
    let hi = lo;
    if (body[i] === '-' && i + 1 < body.length) {
      i++;
      hi = body[i]!;
      if (hi === '\\') hi = body[++i]!;
      i++;
    }
    if (lo.codePointAt(0)! <= cp && cp <= hi.codePointAt(0)!) matched = true;
  }
  return matched !== negated;
}
