// Records waiting to go out. Fluent Bit takes at most one record out per call, and one call may complete
// several (a trace closed by the line that follows it, a budget release), so the rest wait here: in the queue
// of the tag they belong to (they go out on that tag's next call, or on a tick), or, once their tag is closed,
// in the engine-wide `orphans` queue that ticks empty.
//
// A queue is one block of entries `u32 len, bytes` (a JSON object without its newline), read from `read`.
// Invariant: read <= len <= cap; the block is compacted when more than half of it has been read.

@unmanaged
export class OutQueue {
  ptr: usize;
  len: usize;
  cap: usize;
  read: usize;
  count: u32;

  static create(): OutQueue {
    const q = changetype<OutQueue>(heap.alloc(offsetof<OutQueue>()));
    q.ptr = 0;
    q.len = 0;
    q.cap = 0;
    q.read = 0;
    q.count = 0;
    return q;
  }

  push(p: usize, n: usize): void {
    if (this.read > 0 && this.read * 2 > this.len) {
      memory.copy(this.ptr, this.ptr + this.read, this.len - this.read);
      this.len -= this.read;
      this.read = 0;
    }
    const need = this.len + 4 + n;
    if (need > this.cap) {
      let cap = this.cap == 0 ? <usize>1024 : this.cap;
      while (cap < need) cap <<= 1;
      this.ptr = this.cap == 0 ? heap.alloc(cap) : heap.realloc(this.ptr, cap);
      this.cap = cap;
    }
    store<u32>(this.ptr + this.len, <u32>n);
    memory.copy(this.ptr + this.len + 4, p, n);
    this.len = need;
    this.count++;
  }

  /** Moves the first entry to result (NUL-terminated); returns its address there. The queue must not be empty. */
  popTo(result: ResultBuf): usize {
    const n = <usize>load<u32>(this.ptr + this.read);
    const p = result.set(this.ptr + this.read + 4, n);
    this.read += 4 + n;
    this.count--;
    if (this.read == this.len) this.read = this.len = 0;
    return p;
  }

  /** Moves every entry to the end of other, in order. */
  moveTo(other: OutQueue): void {
    let r = this.read;
    while (r < this.len) {
      const n = <usize>load<u32>(this.ptr + r);
      other.push(this.ptr + r + 4, n);
      r += 4 + n;
    }
    this.read = this.len = 0;
    this.count = 0;
  }

  dispose(): void {
    if (this.cap != 0) heap.free(this.ptr);
    heap.free(changetype<usize>(this));
  }
}

/** The buffer a call's answer is copied to when it does not already sit in memory the module keeps. */
@unmanaged
export class ResultBuf {
  ptr: usize;
  cap: usize;

  static create(): ResultBuf {
    const r = changetype<ResultBuf>(heap.alloc(offsetof<ResultBuf>()));
    r.cap = 1024;
    r.ptr = heap.alloc(r.cap);
    store<u8>(r.ptr, 0);
    return r;
  }

  /** Copies [p, p+n) and a NUL; returns the copy's address. */
  set(p: usize, n: usize): usize {
    if (n + 1 > this.cap) {
      let cap = this.cap;
      while (cap < n + 1) cap <<= 1;
      heap.free(this.ptr);
      this.ptr = heap.alloc(cap);
      this.cap = cap;
    }
    memory.copy(this.ptr, p, n);
    store<u8>(this.ptr + n, 0);
    return this.ptr;
  }
}
