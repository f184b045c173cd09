// Reused byte buffers for request bodies (PayloadBatch, the agent's Batcher). A body of a megabyte made fresh
// for every batch is memory the system must map and the collector must sweep; a few buffers handed round
// instead stay mapped and warm. Nothing here is ever shared behind a caller's back: a buffer is reused only
// after its holder gave it back (recycle), and a holder that never does simply leaves it to the collector.

const GRAIN = 4 << 10;

/** Free buffers, at most `keep` of them. */
export class BufferPool {
  private readonly free: Uint8Array[] = [];

  constructor(readonly keep = 4) {}

  /** A buffer of at least `min` bytes (contents undefined): the smallest free one that fits, else a new one. */
  take(min: number): Uint8Array {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      if (this.free[i].length >= min && (best < 0 || this.free[i].length < this.free[best].length)) best = i;
    }
    if (best >= 0) return this.free.splice(best, 1)[0];
    // an eighth more than asked, so a body a little larger next time still fits; in 4 KiB pages
    return new Uint8Array(Math.max(GRAIN, Math.ceil((min + (min >> 3)) / GRAIN) * GRAIN));
  }

  /** Gives a buffer back: `bytes` (or the whole buffer it views, when it starts it) is reused from now on. */
  recycle(bytes: Uint8Array): void {
    if (this.free.length >= this.keep || bytes.byteOffset !== 0) return;
    this.free.push(new Uint8Array(bytes.buffer, 0, bytes.buffer.byteLength));
  }
}

/** Bytes appended into one growing pooled buffer; `detach()` hands them out and starts again empty. */
export class ByteSink {
  private buf: Uint8Array;
  length = 0;

  constructor(private readonly pool: BufferPool) {
    this.buf = pool.take(0);
  }

  /** Makes room for `n` more bytes; returns the buffer (valid until the next reserve/append/detach). */
  reserve(n: number): Uint8Array {
    if (this.length + n > this.buf.length) {
      const bigger = this.pool.take(Math.max(this.length + n, this.buf.length + (this.buf.length >> 1)));
      bigger.set(this.buf.subarray(0, this.length));
      this.pool.recycle(this.buf);
      this.buf = bigger;
    }
    return this.buf;
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length).set(bytes, this.length);
    this.length += bytes.length;
  }

  /** The bytes [start, end) appended so far (a view, valid until the next reserve/append/detach). */
  view(start = 0, end = this.length): Uint8Array {
    return this.buf.subarray(start, end);
  }

  /** Hands out the bytes (the caller owns them; pool.recycle them when done) and starts empty. The memory they
   *  hold is their buffer's (`bytes.buffer.byteLength`), up to half as much again as their length. */
  detach(): Uint8Array {
    const out = this.buf.subarray(0, this.length);
    this.buf = this.pool.take(0);
    this.length = 0;
    return out;
  }

  /** Forgets the bytes, keeping the buffer. */
  clear(): void {
    this.length = 0;
  }
}
