/** A growable byte buffer: the zip writer and the deflate encoder append to it. */
export class ByteSink {
  private buf: Uint8Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(value: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = value;
  }

  u16(value: number): void {
    this.reserve(2);
    this.buf[this.length++] = value & 0xff;
    this.buf[this.length++] = (value >>> 8) & 0xff;
  }

  u32(value: number): void {
    this.u16(value & 0xffff);
    this.u16(value >>> 16);
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /**
   * Empties the sink for reuse. A buffer grown past `keepCapacity` by one large input is dropped,
   * so a long-lived sink does not pin memory after a rare big member.
   */
  reset(keepCapacity = 1 << 20): void {
    this.length = 0;
    if (this.buf.length > keepCapacity) this.buf = new Uint8Array(keepCapacity);
  }

  /** The written bytes, copied out so the sink can be reused or dropped. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
