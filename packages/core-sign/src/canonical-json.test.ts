import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonBytes, canonicalizeJsonText } from './canonical-json.js';
import { keyClash, oracleCanonicalJson } from './canonical-json-oracle.test-support.js';
import { digestCanonical, sha256Hex } from './digest.js';

// artifacts.md §1.1: inputs run through the reference's canonicaliser.
const referenceVectors = [
  {
    input: '{"b":2,"a":1}',
    canonical: '{"a":1,"b":2}',
    sha256: '43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777',
  },
  {
    input: '{"\\u20ac":"euro","\\r":"cr","1":"one","a":[1.0,1e21,1e-7,0.000001,-0,123456789012345678901234567890]}',
    canonical: '{"\\r":"cr","1":"one","a":[1,1e+21,1e-7,0.000001,0,1.2345678901234568e+29],"€":"euro"}',
    sha256: 'f5000dc5a718f24001d4149ea20f1f1209fae88eab67fed9bed837e3713d661e',
  },
  {
    input: '{"s":"<>&\\u2028\\u0007\\u001f\\u007f/"}',
    canonical: '{"s":"<>&\u2028\\u0007\\u001f\u007f/"}',
    sha256: '61f95d2cf47ba80c0fab895a846d4579ce616f307298c3d82481ebbcbc4ba296',
  },
  {
    input: '{"big":9007199254740993,"f":3.14159,"e":1E+30,"n":-1.5e-10}',
    canonical: '{"big":9007199254740992,"e":1e+30,"f":3.14159,"n":-1.5e-10}',
    sha256: 'af17b99815291d6cfdc1f6716f6003b0c296e5240c2546c0ab23a1e48cc288fa',
  },
];

describe('canonicalizeJsonText', () => {
  it.each(referenceVectors)('matches the reference for $input', ({ input, canonical, sha256 }) => {
    const out = canonicalizeJsonText(input);
    expect(out).toBe(canonical);
    expect(sha256Hex(out)).toBe(sha256);
    expect(digestCanonical(JSON.parse(input))).toBe(sha256);
  });

  it('rejects duplicate keys instead of keeping the last one', () => {
    expect(() => canonicalizeJsonText('{"a":1,"a":2}')).toThrow(/duplicate key "a"/);
  });

  it('agrees with canonicalJson on the parsed value for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalizeJsonText(JSON.stringify(value))).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = canonicalJson(value);
        expect(canonicalizeJsonText(once)).toBe(once);
      }),
    );
  });
});

/**
 * JSON values whose strings and keys draw on the characters canonicalisation treats specially:
 * control characters, quotes and backslashes, U+2028, characters outside the BMP, and unpaired
 * surrogates; numbers include -0, huge, tiny and non-integral values.
 */
const trickyChar = fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u00e9', '\u2028', '\u20ac', '\uE000', '\uFFFD', '\uD83D\uDE00', '\uD800', '\uDFFF');
const trickyString = fc.oneof(fc.string(), fc.string({ unit: trickyChar, maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 }));
const trickyNumber = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(-0, 1e21, 1e-7, 5e-324, 2 ** 53 + 2, -1.5e-10));
const { json: trickyJson } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant(null), fc.boolean(), trickyNumber, trickyString, tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 5 }),
  object: fc.dictionary(trickyString, tie('json'), { maxKeys: 6 }),
}));

describe('canonicalJson against the json-canonicalize oracle', () => {
  it('writes the same text for any JSON value', () => {
    fc.assert(
      fc.property(trickyJson, (value) => {
        const expected = oracleCanonicalJson(value);
        if (expected === keyClash) expect(() => canonicalJson(value)).toThrow(/duplicate key/);
        else expect(canonicalJson(value)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes the same text for objects with many keys (past the small-object sort)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: trickyChar, maxLength: 4 }), fc.integer(), { minKeys: 20, maxKeys: 60 }), (value) => {
        const expected = oracleCanonicalJson(value);
        if (expected !== keyClash) expect(canonicalJson(value)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('writes the same text for the reference vectors and their parsed values', () => {
    for (const { input, canonical } of referenceVectors) {
      expect(oracleCanonicalJson(JSON.parse(input))).toBe(canonical);
      expect(canonicalJson(JSON.parse(input))).toBe(oracleCanonicalJson(JSON.parse(input)));
    }
  });
});

describe('canonicalJson', () => {
  it('treats a "toJSON" key that is plain data as data, sorting its object like any other', () => {
    expect(canonicalJson(JSON.parse('{"toJSON":1,"b":2,"a":3}'))).toBe('{"a":3,"b":2,"toJSON":1}');
  });

  it('sorts keys by UTF-16 code units, not by code point or UTF-8 bytes', () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+E000 in UTF-16 but after it in UTF-8.
    expect(canonicalJson({ '\uE000': 1, '\u{1F600}': 2, a: 3 })).toBe('{"a":3,"\u{1F600}":2,"\uE000":1}');
  });

  it('writes -0 as 0', () => {
    expect(canonicalJson({ n: -0, m: [-0] })).toBe('{"m":[0],"n":0}');
  });

  it('replaces lone surrogates in values and keys with U+FFFD, as Go does', () => {
    expect(canonicalJson({ s: 'a\uD800b', t: '\uDC00', ok: '\u{1F600}' })).toBe(
      '{"ok":"\u{1F600}","s":"a\uFFFDb","t":"\uFFFD"}',
    );
    expect(canonicalJson({ 'k\uDBFF': 1 })).toBe('{"k\uFFFD":1}');
  });

  it('rejects keys that only differ by a lone surrogate the repair merges', () => {
    expect(() => canonicalJson({ '\uD800': 1, '\uFFFD': 2 })).toThrow(/duplicate key/);
  });

  it.each([
    ['undefined', { a: { b: undefined } }, /\$\.a\.b is undefined/],
    ['undefined in an array', [1, undefined], /\$\[1\] is undefined/],
    ['NaN', { n: Number.NaN }, /\$\.n is NaN; JSON numbers must be finite/],
    ['Infinity', [Number.POSITIVE_INFINITY], /\$\[0\] is Infinity/],
    ['a function', { f: () => 1 }, /\$\.f is a function/],
    ['a bigint', { n: 1n }, /\$\.n is a bigint/],
    ['a symbol', { s: Symbol('x') }, /is a symbol/],
    ['a Date', { at: new Date(0) }, /\$\.at is a Date; format it as a Go RFC3339Nano string/],
    ['a Map', { m: new Map() }, /is a Map/],
    ['a Uint8Array', { b: new Uint8Array(2) }, /is a Uint8Array/],
  ])('rejects %s with the path', (_name, value, message) => {
    let caught: unknown;
    try {
      canonicalJson(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'json_value_unsupported', exitCode: 6 });
    expect((caught as Error).message).toMatch(message);
  });

  it('rejects cycles but accepts a shared (acyclic) sub-object', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular reference/);
  });

  it('uses toJSON (so a Go-time value type can format itself) and unboxes primitives', () => {
    const goTime = { toJSON: () => '2026-02-14T00:00:00Z' };
    expect(canonicalJson({ t: goTime, s: Object('x'), n: Object(2) })).toBe('{"n":2,"s":"x","t":"2026-02-14T00:00:00Z"}');
  });

  it('rejects holes in sparse arrays instead of dropping them', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => canonicalJson([1, , 3])).toThrow(/\$\[1\] is undefined/);
  });

  it('serializes a class instance by its own enumerable fields', () => {
    class Point {
      constructor(
        readonly y: number,
        readonly x: number,
      ) {}
      get norm(): number {
        return Math.hypot(this.x, this.y);
      }
    }
    expect(canonicalJson({ p: new Point(2, -0) })).toBe('{"p":{"x":0,"y":2}}');
  });

  it('leaves clean input untouched and repairs only what needs it', () => {
    const clean = { b: [1, 'two', { c: null }], a: true };
    expect(canonicalJson(clean)).toBe('{"a":true,"b":[1,"two",{"c":null}]}');
    expect(canonicalJson({ z: 1, y: [2, -0, '\uD800'], x: { w: -0 } })).toBe('{"x":{"w":0},"y":[2,0,"\uFFFD"],"z":1}');
  });

  it('keeps a __proto__ key as data', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"a":2}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it('does not modify its input', () => {
    const input = { b: [-0, 'a\uD800'], a: 1 };
    canonicalJson(input);
    expect(Object.is(input.b[0], -0)).toBe(true);
    expect(input.b[1]).toBe('a\uD800');
  });

  it('returns UTF-8 bytes from canonicalJsonBytes', () => {
    const bytes = canonicalJsonBytes({ e: '€' });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from('{"e":"€"}', 'utf8').toString('hex'));
  });
});

describe('sha256Hex', () => {
  it('hashes strings as UTF-8 and bytes as is, in lowercase hex', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('€')).toBe(sha256Hex(new Uint8Array([0xe2, 0x82, 0xac])));
  });
});
