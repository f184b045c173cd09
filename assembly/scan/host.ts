// Host backend: scans done by the host's own C library, for the interpreted build (the Fluent Bit module,
// `HOST_INTERPRETED`). WAMR exposes a few libc functions to every module as `env` imports (its "libc
// builtins"; ../shared/facts/fluent-bit-wasm.md). In WAMR's fast interpreter every wasm instruction is a
// dispatched step: a SWAR word of findByte costs about eight of them, while one call into the host costs about
// as much as fifty (measured with callgrind: ≈ 600–800 x86 instructions a call, most of it WAMR's own call path
// and its exception check under a mutex). So only spans of HOST_MIN bytes or more go to the host.
//
// Only memchr and memcmp are used: they take a pointer and a length, which WAMR checks in O(1). The str*
// builtins (strspn, strcspn, …) take NUL-terminated strings, which WAMR validates byte by byte in a loop of its
// own before the call: measured, that costs more than the SWAR loops they would replace.
//
// Contract of every function: reads only [p, end) (resp. the two n-byte spans); allocates nothing; returns what
// its SWAR twin returns. Never imported by the SIMD and scalar builds: each use sits in a branch on the
// compile-time constant HOST_INTERPRETED, and an untaken branch is never compiled.

/** Spans shorter than this keep the SWAR loop: below it a host call costs more than the loop. */
export const HOST_MIN: usize = 64;

// @ts-ignore: decorator
@external("env", "memchr")
declare function libcMemchr(p: usize, c: i32, n: usize): usize;
// @ts-ignore: decorator
@external("env", "memcmp")
declare function libcMemcmp(a: usize, b: usize, n: usize): i32;

/** The first b in [p, end), or end. */
// @ts-ignore: decorator
@inline export function hostFindByte(p: usize, end: usize, b: u8): usize {
  const q = libcMemchr(p, <i32>b, end - p);
  return q != 0 ? q : end;
}

/** Do [a, a+n) and [b, b+n) hold the same bytes? */
// @ts-ignore: decorator
@inline export function hostSameBytes(a: usize, b: usize, n: usize): bool {
  return libcMemcmp(a, b, n) == 0;
}

/** Probe-byte hits a host literal search verifies before it hands the rest of the span to the SWAR scanner
 *  (a probe byte that keeps hitting makes memchr calls cost more than the word loop). */
const HOST_LITERAL_TRIES: i32 = 2;

/**
 * One exact literal (littab.ts record `rec`, no case mask) in [p, end): memchr for its rarest byte (probe 1,
 * at offset o1), each hit verified in place. Returns the first match, or end; or, after HOST_LITERAL_TRIES
 * failed hits, the position from which the caller must go on with its own scanner (hostLiteralRest).
 */
export function hostFindLiteral1(rec: usize, p: usize, end: usize): usize {
  hostLiteralRest = false;
  const len = <usize>load<u32>(rec + R_LEN);
  const o1 = <usize>load<u32>(rec + R_O1);
  const b1 = <i32>load<u8>(rec + R_B1);
  for (let tries = 0; p + len <= end; tries++) {
    if (tries == HOST_LITERAL_TRIES) {
      hostLiteralRest = true;
      return p;
    }
    // the probe byte of a match starting at s sits at s + o1, and s + len <= end
    const h = libcMemchr(p + o1, b1, end - len + 1 - p);
    if (h == 0) return end;
    const s = h - o1;
    if (literalAt(rec, s)) return s;
    p = s + 1;
  }
  return end;
}
/** Set by hostFindLiteral1 when it stopped early: the scan goes on from its result. */
export let hostLiteralRest = false;

import { literalAt, R_B1, R_LEN, R_O1 } from "./littab";
