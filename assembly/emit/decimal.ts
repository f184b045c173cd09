// Unsigned decimal numbers in NDJSON.

/** Writes v in decimal at o; returns the end (at most 10 bytes). */
export function writeDecimal(o: usize, v: u32): usize {
  let digits: usize = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  let q = o + digits;
  do {
    q--;
    store<u8>(q, <u8>(0x30 + v % 10));
    v /= 10;
  } while (v != 0);
  return o + digits;
}
