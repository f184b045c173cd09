// The allocator WAMR uses for the module (its exported malloc/free): Fluent Bit copies each record's tag and
// record into blocks it mallocs before the call and frees after it, two blocks a record. Going through TLSF for
// them is a few hundred interpreted instructions a record, so freed blocks wait in a small cache and the next
// malloc of a size that fits takes one back.
//
// Layout: every block handed out has a u32 capacity just before it (its usable bytes). Invariant: a cached block
// is not in use; the cache holds at most CACHE blocks, each at most MAX_CACHED bytes (a huge record's block goes
// back to the heap at once, so memory does not stay pinned).

const HEADER: usize = 8; // keeps the pointer 8-aligned
const CACHE: i32 = 4;
const MIN_BLOCK: usize = 256;
const MAX_CACHED: usize = 64 << 10;

const cache: usize = memory.data(CACHE * 4); // cached block pointers (0: empty)

export function moduleMalloc(size: usize): usize {
  for (let i = 0; i < CACHE; i++) {
    const p = <usize>load<u32>(cache + <usize>i * 4);
    if (p != 0 && <usize>load<u32>(p - HEADER) >= size) {
      store<u32>(cache + <usize>i * 4, 0);
      return p;
    }
  }
  // round small blocks up, so one cached block fits the next record of about the same size
  let cap = size < MIN_BLOCK ? MIN_BLOCK : (size + 255) & ~<usize>255;
  const b = heap.alloc(cap + HEADER);
  store<u32>(b, <u32>cap);
  return b + HEADER;
}

export function moduleFree(p: usize): void {
  if (p == 0) return;
  if (<usize>load<u32>(p - HEADER) <= MAX_CACHED) {
    for (let i = 0; i < CACHE; i++) {
      if (load<u32>(cache + <usize>i * 4) == 0) {
        store<u32>(cache + <usize>i * 4, <u32>p);
        return;
      }
    }
  }
  heap.free(p - HEADER);
}
