// A growable array of pointers in linear memory, indexed by a small id (source ids): zero means empty.
// Unmanaged; grows by doubling, new entries are zero, existing ones keep their index.

@unmanaged
export class PointerArray {
  ptr!: usize;
  cap!: u32;

  static create(): PointerArray {
    const a = changetype<PointerArray>(heap.alloc(offsetof<PointerArray>()));
    a.ptr = 0;
    a.cap = 0;
    return a;
  }

  /** The entry at i, or 0 past the end. */
  // @ts-ignore: decorator
  @inline get(i: u32): usize {
    return i < this.cap ? load<usize>(this.ptr + (<usize>i << alignof<usize>())) : 0;
  }

  /** Sets entry i, growing the array to hold it. */
  set(i: u32, value: usize): void {
    if (i >= this.cap) this.grow(i);
    store<usize>(this.ptr + (<usize>i << alignof<usize>()), value);
  }

  private grow(i: u32): void {
    let cap = this.cap == 0 ? <u32>16 : this.cap;
    while (cap <= i) cap *= 2;
    const bytes = <usize>cap << alignof<usize>();
    const fresh = heap.alloc(bytes);
    memory.fill(fresh, 0, bytes);
    if (this.cap != 0) {
      memory.copy(fresh, this.ptr, <usize>this.cap << alignof<usize>());
      heap.free(this.ptr);
    }
    this.ptr = fresh;
    this.cap = cap;
  }
}
