// The batch arena: bump allocation for bytes that rows point to and that do not live in the input window
// (decoded Docker strings, joined records, the carried tail line). Reset at every `begin`, `flush` and
// `close`, so everything in it lives exactly as long as the rows of that call.
//
// Invariant: a block never moves once handed out (rows hold raw pointers). When the current block is full
// a new one is chained; on reset the chain is replaced by one block as large as the whole chain was, so a
// steady load settles on a single block and no further allocation.

const MIN_BLOCK: usize = 1 << 20;
const KEEP_MAX: usize = 16 << 20;
// chained blocks double up to this size, then grow linearly: a huge window must not double its arena
const GROW_MAX: usize = 64 << 20;

let blocks: usize = 0; // linked list: [next: usize][size: usize][data...]
let top: usize = 0;
let limit: usize = 0;
let chainBytes: usize = 0;

const HEADER: usize = 16;

function addBlock(size: usize): void {
  const b = heap.alloc(HEADER + size);
  store<usize>(b, blocks);
  store<usize>(b, size, sizeof<usize>());
  blocks = b;
  top = b + HEADER;
  limit = top + size;
  chainBytes += size;
}

export function arenaAlloc(n: usize): usize {
  if (top + n > limit) addBlock(max(n, min(max(MIN_BLOCK, chainBytes), GROW_MAX)));
  const p = top;
  top += n;
  return p;
}

/** Gives back the end of the last allocation: `p` must be its start, `used` how much of it was used. */
export function arenaTrim(p: usize, used: usize): void {
  top = p + used;
}

export function arenaCopy(src: usize, n: usize): usize {
  const p = arenaAlloc(n);
  memory.copy(p, src, n);
  return p;
}

export function arenaReset(): void {
  if (blocks == 0) {
    addBlock(MIN_BLOCK);
    return;
  }
  if (load<usize>(blocks) == 0) {
    // a single block: just rewind
    top = blocks + HEADER;
    return;
  }
  // one block as large as the chain was, but no larger than KEEP_MAX: a rare huge push must not pin memory
  const total = min(chainBytes, KEEP_MAX);
  let b = blocks;
  while (b != 0) {
    const nextBlock = load<usize>(b);
    heap.free(b);
    b = nextBlock;
  }
  blocks = 0;
  chainBytes = 0;
  addBlock(total);
}
