/**
 * Strict YAML → plain values, driven by a shape description: unknown keys, duplicate keys, wrong
 * scalar types and malformed YAML are errors naming the key path and the expected form. Scalars
 * are read with the failsafe schema (everything a string) and typed here, so `1.0.0`, `yes` or
 * `0x10` never change meaning behind the user's back.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, Scalar } from 'yaml';
import { PolicyError } from './errors.js';

export type Shape =
  | 'string'
  | 'int'
  | 'number'
  | 'bool'
  | 'nullableInt'
  | 'nullableBool'
  | 'stringList'
  | 'stringOrList'
  | { readonly object: Readonly<Record<string, Shape>> }
  | { readonly list: Shape };

export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

interface Ctx {
  lines: LineCounter;
  unknownHint: ((key: string, path: string) => string | undefined) | undefined;
}

function at(ctx: Ctx, node: Node | null | undefined): string {
  const offset = node?.range?.[0];
  if (offset === undefined) return '';
  const pos = ctx.lines.linePos(offset);
  return `[${pos.line}:${pos.col}] `;
}

function fail(ctx: Ctx, node: Node | null | undefined, path: string, message: string): never {
  throw new PolicyError(`parse policy yaml: ${at(ctx, node)}${message}`, path);
}

function isNullScalar(node: Node | null | undefined): boolean {
  if (node === null || node === undefined) return true;
  if (!isScalar(node)) return false;
  return node.type === Scalar.PLAIN && ['', '~', 'null', 'Null', 'NULL'].includes(String(node.value ?? ''));
}

function plainText(ctx: Ctx, node: Node, path: string, expected: string): string {
  if (!isScalar(node)) fail(ctx, node, path, `${path}: expected ${expected}, got a ${isSeq(node) ? 'list' : 'mapping'}`);
  return String(node.value ?? '');
}

const INT = /^[-+]?(0|[1-9][0-9]*)$/;
const NUMBER = /^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/;
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

function readNode(ctx: Ctx, node: Node | null | undefined, shape: Shape, path: string): Plain {
  if (shape === 'nullableInt' || shape === 'nullableBool') {
    if (isNullScalar(node)) return null;
    return readNode(ctx, node, shape === 'nullableInt' ? 'int' : 'bool', path);
  }
  if (typeof shape === 'string') {
    if (isNullScalar(node)) {
      if (shape === 'string') return '';
      if (shape === 'int') return 0;
      if (shape === 'number') return null;
      if (shape === 'bool') return false;
      return [];
    }
    const n = node as Node;
    switch (shape) {
      case 'string':
        return plainText(ctx, n, path, 'a string');
      case 'int': {
        const text = plainText(ctx, n, path, 'an integer');
        if ((n as Scalar).type !== Scalar.PLAIN || !INT.test(text) || !Number.isSafeInteger(Number(text))) {
          fail(ctx, n, path, `${path}: expected an integer, got ${JSON.stringify(text)}`);
        }
        return Number(text);
      }
      case 'number': {
        const text = plainText(ctx, n, path, 'a number');
        if ((n as Scalar).type !== Scalar.PLAIN || !NUMBER.test(text)) {
          fail(ctx, n, path, `${path}: expected a number, got ${JSON.stringify(text)}`);
        }
        return Number(text);
      }
      case 'bool': {
        const text = plainText(ctx, n, path, 'true or false');
        if ((n as Scalar).type === Scalar.PLAIN && TRUE.has(text)) return true;
        if ((n as Scalar).type === Scalar.PLAIN && FALSE.has(text)) return false;
        return fail(ctx, n, path, `${path}: expected true or false, got ${JSON.stringify(text)}`);
      }
      case 'stringOrList':
        if (isScalar(n)) return [plainText(ctx, n, path, 'a string')];
        return readNode(ctx, n, 'stringList', path);
      case 'stringList':
        return readNode(ctx, n, { list: 'string' }, path);
    }
  }
  if ('list' in shape) {
    if (isNullScalar(node)) return [];
    if (!isSeq(node)) fail(ctx, node, path, `${path}: expected a list`);
    return node.items.map((item, i) => readNode(ctx, item as Node, shape.list, `${path}[${i}]`));
  }
  if (isNullScalar(node)) return {};
  if (!isMap(node)) fail(ctx, node, path, `${path || 'policy'}: expected a mapping`);
  const out: { [key: string]: Plain } = {};
  for (const pair of node.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const keyPath = path === '' ? key : `${path}.${key}`;
    const inner = shape.object[key];
    if (inner === undefined) {
      const hint = ctx.unknownHint?.(key, keyPath);
      if (hint !== undefined) fail(ctx, keyNode, keyPath, hint);
      const allowed = Object.keys(shape.object).join(', ');
      fail(ctx, keyNode, keyPath, `unknown field ${JSON.stringify(key)} at ${keyPath} (expected one of: ${allowed})`);
    }
    if (key in out) fail(ctx, keyNode, keyPath, `duplicate key ${JSON.stringify(key)} at ${keyPath}`);
    out[key] = readNode(ctx, pair.value as Node, inner, keyPath);
  }
  return out;
}

/** Parse YAML text strictly against `shape`. Empty documents give `{}`. */
export function readStrictYaml(
  text: string,
  shape: { readonly object: Readonly<Record<string, Shape>> },
  unknownHint?: (key: string, path: string) => string | undefined,
): { [key: string]: Plain } {
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true, lineCounter: lines, prettyErrors: false, strict: true });
  } catch (error) {
    throw new PolicyError(`parse policy yaml: ${(error as Error).message}`);
  }
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    const where = pos ? `[${pos.line}:${pos.col}] ` : '';
    const message = problem.code === 'DUPLICATE_KEY' ? 'duplicate mapping key' : problem.message.split('\n')[0];
    throw new PolicyError(`parse policy yaml: ${where}${message}`);
  }
  const ctx: Ctx = { lines, unknownHint };
  return readNode(ctx, doc.contents as Node | null, shape, '') as { [key: string]: Plain };
}
