/**
 * Per-call work on an intent's context, done once per distinct context. An agent runtime sends
 * the same context (identity, workspace, risk class) on every call, and decoding, normalizing
 * and canonicalizing it is a large share of a decision. Only contexts whose members are all
 * strings are memoized, keyed by their exact content and key order (so the result is what a fresh
 * decode gives: Go's last-folding-key-wins included); the memoized values are frozen, so no caller
 * can change what the next decision reads. Invalid contexts are never memoized, so their errors
 * come from the ordinary path, in the ordinary order.
 */

/** Distinct contexts kept; a runtime has a handful, and the bound guards against per-call ones. */
const MAX_ENTRIES = 256;

/** The members of a plain object whose members are all strings, in key order; undefined otherwise. */
export function stringMembers(obj: Record<string, unknown>): string[] | undefined {
  const proto = Object.getPrototypeOf(obj) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  const path: string[] = [];
  for (const name of Object.keys(obj)) {
    const value = obj[name];
    if (typeof value !== 'string') return undefined;
    path.push(name, value);
  }
  return path;
}

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  value?: T;
}

/**
 * A bounded memo keyed by an exact sequence of strings (names and values in key order), held as
 * a trie: the strings are usually the same string objects call after call, whose hashes the
 * engine keeps, so a lookup costs a few map probes and builds no key. Cleared when full.
 */
export class ContentMemo<T> {
  #root: TrieNode<T> = { next: new Map() };
  #size = 0;

  get(path: readonly string[]): T | undefined {
    let node: TrieNode<T> | undefined = this.#root;
    for (let i = 0; i < path.length && node; i++) node = node.next.get(path[i]!);
    return node?.value;
  }

  set(path: readonly string[], value: T): void {
    if (this.#size >= MAX_ENTRIES) {
      this.#root = { next: new Map() };
      this.#size = 0;
    }
    let node = this.#root;
    for (const part of path) {
      let child = node.next.get(part);
      if (!child) node.next.set(part, (child = { next: new Map() }));
      node = child;
    }
    if (node.value === undefined) this.#size += 1;
    node.value = value;
  }
}

/** Freezes an object and its array/object members one level down (contexts are that shallow). */
export function freezeShallowMembers<T extends object>(value: T): T {
  for (const member of Object.values(value)) if (typeof member === 'object' && member !== null) Object.freeze(member);
  return Object.freeze(value);
}

/** A value derived from a frozen object, computed once per object. */
export function derivedOnce<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    if (!Object.isFrozen(key)) return compute(key);
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}
