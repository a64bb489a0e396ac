/**
 * Memoises a function of a key's bytes per Uint8Array: importing a key or hashing it costs far
 * more than a lookup, and callers sign many digests with one key pair. A WeakMap holds nothing
 * beyond the array's own life; the byte copy catches an array that was changed after its first use.
 */
export function memoByBytes<T>(compute: (bytes: Buffer) => T): (raw: Uint8Array) => T {
  const cache = new WeakMap<Uint8Array, { readonly bytes: Buffer; readonly value: T }>();
  return (raw) => {
    const hit = cache.get(raw);
    if (hit !== undefined && hit.bytes.equals(raw)) return hit.value;
    const bytes = Buffer.from(raw);
    const value = compute(bytes);
    cache.set(raw, { bytes, value });
    return value;
  };
}
