import { describe, expect, it } from 'vitest';
import { parseJsonStrict } from './parse-json-strict.js';
import { thrown } from './test-helpers.js';

const errorOf = (text: string) => thrown(() => parseJsonStrict(text));

describe('parseJsonStrict', () => {
  it('parses like JSON.parse when keys are unique', () => {
    const text = '{"a":[1,{"a":2},{"a":3}],"b":{"a":{"a":null}},"s":"{\\"a\\":1,\\"a\\":2}"}';
    expect(parseJsonStrict(text)).toEqual(JSON.parse(text));
  });

  it('names the path of the object holding a duplicate key', () => {
    const error = errorOf('{"outer":{"list":[0,{"k":1,"k":2}]}}');
    expect(error).toMatchObject({ code: 'json_duplicate_key', details: { path: '$.outer.list[1]', key: 'k' } });
    expect(error.message).toBe('invalid JSON: duplicate key "k" in object at $.outer.list[1]');
  });

  it('detects duplicates spelled with escapes', () => {
    expect(errorOf('{"k":1,"\\u006b":2}').code).toBe('json_duplicate_key');
    expect(errorOf('{"a\\"b":1, "a\\u0022b" : 2}').code).toBe('json_duplicate_key');
  });

  it('is not fooled by braces, quotes and backslashes inside strings', () => {
    expect(parseJsonStrict('{"a":"}\\\\","b":"\\\\\\"{","c":"x"}')).toEqual({ a: '}\\', b: '\\"{', c: 'x' });
    expect(errorOf('{"a":"\\\\","a":1}').code).toBe('json_duplicate_key');
  });

  it('reports the root object as $', () => {
    expect(errorOf(' { "x" : 1 , "x" : 1 } ').details).toEqual({ path: '$', key: 'x' });
  });

  it('rejects malformed JSON as invalid input', () => {
    for (const text of ['', '{', '{"a":1}x', "{'a':1}", '\uFEFF{}', '[1,]']) {
      expect(errorOf(text)).toMatchObject({ code: 'json_invalid', exitCode: 6 });
    }
  });
});
