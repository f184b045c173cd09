// Unsigned decimal numbers for the emitters (NDJSON, payloads, times): a table of the pairs "00"…"99" (one
// division per two digits instead of two), a fixed 8-digit writer, and u32 / u64 writers built on them.
//
// Contract: every writer stores ASCII digits at o.. and returns the address after the last one; none reads
// anything but its arguments and the table.

// "00" "01" … "99"
export const PAIRS: usize = memory.data<u8>([
  48, 48, 48, 49, 48, 50, 48, 51, 48, 52, 48, 53, 48, 54, 48, 55, 48, 56, 48, 57,
  49, 48, 49, 49, 49, 50, 49, 51, 49, 52, 49, 53, 49, 54, 49, 55, 49, 56, 49, 57,
  50, 48, 50, 49, 50, 50, 50, 51, 50, 52, 50, 53, 50, 54, 50, 55, 50, 56, 50, 57,
  51, 48, 51, 49, 51, 50, 51, 51, 51, 52, 51, 53, 51, 54, 51, 55, 51, 56, 51, 57,
  52, 48, 52, 49, 52, 50, 52, 51, 52, 52, 52, 53, 52, 54, 52, 55, 52, 56, 52, 57,
  53, 48, 53, 49, 53, 50, 53, 51, 53, 52, 53, 53, 53, 54, 53, 55, 53, 56, 53, 57,
  54, 48, 54, 49, 54, 50, 54, 51, 54, 52, 54, 53, 54, 54, 54, 55, 54, 56, 54, 57,
  55, 48, 55, 49, 55, 50, 55, 51, 55, 52, 55, 53, 55, 54, 55, 55, 55, 56, 55, 57,
  56, 48, 56, 49, 56, 50, 56, 51, 56, 52, 56, 53, 56, 54, 56, 55, 56, 56, 56, 57,
  57, 48, 57, 49, 57, 50, 57, 51, 57, 52, 57, 53, 57, 54, 57, 55, 57, 56, 57, 57,
]);


/** Writes v (< 100,000,000) as exactly 8 digits, zero-padded; returns o + 8. */
// @ts-ignore: decorator
@inline export function write8(o: usize, v: u32): usize {
  const a = v / 10000, b = v - a * 10000;
  store<u16>(o, load<u16>(PAIRS + (<usize>(a / 100) << 1)));
  store<u16>(o + 2, load<u16>(PAIRS + (<usize>(a % 100) << 1)));
  store<u16>(o + 4, load<u16>(PAIRS + (<usize>(b / 100) << 1)));
  store<u16>(o + 6, load<u16>(PAIRS + (<usize>(b % 100) << 1)));
  return o + 8;
}

/** Writes v in decimal at o without leading zeros; returns the end (1–10 bytes). */
export function writeDecimal(o: usize, v: u32): usize {
  let n: usize = 1;
  for (let t = v; t >= 10; t /= 10) n++;
  let q = o + n;
  while (v >= 100) {
    const r = v % 100;
    v /= 100;
    q -= 2;
    store<u16>(q, load<u16>(PAIRS + (<usize>r << 1)));
  }
  if (v >= 10) store<u16>(q - 2, load<u16>(PAIRS + (<usize>v << 1)));
  else store<u8>(q - 1, <u8>(0x30 + v));
  return o + n;
}

/** Writes v in decimal without leading zeros (1–20 digits); returns the end. */
export function writeU64(o: usize, v: u64): usize {
  if (v < 100000000) return writeDecimal(o, <u32>v);
  const lo = <u32>(v % 100000000);
  const rest = v / 100000000;
  if (rest < 100000000) return write8(writeDecimal(o, <u32>rest), lo);
  const mid = <u32>(rest % 100000000);
  return write8(write8(writeDecimal(o, <u32>(rest / 100000000)), mid), lo);
}
