// Dart rules (upstream): `Unhandled exception:` alone on a line, then one of the error kinds (some lead to short
// fixed sequences: type errors, format errors, NoSuchMethodError), then `#N <ws>… (…)` frames and
// `<asynchronous suspension>`. Added: after `Unhandled exception:`, any other non-empty line is the error line.
// Contract: functions read only [p, p+n), allocate nothing, return a state id / bool without side effects.

import { at, hasByte, isDigit, isSpace } from "./bytes";
import {
  ASSERTION, ASSERTION_N, ASYNC_SUSPENSION, ASYNC_SUSPENSION_N, BAD_STATE, BAD_STATE_N, CANNOT_INST, CANNOT_INST_N,
  CONCURRENT, CONCURRENT_N, DART_UNHANDLED, DART_UNHANDLED_N, DIV_ZERO, DIV_ZERO_N, EXCEPTION, EXCEPTION_N, FORMAT_EXC,
  FORMAT_EXC_N, FOUND, FOUND_N, INSTANCE_OF, INSTANCE_OF_N, INVALID_ARG, INVALID_ARG_N, NSM, NSM_N, OOM, OOM_N, RANGE_ERROR,
  RANGE_ERROR_N, READING_STATIC, READING_STATIC_N, RECEIVER, RECEIVER_N, STACK_OVERFLOW, STACK_OVERFLOW_N, TRIED_CALLING,
  TRIED_CALLING_N, UNIMPLEMENTED, UNIMPLEMENTED_N, UNSUPPORTED, UNSUPPORTED_N,
} from "./literals";
import {
  NO_MATCH, S_DART_EXC, S_DART_FMT1, S_DART_FMT2, S_DART_FMT3, S_DART_NSM1, S_DART_NSM2, S_DART_NSM3, S_DART_STACK,
  S_DART_TYPE1, S_DART_TYPE2, S_DART_TYPE3, S_DART_TYPE4,
} from "./states";

/** The start rule: the whole line is `Unhandled exception:`. */
@inline export function dartStart(p: usize, n: usize): bool {
  return n == DART_UNHANDLED_N && at(p, n, 0, DART_UNHANDLED, DART_UNHANDLED_N);
}

/**
 * A frame `^#\d+\s+.+?\(.+?\)$`: '#', digits, a whitespace byte at d, the line ends in ')', and some '(' at an
 * offset ≥ d+2 leaves at least one byte before that final ')'.
 */
function frame(p: usize, n: usize): bool {
  if (n < 2 || load<u8>(p) != 0x23 || load<u8>(p + n - 1) != 0x29) return false;
  let d: usize = 1;
  while (d < n && isDigit(load<u8>(p + d))) d++;
  if (d == 1 || d >= n || !isSpace(load<u8>(p + d))) return false;
  for (let i = d + 2; i + 2 < n; i++) if (load<u8>(p + i) == 0x28) return true;
  return false;
}

/** `^'.+?':.+?$`: a quote, ≥ 1 byte, `':`, ≥ 1 byte. */
function quotedType(p: usize, n: usize): bool {
  if (n < 5 || load<u8>(p) != 0x27) return false;
  for (let i: usize = 2; i + 2 < n; i++) if (load<u8>(p + i) == 0x27 && load<u8>(p + i + 1) == 0x3a) return true;
  return false;
}

/** The error line after `Unhandled exception:` (upstream order). */
function errorKind(p: usize, n: usize): i32 {
  if (at(p, n, 0, INSTANCE_OF, INSTANCE_OF_N) || at(p, n, 0, EXCEPTION, EXCEPTION_N) || at(p, n, 0, BAD_STATE, BAD_STATE_N) ||
    at(p, n, 0, DIV_ZERO, DIV_ZERO_N) || at(p, n, 0, INVALID_ARG, INVALID_ARG_N) || at(p, n, 0, RANGE_ERROR, RANGE_ERROR_N) ||
    at(p, n, 0, ASSERTION, ASSERTION_N) || at(p, n, 0, CANNOT_INST, CANNOT_INST_N) || at(p, n, 0, READING_STATIC, READING_STATIC_N) ||
    at(p, n, 0, UNIMPLEMENTED, UNIMPLEMENTED_N) || at(p, n, 0, UNSUPPORTED, UNSUPPORTED_N) || at(p, n, 0, CONCURRENT, CONCURRENT_N) ||
    at(p, n, 0, OOM, OOM_N) || at(p, n, 0, STACK_OVERFLOW, STACK_OVERFLOW_N)) {
    return S_DART_STACK;
  }
  if (quotedType(p, n)) return S_DART_TYPE1;
  if (at(p, n, 0, FORMAT_EXC, FORMAT_EXC_N)) return S_DART_FMT1;
  if (at(p, n, 0, NSM, NSM_N)) return S_DART_NSM1;
  return n > 0 ? S_DART_STACK : NO_MATCH; // added: any other error line
}

/** One transition from a Dart state (S_DART_*); NO_MATCH when no rule of that state matches. */
export function dartStep(state: u32, p: usize, n: usize): i32 {
  switch (state) {
    case S_DART_EXC: return errorKind(p, n);
    case S_DART_STACK:
      return frame(p, n) || (n == ASYNC_SUSPENSION_N && at(p, n, 0, ASYNC_SUSPENSION, ASYNC_SUSPENSION_N)) ? S_DART_STACK : NO_MATCH;
    case S_DART_TYPE1: return frame(p, n) ? S_DART_STACK : n > 0 ? S_DART_TYPE2 : NO_MATCH;
    case S_DART_TYPE2: return hasByte(p, n, 0, 0x5e) ? S_DART_TYPE3 : NO_MATCH;
    case S_DART_TYPE3: return n == 0 ? S_DART_TYPE4 : NO_MATCH;
    case S_DART_TYPE4: return n == 0 ? S_DART_STACK : NO_MATCH;
    case S_DART_FMT1: return frame(p, n) ? S_DART_STACK : n > 0 ? S_DART_FMT2 : NO_MATCH;
    case S_DART_FMT2: return hasByte(p, n, 0, 0x5e) ? S_DART_FMT3 : NO_MATCH;
    case S_DART_FMT3: return n == 0 ? S_DART_STACK : NO_MATCH;
    case S_DART_NSM1: return at(p, n, 0, RECEIVER, RECEIVER_N) ? S_DART_NSM2 : NO_MATCH;
    case S_DART_NSM2: return at(p, n, 0, TRIED_CALLING, TRIED_CALLING_N) ? S_DART_NSM3 : NO_MATCH;
    case S_DART_NSM3: return at(p, n, 0, FOUND, FOUND_N) || frame(p, n) ? S_DART_STACK : NO_MATCH;
    default: return NO_MATCH;
  }
}
