// Naive RFC 3339 timestamps for the oracle: parse to bigint nanoseconds since the epoch (UTC) and format back.
// Written for clarity, not speed; independent of assembly/decode/time.ts.
//
// Accepted grammar (ARCHITECTURE.md "Record semantics", CRI TS):
//   YYYY-MM-DD 'T' hh:mm:ss [ '.' 1*9DIGIT ] ( 'Z' | ('+'|'-') hh:mm )
// - uppercase 'T' and 'Z' only;
// - month 1-12, day 1..days-in-month (Gregorian leap years), hour 0-23, minute 0-59, second 0-59 (no leap second 60);
// - offset hours 0-23, offset minutes 0-59 ('-00:00' is accepted and means UTC);
// - AMBIGUITY RESOLVED: "0-9 fraction digits" means the '.' part is optional; a '.' must be followed by 1..9
//   digits ('…:05.Z' and 10+ digits are invalid);
// - AMBIGUITY RESOLVED: the int64 range is enforced on the year as written: 1678..2261 inclusive (whatever the
//   offset; every such timestamp fits int64 ns after applying any offset of at most ±23:59).

const NS_PER_SEC = 1_000_000_000n;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  if (m === 4 || m === 6 || m === 9 || m === 11) return 30;
  return 31;
}

/** Reads `n` ASCII digits at `pos`; returns -1 when any is not a digit or the input ends. */
function digits(s: Uint8Array, pos: number, n: number): number {
  if (pos + n > s.length) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s[pos + i];
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

/** Parses an RFC 3339 timestamp (bytes or an ASCII/UTF-16 string); returns ns since the epoch, or null if invalid. */
export function parseRfc3339(input: Uint8Array | string): bigint | null {
  const s = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const year = digits(s, 0, 4);
  if (year < 0 || s[4] !== 0x2d /* - */) return null;
  const month = digits(s, 5, 2);
  if (month < 0 || s[7] !== 0x2d) return null;
  const day = digits(s, 8, 2);
  if (day < 0 || s[10] !== 0x54 /* T */) return null;
  const hour = digits(s, 11, 2);
  if (hour < 0 || s[13] !== 0x3a /* : */) return null;
  const minute = digits(s, 14, 2);
  if (minute < 0 || s[16] !== 0x3a) return null;
  const second = digits(s, 17, 2);
  if (second < 0) return null;
  let pos = 19;
  let fracNs = 0n;
  if (s[pos] === 0x2e /* . */) {
    pos++;
    let n = 0;
    let frac = '';
    while (pos < s.length && isDigit(s[pos])) {
      frac += String.fromCharCode(s[pos]);
      pos++;
      n++;
    }
    if (n < 1 || n > 9) return null;
    fracNs = BigInt(frac.padEnd(9, '0'));
  }
  let offsetSec = 0;
  if (s[pos] === 0x5a /* Z */) {
    pos++;
  } else if (s[pos] === 0x2b /* + */ || s[pos] === 0x2d /* - */) {
    const sign = s[pos] === 0x2b ? 1 : -1;
    const oh = digits(s, pos + 1, 2);
    if (oh < 0 || s[pos + 3] !== 0x3a) return null;
    const om = digits(s, pos + 4, 2);
    if (om < 0) return null;
    if (oh > 23 || om > 59) return null;
    offsetSec = sign * (oh * 3600 + om * 60);
    pos += 6;
  } else {
    return null;
  }
  if (pos !== s.length) return null; // trailing bytes
  if (year < 1678 || year > 2261) return null;
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  // Date.UTC is exact integer milliseconds for these years (also before 1970: negative values).
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const localSec = BigInt(ms) / 1000n; // ms is a whole number of seconds, so this division is exact
  // local time = UTC + offset, so UTC = local - offset.
  return (localSec - BigInt(offsetSec)) * NS_PER_SEC + fracNs;
}

/** Formats ns since the epoch as `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` (UTC, nine fraction digits). */
export function formatTime(ns: bigint): string {
  // floor division (BigInt division truncates toward zero, which is wrong for negative values)
  let sec = ns / NS_PER_SEC;
  let frac = ns - sec * NS_PER_SEC;
  if (frac < 0n) {
    sec -= 1n;
    frac += NS_PER_SEC;
  }
  const iso = new Date(Number(sec) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z for years 0000..9999
  return `${iso.slice(0, 19)}.${frac.toString().padStart(9, '0')}Z`;
}
