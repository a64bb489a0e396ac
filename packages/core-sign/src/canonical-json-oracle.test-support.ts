/**
 * Test oracle: canonical JSON as this package used to compute it, with the json-canonicalize
 * library doing the sorting and formatting after Go's repairs (U+FFFD for unpaired surrogates, -0
 * as 0). It takes plain JSON data only; the property tests compare the single-pass serializer
 * against it.
 */
import { canonicalize } from 'json-canonicalize';

export const keyClash = Symbol('keys clash after repair');

class KeyClash extends Error {}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function repaired(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(loneSurrogate, '\uFFFD');
  if (typeof value === 'number') return value === 0 ? 0 : value;
  if (Array.isArray(value)) return value.map(repaired);
  if (value !== null && typeof value === 'object') {
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, member] of Object.entries(value)) {
      const outKey = key.replace(loneSurrogate, '\uFFFD');
      if (Object.hasOwn(out, outKey)) throw new KeyClash();
      out[outKey] = repaired(member);
    }
    return out;
  }
  return value;
}

export function oracleCanonicalJson(value: unknown): string | typeof keyClash {
  try {
    return canonicalize(repaired(value));
  } catch (error) {
    if (error instanceof KeyClash) return keyClash;
    throw error;
  }
}
