// A growable byte buffer in raw linear memory (an unmanaged object: allocated with heap.alloc, never
// traced by the GC, freed explicitly). Used for per-source state that lives across pushes: the frame's
// carried tail, join buffers, held attrs, the source path.
//
// Invariants: len <= cap; ptr is 0 iff cap == 0; growth may move ptr, so nothing may keep a pointer into a
// ByteBuf across an append (rows never point into one: content that rows need is copied to the batch arena).
// A held buffer (createHeld) adds its len to the engine-wide held-bytes count: len changes only through
// the methods below, never by assignment from outside, so the count stays exact.

import { heldGrew, heldShrank } from "./held-bytes";

const SHRINK_ABOVE: usize = 256 << 10;

@unmanaged
export class ByteBuf {
  // set by create(): instances come from heap.alloc, never from `new`
  ptr!: usize;
  len!: usize;
  cap!: usize;
  held!: bool;

  static create(): ByteBuf {
    const b = changetype<ByteBuf>(heap.alloc(offsetof<ByteBuf>()));
    b.ptr = 0;
    b.len = 0;
    b.cap = 0;
    b.held = false;
    return b;
  }

  /** A buffer whose bytes count towards the engine's held-bytes budget. */
  static createHeld(): ByteBuf {
    const b = ByteBuf.create();
    b.held = true;
    return b;
  }

  reserve(extra: usize): void {
    const need = this.len + extra;
    if (need <= this.cap) return;
    let cap = this.cap < 64 ? <usize>64 : this.cap;
    while (cap < need) cap <<= 1;
    this.ptr = this.cap == 0 ? heap.alloc(cap) : heap.realloc(this.ptr, cap);
    this.cap = cap;
  }

  append(src: usize, n: usize): void {
    if (n == 0) return;
    this.reserve(n);
    memory.copy(this.ptr + this.len, src, n);
    this.len += n;
    if (this.held) heldGrew(n);
  }

  set(src: usize, n: usize): void {
    this.truncate(0);
    this.append(src, n);
  }

  /** Shortens the content to n bytes (n <= len); keeps the memory. */
  truncate(n: usize): void {
    if (this.held) heldShrank(this.len - n);
    this.len = n;
  }

  /** Empties the buffer; gives memory back when a rare huge line left it large. */
  clear(): void {
    this.truncate(0);
    if (this.cap > SHRINK_ABOVE) {
      heap.free(this.ptr);
      this.ptr = 0;
      this.cap = 0;
    }
  }

  dispose(): void {
    this.truncate(0);
    if (this.cap != 0) heap.free(this.ptr);
    heap.free(changetype<usize>(this));
  }
}
