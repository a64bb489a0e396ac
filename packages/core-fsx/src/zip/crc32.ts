/**
 * CRC-32 (IEEE 802.3, the zip checksum). Node's native `zlib.crc32` (Node 20.15+) computes the
 * same value several times faster; the table-driven loop stays for older Node 20 releases.
 */
import * as zlib from 'node:zlib';

const table = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The portable implementation (exported for the test that pins it to the native one). */
export function crc32Table(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export const crc32: (data: Uint8Array) => number = typeof native === 'function' ? (data) => native(data) >>> 0 : crc32Table;
