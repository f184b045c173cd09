// RFC 3339 timestamps → int64 nanoseconds since the epoch (UTC).
// Accepts `YYYY-MM-DDTHH:MM:SS[.F{1,9}](Z|±hh:mm)` exactly as kubelet's layout
// `2006-01-02T15:04:05.999999999Z07:00` does: uppercase T and Z, ranges checked, no leap second, and the
// result must fit int64 ns, so years 1678..2261. Log lines of one source share their second, so the
// `YYYY-MM-DDTHH:MM:SS` prefix and its value are cached: the common case compares 19 bytes and reads the
// fraction.

export let parsedNs: i64 = 0;

let cacheA: u64 = 0xffffffffffffffff; // bytes 0..7 of the cached prefix (never matches before first use)
let cacheB: u64 = 0;                  // bytes 8..15
let cacheC: u32 = 0;                  // bytes 16..18 (3 bytes, top byte zero)
let cacheSeconds: i64 = 0;            // local seconds (before the zone offset) of the cached prefix

// @ts-ignore: decorator
@inline function digit(p: usize): i32 {
  return <i32>load<u8>(p) - 48;
}

// @ts-ignore: decorator
@inline function two(p: usize): i32 {
  const a = digit(p), b = digit(p + 1);
  if (<u32>a > 9 || <u32>b > 9) return -1;
  return a * 10 + b;
}

export function daysFromCivil(y: i64, m: i64, d: i64): i64 {
  if (m <= 2) y -= 1;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: i32, m: i32): i32 {
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

let prefixSeconds: i64 = 0;

/** Parses the prefix `YYYY-MM-DDTHH:MM:SS` at p into `prefixSeconds` (local time); false when malformed. */
function parsePrefix(p: usize): bool {
  const y1 = two(p), y2 = two(p + 2);
  if (y1 < 0 || y2 < 0) return false;
  const year = y1 * 100 + y2;
  if (load<u8>(p + 4) != 0x2d || load<u8>(p + 7) != 0x2d || load<u8>(p + 10) != 0x54 ||
      load<u8>(p + 13) != 0x3a || load<u8>(p + 16) != 0x3a) return false;
  const month = two(p + 5), day = two(p + 8), hour = two(p + 11), minute = two(p + 14), second = two(p + 17);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (year < 1678 || year > 2261) return false;
  prefixSeconds = daysFromCivil(year, month, day) * 86400 + <i64>(hour * 3600 + minute * 60 + second);
  return true;
}

/**
 * Reads one timestamp starting at p, not past end; sets `parsedNs` and returns the position after it, or 0
 * when the bytes there are not a timestamp. (CRI lines are parsed in place: no search for the space first.)
 */
export function scanRfc3339(p: usize, end: usize): usize {
  if (p + 20 > end) return 0;
  let seconds: i64;
  const a = load<u64>(p), b = load<u64>(p + 8);
  const c = <u32>load<u16>(p + 16) | (<u32>load<u8>(p + 18) << 16);
  if (a == cacheA && b == cacheB && c == cacheC) {
    seconds = cacheSeconds;
  } else {
    if (!parsePrefix(p)) return 0;
    seconds = prefixSeconds;
    cacheA = a;
    cacheB = b;
    cacheC = c;
    cacheSeconds = seconds;
  }
  let q = p + 19;
  let frac: i64 = 0;
  if (load<u8>(q) == 0x2e) {
    q++;
    // up to 9 digits: the first 8 as one SWAR word when the line has 8 bytes to read, else one by one
    let digits: i32 = 0;
    if (q + 8 <= end) {
      const t = load<u64>(q) - 0x3030303030303030;
      const nonDigit = (t | (t + 0x7676767676767676)) & 0x8080808080808080; // exact up to the first non-digit
      digits = nonDigit == 0 ? 8 : <i32>(ctz(nonDigit) >> 3);
      if (digits > 0) frac = <i64>eightDigits(t << (<u64>(64 - digits * 8)));
      q += <usize>digits;
    }
    if (digits == 8 || q + 8 > end) {
      while (q < end) {
        const d = digit(q);
        if (<u32>d > 9) break;
        frac = frac * 10 + <i64>d;
        q++;
        digits++;
      }
    }
    if (digits == 0 || digits > 9) return 0;
    frac *= <i64>load<u32>(POW10 + (<usize>(9 - digits) << 2));
  }
  if (q >= end) return 0;
  const z = load<u8>(q);
  let offset: i64 = 0;
  if (z == 0x5a) {
    q++;
  } else if (z == 0x2b || z == 0x2d) {
    if (q + 6 > end || load<u8>(q + 3) != 0x3a) return 0;
    const oh = two(q + 1), om = two(q + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return 0;
    offset = <i64>(oh * 3600 + om * 60);
    if (z == 0x2d) offset = -offset;
    q += 6;
  } else {
    return 0;
  }
  parsedNs = (seconds - offset) * 1_000_000_000 + frac;
  return q;
}

/** Value of 8 decimal digits held one per byte (first digit in the lowest byte, each 0..9). */
// @ts-ignore: decorator
@inline function eightDigits(v: u64): u64 {
  v = (v * 10) + (v >> 8);
  // 100 + (1000000 << 32) and 1 + (10000 << 32)
  v = (((v & 0x000000ff000000ff) * <u64>0x000f424000000064) +
       (((v >> 16) & 0x000000ff000000ff) * <u64>0x0000271000000001)) >> 32;
  return v;
}

const POW10: usize = memory.data<u32>([1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000]);

/** Parses exactly [p, p+len); on success sets `parsedNs` and returns true. */
export function parseRfc3339(p: usize, len: usize): bool {
  return scanRfc3339(p, p + len) == p + len;
}
