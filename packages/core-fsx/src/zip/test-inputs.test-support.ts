/**
 * Deterministic test inputs (xorshift32), mirrored by the Go program that produced the expected
 * Go outputs in the tests. Kinds: incompressible bytes, word soup, long runs of four letters, and
 * random segments mixed with copies from up to 40000 bytes back.
 */
const words = ['gait', 'policy', 'intent', 'verdict', 'allow', 'block', 'trace', 'runpack', 'digest', 'sha256', '{"a":1}', 'evidence', 'require_approval', 'dry_run', 'tool.write', 'manifest'];

export function generate(kind: string, n: number, seed: number): Uint8Array {
  let x = seed >>> 0;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const out = new Uint8Array(n + 4096);
  let len = 0;
  const push = (b: number): void => {
    if (len < out.length) out[len] = b & 0xff;
    len++;
  };
  while (len < n) {
    const v = next();
    if (kind === 'random') push(v);
    else if (kind === 'text') {
      for (const ch of Buffer.from(words[v % words.length]!)) push(ch);
      push(Math.floor(v / 256) % 10 === 0 ? 10 : 32);
    } else if (kind === 'runs') {
      const l = (Math.floor(v / 256) % 300) + 1;
      for (let i = 0; i < l; i++) push(97 + (v % 4));
    } else if (kind === 'mixed') {
      const l = (Math.floor(v / 256) % 2000) + 1;
      if (v % 3 === 0 || len < 5000) {
        for (let i = 0; i < l; i++) push(next());
      } else {
        const back = Math.min((next() % 40000) + 1, len);
        const start = len - back;
        for (let i = 0; i < l; i++) push(out[start + (i % back)]!);
      }
    } else throw new Error(`unknown input kind ${kind}`);
  }
  return out.slice(0, n);
}
