import { InvalidInputError } from '@gait/core-errors';

/**
 * JSON.parse that refuses duplicate object keys. JSON.parse keeps the last one silently, while the
 * reference's canonicaliser rejects the document, so hashing untrusted text would otherwise give a
 * digest Go never computes. The text is parsed first (so syntax errors read as usual), then scanned
 * once for duplicates; the scan can assume well-formed JSON.
 */
export function parseJsonStrict(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`invalid JSON: ${(error as Error).message}`, { code: 'json_invalid', cause: error });
  }
  if (text.includes('{')) assertNoDuplicateKeys(text);
  return value;
}

interface Frame {
  /** Keys seen so far; undefined for an array. */
  readonly keys: Set<string> | undefined;
  expectKey: boolean;
  /** Current key (object) or index (array), for the error path. */
  at: string | number;
}

function assertNoDuplicateKeys(text: string): void {
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 0x7b /* { */) {
      stack.push({ keys: new Set(), expectKey: true, at: '' });
      i++;
    } else if (c === 0x5b /* [ */) {
      stack.push({ keys: undefined, expectKey: false, at: 0 });
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
    } else if (c === 0x2c /* , */) {
      if (top?.keys) top.expectKey = true;
      else if (top) top.at = (top.at as number) + 1;
      i++;
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i, end);
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (top.keys.has(key)) {
          const path = pathOf(stack.slice(0, -1));
          throw new InvalidInputError(`invalid JSON: duplicate key ${JSON.stringify(key)} in object at ${path}`, {
            code: 'json_duplicate_key',
            details: { path, key },
          });
        }
        top.keys.add(key);
        top.at = key;
        top.expectKey = false;
      }
      i = end;
    } else {
      i++; // whitespace, ':', and the characters of numbers and literals
    }
  }
}

/** Index just past the closing quote of the string literal starting at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    let backslashes = 0;
    for (let j = quote - 1; text.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

function pathOf(frames: readonly Frame[]): string {
  let path = '$';
  for (const frame of frames) {
    path += frame.keys ? `.${String(frame.at)}` : `[${String(frame.at)}]`;
  }
  return path;
}
