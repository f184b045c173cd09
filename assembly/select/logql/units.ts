// Typed values of LogQL label filters, parsed from raw bytes without allocating (compile time and per record):
//   numbers   as Go's strconv.ParseFloat: [+-] digits [. digits] [e [+-] digits], or inf / infinity / nan
//             (any case, optional sign); a finite text whose value overflows f64 is an error (Go: ErrRange);
//             hexadecimal floats and `_` separators are not accepted (docs/logql.md, differences)
//   durations as Go's time.ParseDuration (label values): [+-] (digits [. digits] unit)+ or "0", units
//             ns us µs (U+00B5) μs (U+03BC) ms s m h, int64 nanoseconds, overflow is an error; query literals
//             first try Prometheus' model.ParseDuration (y w d h m s ms, integers, in that order), as Loki does
//   bytes     as go-humanize's ParseBytes: a run of [0-9.,] (commas dropped) parsed as a float, then the rest
//             trimmed of ASCII spaces and lower-cased must be a unit: "" b k kb ki kib m mb mi mib … e eb ei eib
//             (k = 1000, ki/kib = 1024); the product truncated to u64; 2^64 or more is an error
//
// Results are returned in the globals below (no allocation); each function returns false on a parse error.
// Invariant: every read stays inside [p, p + n).

/** The last successful parse's value. */
export let numberValue: f64 = 0;
export let durationValue: i64 = 0;
export let bytesValue: u64 = 0;

const U63: u64 = 0x8000000000000000; // 1 << 63

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

// @ts-ignore: decorator
@inline function lower(c: u32): u32 {
  return c - 0x41 < 26 ? c | 0x20 : c;
}

/** Case-insensitive compare of [p, p + n) with an ASCII lower-case word. */
function wordIs(p: usize, n: usize, word: string): bool {
  if (n != <usize>word.length) return false;
  for (let i: usize = 0; i < n; i++) {
    if (lower(<u32>load<u8>(p + i)) != <u32>word.charCodeAt(<i32>i)) return false;
  }
  return true;
}

// exact powers of ten as f64 (10^0 .. 10^22 are exact)
const POW10 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
]);

/** Decimal digits and exponent to f64: exact (correctly rounded) when the significand has at most 15 digits
 *  and |exponent| <= 22; otherwise within an ulp or two (docs/logql.md). */
function scale10(m: u64, e: i32): f64 {
  if (m == 0) return 0;
  let v = <f64>m;
  if (e == 0) return v;
  if (e > 0 && e <= 22) return v * load<f64>(POW10 + (<usize>e << 3));
  if (e < 0 && e >= -22) return v / load<f64>(POW10 + (<usize>(-e) << 3));
  if (e > 308 + 20) return Infinity;
  if (e < -342 - 20) return 0;
  // split so neither factor under/overflows on its own
  if (e > 0) {
    while (e > 22) {
      v *= 1e22;
      e -= 22;
    }
    return v * load<f64>(POW10 + (<usize>e << 3));
  }
  while (e < -22) {
    v /= 1e22;
    e += 22;
  }
  return v / load<f64>(POW10 + (<usize>(-e) << 3));
}

/** Go strconv.ParseFloat(s, 64) for the accepted grammar above. Result in numberValue. */
export function parseNumber(p: usize, n: usize): bool {
  const end = p + n;
  let q = p;
  let neg = false;
  if (q < end && (load<u8>(q) == 0x2b || load<u8>(q) == 0x2d)) {
    neg = load<u8>(q) == 0x2d;
    q++;
  }
  const rest = end - q;
  if (wordIs(q, rest, "inf") || wordIs(q, rest, "infinity")) {
    numberValue = neg ? -Infinity : Infinity;
    return true;
  }
  if (wordIs(q, rest, "nan")) {
    numberValue = NaN;
    return true;
  }
  let m: u64 = 0;
  let digits = 0; // significant digits kept in m
  let exp: i32 = 0;
  let any = false;
  while (q < end && isDigit(load<u8>(q))) {
    any = true;
    const d = <u64>(load<u8>(q) - 0x30);
    if (digits < 19) {
      if (m != 0 || d != 0) {
        m = m * 10 + d;
        digits++;
      }
    } else exp++;
    q++;
  }
  if (q < end && load<u8>(q) == 0x2e) {
    q++;
    while (q < end && isDigit(load<u8>(q))) {
      any = true;
      const d = <u64>(load<u8>(q) - 0x30);
      if (digits < 19) {
        if (m != 0 || d != 0) {
          m = m * 10 + d;
          digits++;
        }
        exp--;
      }
      q++;
    }
  }
  if (!any) return false;
  if (q < end && (load<u8>(q) | 0x20) == 0x65) {
    q++;
    let eneg = false;
    if (q < end && (load<u8>(q) == 0x2b || load<u8>(q) == 0x2d)) {
      eneg = load<u8>(q) == 0x2d;
      q++;
    }
    if (q == end || !isDigit(load<u8>(q))) return false;
    let e: i32 = 0;
    while (q < end && isDigit(load<u8>(q))) {
      if (e < 100000) e = e * 10 + <i32>(load<u8>(q) - 0x30);
      q++;
    }
    exp += eneg ? -e : e;
  }
  if (q != end) return false;
  const v = scale10(m, exp);
  if (v == Infinity) return false; // Go: ErrRange
  numberValue = neg ? -v : v;
  return true;
}

/** The unit [p, p + n) of a Go duration in nanoseconds, or 0 when unknown. */
function goUnit(p: usize, n: usize): u64 {
  const c0 = <u32>load<u8>(p);
  if (n == 1) {
    if (c0 == 0x73) return 1000000000; // s
    if (c0 == 0x6d) return 60000000000; // m
    if (c0 == 0x68) return 3600000000000; // h
    return 0;
  }
  const last = <u32>load<u8>(p + n - 1);
  if (last != 0x73) return 0; // every longer unit ends in s
  if (n == 2) {
    if (c0 == 0x6e) return 1; // ns
    if (c0 == 0x75) return 1000; // us
    if (c0 == 0x6d) return 1000000; // ms
    return 0;
  }
  if (n == 3) {
    const c1 = <u32>load<u8>(p + 1);
    if ((c0 == 0xc2 && c1 == 0xb5) || (c0 == 0xce && c1 == 0xbc)) return 1000; // µs μs
  }
  return 0;
}

/** Go time.ParseDuration. Result in durationValue. */
export function parseGoDuration(p: usize, n: usize): bool {
  const end = p + n;
  let q = p;
  let neg = false;
  if (q < end && (load<u8>(q) == 0x2b || load<u8>(q) == 0x2d)) {
    neg = load<u8>(q) == 0x2d;
    q++;
  }
  if (end - q == 1 && load<u8>(q) == 0x30) {
    durationValue = 0;
    return true;
  }
  if (q == end) return false;
  let d: u64 = 0;
  while (q < end) {
    const c = <u32>load<u8>(q);
    if (c != 0x2e && !isDigit(c)) return false;
    // integer part
    let v: u64 = 0;
    const ip = q;
    while (q < end && isDigit(load<u8>(q))) {
      if (v > U63 / 10) return false;
      v = v * 10 + <u64>(load<u8>(q) - 0x30);
      if (v > U63) return false;
      q++;
    }
    const pre = q != ip;
    // fraction: digits past what fits are ignored, as Go does
    let f: u64 = 0;
    let scale: f64 = 1;
    let post = false;
    if (q < end && load<u8>(q) == 0x2e) {
      q++;
      const fp = q;
      let over = false;
      while (q < end && isDigit(load<u8>(q))) {
        if (!over) {
          if (f > (U63 - 1) / 10) over = true;
          else {
            const y = f * 10 + <u64>(load<u8>(q) - 0x30);
            if (y > U63) over = true;
            else {
              f = y;
              scale *= 10;
            }
          }
        }
        q++;
      }
      post = q != fp;
    }
    if (!pre && !post) return false;
    const up = q;
    while (q < end && load<u8>(q) != 0x2e && !isDigit(load<u8>(q))) q++;
    if (q == up) return false;
    const unit = goUnit(up, q - up);
    if (unit == 0) return false;
    if (v > U63 / unit) return false;
    v *= unit;
    if (f > 0) {
      v += <u64>(<f64>f * (<f64>unit / scale));
      if (v > U63) return false;
    }
    d += v;
    if (d > U63) return false;
  }
  if (neg) {
    durationValue = -(<i64>d);
    return true;
  }
  if (d > U63 - 1) return false;
  durationValue = <i64>d;
  return true;
}

// Prometheus units in their required order: y w d h m s ms (milliseconds of each)
const PROM_MS = memory.data<u64>([31536000000, 604800000, 86400000, 3600000, 60000, 1000, 1]);

/** Prometheus model.ParseDuration: "0", or integer components in the order y w d h m s ms, each at most once. */
export function parsePromDuration(p: usize, n: usize): bool {
  const end = p + n;
  if (n == 0) return false;
  if (n == 1 && load<u8>(p) == 0x30) {
    durationValue = 0;
    return true;
  }
  let q = p;
  let next = 0; // the first unit index still allowed
  let ms: u64 = 0;
  while (q < end) {
    if (!isDigit(load<u8>(q))) return false;
    let v: u64 = 0;
    while (q < end && isDigit(load<u8>(q))) {
      if (v > 0xffffffffffff) return false; // far past any int64 of nanoseconds
      v = v * 10 + <u64>(load<u8>(q) - 0x30);
      q++;
    }
    if (q == end) return false;
    const c = <u32>load<u8>(q);
    let u = -1;
    let len: usize = 1;
    if (c == 0x79) u = 0;
    else if (c == 0x77) u = 1;
    else if (c == 0x64) u = 2;
    else if (c == 0x68) u = 3;
    else if (c == 0x6d) {
      if (q + 1 < end && load<u8>(q + 1) == 0x73) {
        u = 6;
        len = 2;
      } else u = 4;
    } else if (c == 0x73) u = 5;
    if (u < next) return false;
    next = u + 1;
    q += len;
    const unit = load<u64>(PROM_MS + (<usize>u << 3));
    if (v > 0xffffffffffffffff / unit) return false;
    const add = v * unit;
    if (ms > 0xffffffffffffffff - add) return false;
    ms += add;
  }
  // Prometheus refuses durations that overflow int64 nanoseconds
  if (ms > <u64>9223372036854) return false;
  durationValue = <i64>(ms * 1000000);
  return true;
}

/** A query's duration literal, as Loki's lexer: Prometheus first, then Go. */
export function parseDurationLiteral(p: usize, n: usize): bool {
  return parsePromDuration(p, n) || parseGoDuration(p, n);
}

/** The multiplier of a bytes unit (already trimmed) [p, p + n), case-insensitive, or 0 when unknown. */
function bytesUnit(p: usize, n: usize): u64 {
  if (n == 0) return 1;
  if (n > 3) return 0;
  const c0 = lower(<u32>load<u8>(p));
  if (n == 1 && c0 == 0x62) return 1; // b
  let k: u64 = 0;
  let pow = 0;
  if (c0 == 0x6b) pow = 1;
  else if (c0 == 0x6d) pow = 2;
  else if (c0 == 0x67) pow = 3;
  else if (c0 == 0x74) pow = 4;
  else if (c0 == 0x70) pow = 5;
  else if (c0 == 0x65) pow = 6;
  else return 0;
  let binary = false;
  if (n >= 2) {
    const c1 = lower(<u32>load<u8>(p + 1));
    if (c1 == 0x69) {
      binary = true;
      if (n == 3 && lower(<u32>load<u8>(p + 2)) != 0x62) return 0;
    } else if (c1 == 0x62) {
      if (n == 3) return 0;
    } else return 0;
  }
  k = 1;
  for (let i = 0; i < pow; i++) k *= binary ? 1024 : 1000;
  return k;
}

// @ts-ignore: decorator
@inline function isSpace(c: u32): bool {
  return c == 0x20 || c - 9 < 5; // space \t \n \v \f \r
}

/** go-humanize ParseBytes. Result in bytesValue. */
export function parseBytes(p: usize, n: usize): bool {
  const end = p + n;
  let q = p;
  // the number: digits, '.', ',' (commas dropped)
  let m: u64 = 0;
  let digits = 0;
  let exp: i32 = 0;
  let dots = 0;
  let any = false;
  while (q < end) {
    const c = <u32>load<u8>(q);
    if (isDigit(c)) {
      any = true;
      const d = <u64>(c - 0x30);
      if (digits < 19) {
        if (m != 0 || d != 0) {
          m = m * 10 + d;
          digits++;
        }
        if (dots > 0) exp--;
      } else if (dots == 0) exp++;
    } else if (c == 0x2e) dots++;
    else if (c != 0x2c) break;
    q++;
  }
  if (!any || dots > 1) return false;
  // the unit: trimmed of spaces
  let us = q;
  let ue = end;
  while (us < ue && isSpace(load<u8>(us))) us++;
  while (ue > us && isSpace(load<u8>(ue - 1))) ue--;
  const mult = bytesUnit(us, ue - us);
  if (mult == 0) return false;
  const f = scale10(m, exp) * <f64>mult;
  if (f >= 18446744073709551616.0) return false;
  bytesValue = <u64>f;
  return true;
}
