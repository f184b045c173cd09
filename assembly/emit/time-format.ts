// int64 ns → `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` (30 bytes). Records of one batch share their second, so the
// 20-byte `YYYY-MM-DDTHH:MM:SS.` prefix is cached per second.

import { write8 } from "./decimal";

const prefix: usize = memory.data(20);

let cachedSecond: i64 = i64.MIN_VALUE;

function put2(o: usize, v: i32): void {
  store<u8>(o, <u8>(48 + v / 10));
  store<u8>(o + 1, <u8>(48 + v % 10));
}

function buildPrefix(sec: i64): void {
  let days = sec / 86400;
  let rem = sec % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  // civil from days (proleptic Gregorian)
  const z = days + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const d = <i32>(doy - (153 * mp + 2) / 5 + 1);
  const m = <i32>(mp < 10 ? mp + 3 : mp - 9);
  const y = <i32>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  put2(prefix, y / 100);
  put2(prefix + 2, y % 100);
  store<u8>(prefix + 4, 0x2d);
  put2(prefix + 5, m);
  store<u8>(prefix + 7, 0x2d);
  put2(prefix + 8, d);
  store<u8>(prefix + 10, 0x54);
  const r = <i32>rem;
  put2(prefix + 11, r / 3600);
  store<u8>(prefix + 13, 0x3a);
  put2(prefix + 14, (r / 60) % 60);
  store<u8>(prefix + 16, 0x3a);
  put2(prefix + 17, r % 60);
  store<u8>(prefix + 19, 0x2e);
}

/** Writes the 30-byte time at o; returns o + 30. */
export function writeTime(o: usize, ns: i64): usize {
  let sec = ns / 1_000_000_000;
  let frac = ns % 1_000_000_000;
  if (frac < 0) {
    frac += 1_000_000_000;
    sec -= 1;
  }
  if (sec != cachedSecond) {
    buildPrefix(sec);
    cachedSecond = sec;
  }
  store<u64>(o, load<u64>(prefix));
  store<u64>(o + 8, load<u64>(prefix + 8));
  store<u32>(o + 16, load<u32>(prefix + 16));
  // nine digits: one, then 8 as pairs from a table (5 divisions instead of 9)
  const f = <u32>frac;
  const hi = f / 100000000;          // 1 digit
  const rest = f - hi * 100000000;   // 8 digits
  store<u8>(o + 20, <u8>(48 + hi));
  write8(o + 21, rest);
  store<u8>(o + 29, 0x5a);
  return o + 30;
}
