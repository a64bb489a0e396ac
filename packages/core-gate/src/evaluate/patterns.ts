/** Endpoint path and domain patterns (gate.md §3.3b), compiled once per policy. */
import { goPathMatch } from '../go/path-match.js';

export type Matcher = (value: string) => boolean;

function compilePathPattern(pattern: string): Matcher {
  if (pattern === '') return () => false;
  if (pattern.endsWith('/**')) {
    const prefix = pattern.slice(0, -3);
    return (value) => value === pattern || value === prefix || value.startsWith(`${prefix}/`);
  }
  if (!/[*?[\\]/.test(pattern)) return (value) => value === pattern;
  return (value) => value === pattern || goPathMatch(pattern, value);
}

function compileDomainPattern(pattern: string): Matcher {
  const p = pattern.toLowerCase();
  if (p === '') return () => false;
  const suffix = p.startsWith('*.') ? p.slice(1) : undefined;
  const glob = /[*?[\\]/.test(p);
  return (domain) => domain === p || (suffix !== undefined && domain.endsWith(suffix)) || (glob && goPathMatch(p, domain));
}

function anyOf(matchers: Matcher[]): Matcher {
  if (matchers.length === 0) return () => false;
  return (value) => matchers.some((m) => m(value));
}

export function compilePathPatterns(patterns: readonly string[]): Matcher {
  return anyOf(patterns.map(compilePathPattern));
}

export function compileDomainPatterns(patterns: readonly string[]): Matcher {
  const matchers = patterns.map(compileDomainPattern);
  return (domain) => {
    const d = domain.toLowerCase();
    return matchers.some((m) => m(d));
  };
}
