// Small copies without memory.copy: V8 runs memory.copy as an out-of-line call, which costs more than the
// copy itself for the 6–30 byte pieces the encoders write per record. In an interpreter (the Fluent Bit module:
// WAMR's fast interpreter) it is the other way round: memory.copy is one native memmove, and every turn of a
// copy loop costs a dozen dispatched instructions. HOST_INTERPRETED is a compile-time constant (asconfig's
// `--use HOST_INTERPRETED=0|1`), so each build keeps only its own branch.

/** Copies n bytes (any n; fastest for n <= 32). Source and destination must not overlap. */
// @ts-ignore: decorator
@inline export function copyShort(dst: usize, src: usize, n: usize): void {
  if (HOST_INTERPRETED) {
    memory.copy(dst, src, n);
    return;
  }
  if (n >= 8) {
    let i: usize = 0;
    while (i + 8 <= n) {
      store<u64>(dst + i, load<u64>(src + i));
      i += 8;
    }
    if (i < n) store<u64>(dst + n - 8, load<u64>(src + n - 8)); // overlapping last word
  } else {
    for (let i: usize = 0; i < n; i++) store<u8>(dst + i, load<u8>(src + i));
  }
}

/** Copies n bytes: inline words for short runs, memory.copy for long ones. */
// @ts-ignore: decorator
@inline export function copyBytes(dst: usize, src: usize, n: usize): void {
  if (!HOST_INTERPRETED && n <= 64) copyShort(dst, src, n);
  else memory.copy(dst, src, n);
}
