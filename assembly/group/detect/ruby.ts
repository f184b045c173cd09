// Ruby rules. Rails (upstream): a line containing `Error (` and ending in `):` starts (added: a line that is a
// constant path then ` (…):`, e.g. `ActiveRecord::RecordNotFound (…):`); then a line that is
// exactly two spaces, or indented lines containing `.rb:N:in ` + a quote. Standard backtraces (not in
// upstream): `file:N:in 'm': message (Class)` at line start, then `<ws>from file:N…` lines and
// `<ws>... N levels...`. The quote after `:in ` may be '`' (Ruby < 3.4) or '\'' (Ruby ≥ 3.4).
// Contract: functions read only [p, p+n), allocate nothing, return a state id / bool without side effects.

import { at, endsAt, isDigit, isIndent, isSpace, isWord, skipDigits, skipIndent } from "./bytes";
import { ERROR_PAREN, ERROR_PAREN_N, FROM_, FROM__N, IN_, IN__N, LEVELS, LEVELS_N, RB_EXT, RB_EXT_N, DOTS_, DOTS__N } from "./literals";
import { NO_MATCH, S_RB_RAILS, S_RB_RAILS_BEFORE, S_RB_STD } from "./states";

@inline function isQuote(c: u32): bool {
  return c == 0x60 || c == 0x27;
}

/** Rails start: `Error \(.*\):$` — the line ends in `):` and `Error (` occurs before that. */
export function rbRailsStart(p: usize, n: usize): bool {
  if (n < ERROR_PAREN_N + 2 || load<u8>(p + n - 1) != 0x3a || load<u8>(p + n - 2) != 0x29) return false;
  const last = n - 2 - ERROR_PAREN_N; // the last offset where `Error (` fits before the `)`
  for (let i: usize = 0; i <= last; i++) {
    if (load<u8>(p + i) == 0x45 && at(p, n, i, ERROR_PAREN, ERROR_PAREN_N)) return true;
  }
  return false;
}

@inline function isUpper(c: u32): bool {
  return c - 0x41 < 26;
}

/**
 * Rails start for exceptions whose class name does not end in `Error` (`ActiveRecord::RecordNotFound (…):`):
 * `^[\t ]*` + a constant path `[A-Z]\w*(::[A-Z]\w*)*` + ` (` + any bytes + `):` ending the line.
 */
export function rbRailsConstStart(p: usize, n: usize): bool {
  if (n < 6 || load<u8>(p + n - 1) != 0x3a || load<u8>(p + n - 2) != 0x29) return false; // `):`
  let i = skipIndent(p, n, 0);
  let more = true;
  while (more) { // one constant, then `::` and the next one
    if (i >= n || !isUpper(load<u8>(p + i))) return false;
    i++;
    while (i < n && isWord(load<u8>(p + i))) i++;
    more = i + 2 < n && load<u8>(p + i) == 0x3a && load<u8>(p + i + 1) == 0x3a;
    if (more) i += 2;
  }
  // ` (` then at least the closing `):` after it
  return i + 4 <= n && load<u8>(p + i) == 0x20 && load<u8>(p + i + 1) == 0x28;
}

/** At offset `i`: `:<digits>:in <quote>`? */
function lineRefAt(p: usize, n: usize, i: usize): bool {
  if (i >= n || load<u8>(p + i) != 0x3a) return false;
  const d = skipDigits(p, n, i + 1);
  return d > i + 1 && at(p, n, d, IN_, IN__N) && d + IN__N < n && isQuote(load<u8>(p + d + IN__N));
}

/** At the ':' at `colon`: `:in ` + quote (a cheap pre-check for rbStdStart, done during the start scan). */
@inline export function rbInAt(p: usize, n: usize, colon: usize): bool {
  return colon + IN__N < n && load<u8>(p + colon + 1) == 0x69 && at(p, n, colon, IN_, IN__N) && isQuote(load<u8>(p + colon + IN__N));
}

/** Rails frame: `^[\t ]+.*?\.rb:\d+:in <quote>`. */
function railsFrame(p: usize, n: usize): bool {
  if (n == 0 || !isIndent(load<u8>(p))) return false;
  for (let i: usize = 1; i + RB_EXT_N <= n; i++) {
    if (load<u8>(p + i) == 0x2e && at(p, n, i, RB_EXT, RB_EXT_N) && lineRefAt(p, n, i + RB_EXT_N - 1)) return true;
  }
  return false;
}

/**
 * Standard start: the line's first token (from offset 0 to the first space; no tab, non-empty) ends in
 * `:<digits>:in`, and a quote follows the space. E.g. "app.rb:18:in `run': boom (RuntimeError)".
 */
export function rbStdStart(p: usize, n: usize): bool {
  if (n == 0 || isSpace(load<u8>(p))) return false;
  let s: usize = 1;
  while (s < n) {
    const c = <u32>load<u8>(p + s);
    if (c == 0x20) break;
    if (isSpace(c)) return false;
    s++;
  }
  if (s >= n - 1 || !isQuote(load<u8>(p + s + 1)) || !endsAt(p, s + 1, IN_, IN__N)) return false;
  // the token ends in `:<digits>:in ` — step back over `:in ` and the digits
  let d = s + 1 - IN__N;
  const e = d;
  while (d > 0 && isDigit(load<u8>(p + d - 1))) d--;
  return d < e && d >= 2 && load<u8>(p + d - 1) == 0x3a;
}

/** `<ws>from <token>` where the token contains ':' followed by a digit (`from app.rb:14:in …`, `from -e:1`). */
function fromLine(p: usize, n: usize): bool {
  const i = skipIndent(p, n, 0);
  if (i == 0 || !at(p, n, i, FROM_, FROM__N)) return false;
  for (let j = i + FROM__N; j + 1 < n; j++) {
    const c = <u32>load<u8>(p + j);
    if (isSpace(c)) return false;
    if (c == 0x3a && isDigit(load<u8>(p + j + 1))) return true;
  }
  return false;
}

/** `<ws>... N levels...` (Ruby elides repeated frames this way). */
function levelsLine(p: usize, n: usize): bool {
  const i = skipIndent(p, n, 0);
  if (i == 0 || !at(p, n, i, DOTS_, DOTS__N)) return false;
  const d = skipDigits(p, n, i + DOTS__N);
  return d > i + DOTS__N && d + LEVELS_N == n && at(p, n, d, LEVELS, LEVELS_N);
}

/** One transition from a Ruby state (S_RB_*); NO_MATCH when no rule of that state matches. */
export function rbStep(state: u32, p: usize, n: usize): i32 {
  if (state == S_RB_STD) return fromLine(p, n) || levelsLine(p, n) ? S_RB_STD : NO_MATCH;
  if (state == S_RB_RAILS_BEFORE && n == 2 && load<u16>(p) == 0x2020) return S_RB_RAILS; // exactly "  "
  return railsFrame(p, n) ? S_RB_RAILS : NO_MATCH; // S_RB_RAILS_BEFORE, S_RB_RAILS
}
