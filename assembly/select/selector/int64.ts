// Base-10 int64 text, as Go's strconv.ParseInt(s, 10, 64) accepts it: an optional '+' or '-', then one or more
// ASCII digits (leading zeros allowed), within [-2^63, 2^63 - 1]. No allocation: used by match on label values.
// Contract: parseInt64 returns whether [p, p + n) is such a number and, if so, leaves it in parsedInt.

export let parsedInt: i64 = 0;

export function parseInt64(p: usize, n: usize): bool {
  if (n == 0) return false;
  let i: usize = 0;
  const sign = <u32>load<u8>(p);
  const negative = sign == 0x2d;
  if (sign == 0x2b || negative) i = 1;
  if (i == n) return false;
  // magnitude limit: 2^63 for a negative number, 2^63 - 1 otherwise
  const lastDigitMax: u64 = negative ? 8 : 7;
  let acc: u64 = 0;
  for (; i < n; i++) {
    const d = <u64>load<u8>(p + i) - 0x30;
    if (d > 9) return false;
    if (acc > 922337203685477580 || (acc == 922337203685477580 && d > lastDigitMax)) return false;
    acc = acc * 10 + d;
  }
  parsedInt = negative ? <i64>(0 - acc) : <i64>acc;
  return true;
}
