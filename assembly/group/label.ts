// Which member of the JVM family (Java, JavaScript, C#) a trace is, for the record's `multiline` name: they
// share one rule set (docs/multiline.md "JVM family"), so the name comes from the lines' shape (D4 in the
// oracle, test/oracle/detect.ts). At the trace's first line:
//   - a JS-only start (a `file.js:N` / `node:…:N` origin line, or `Error [CODE]:`) is js;
//   - `Unhandled exception.` is csharp;
//   - otherwise a header starting with a Capitalised dotted namespace and `…Exception` (optionally after
//     `Unhandled exception. `) is csharp; one starting with `Uncaught `? and an identifier ending in `Error`, or
//     `V8 errors stack trace`, is js; anything else java.
// Inside the trace a `---> ` line makes it csharp and a JS-only state makes it js. A name whose detector is off
// falls back to the first enabled of java, js, csharp.
// Contract: reads only [p, p+n); no allocation, no recursion.

import { DET_CSHARP, DET_JAVA, DET_JS } from "../common/detectors";
import { LANG_CSHARP, LANG_JAVA, LANG_JS } from "./detect";

// @ts-ignore: decorator
@inline function isUpper(c: u32): bool { return c - 0x41 < 26; }
// @ts-ignore: decorator
@inline function isWordByte(c: u32): bool { return (c | 0x20) - 0x61 < 26 || c - 0x30 < 10 || c == 0x5f; }

function startsWith(p: usize, n: usize, at: usize, lit: string): bool {
  const len = <usize>lit.length;
  if (at + len > n) return false;
  for (let i: usize = 0; i < len; i++) if (<u32>load<u8>(p + at + i) != <u32>lit.charCodeAt(<i32>i)) return false;
  return true;
}

/** `(Capitalised identifier '.')+ Capitalised identifier ending in "Exception"`, then a non-word byte or the end. */
function dottedException(p: usize, n: usize, i: usize): bool {
  let segments = 0;
  while (i < n && isUpper(load<u8>(p + i))) {
    const start = i;
    while (i < n && isWordByte(load<u8>(p + i))) i++;
    segments++;
    if (i < n && load<u8>(p + i) == 0x2e) {
      i++;
      continue;
    }
    // the last segment: must end in "Exception" (a word boundary after it)
    return segments >= 2 && i - start >= 10 && startsWith(p, n, i - 9, "Exception"); // [A-Z]\w*Exception
  }
  return false;
}

/** `Uncaught `? then an identifier ([A-Za-z_$][\w$]*) ending in `Error`, then a word boundary. */
function jsErrorHeader(p: usize, n: usize): bool {
  let i: usize = startsWith(p, n, 0, "Uncaught ") ? 9 : 0;
  const start = i;
  while (i < n) {
    const c = <u32>load<u8>(p + i);
    if (!(isWordByte(c) || c == 0x24)) break;
    i++;
  }
  if (i - start < 5 || !startsWith(p, n, i - 5, "Error")) return false;
  return i == n || !isWordByte(load<u8>(p + i));
}

/** `(Error|Exception) [CODE]:` anywhere (Node's coded errors). */
function jsCoded(p: usize, n: usize): bool {
  for (let i: usize = 0; i + 2 < n; i++) {
    if (load<u8>(p + i) != 0x20 || load<u8>(p + i + 1) != 0x5b) continue; // " ["
    if (!((i >= 5 && startsWith(p, n, i - 5, "Error")) || (i >= 9 && startsWith(p, n, i - 9, "Exception")))) continue;
    let j = i + 2;
    while (j < n && j - (i + 2) <= 64) {
      const c = load<u8>(p + j);
      if (c == 0x5d) return j > i + 2 && j + 1 < n && load<u8>(p + j + 1) == 0x3a;
      if (c == 0x5b || c == 0x20 || c == 0x09) break;
      j++;
    }
  }
  return false;
}

/** The member named by the trace's first line; jsState: the detector went to a JS-only state. */
export function jvmStartLabel(langs: u32, p: usize, n: usize, jsState: bool): u8 {
  let want = DET_JAVA;
  if (jsState || jsCoded(p, n)) want = DET_JS;
  else if (startsWith(p, n, 0, "Unhandled exception.")) want = DET_CSHARP;
  else {
    const at: usize = startsWith(p, n, 0, "Unhandled exception. ") ? 21 : 0;
    if (dottedException(p, n, at)) want = DET_CSHARP;
    else if (jsErrorHeader(p, n) || startsWith(p, n, 0, "V8 errors stack trace")) want = DET_JS;
  }
  return enabledOr(langs, want);
}

/** A line inside the trace that names the member: `---> ` (csharp); a JS-only state (js); else `current`. */
export function jvmLabelInside(langs: u32, current: u8, p: usize, n: usize, jsState: bool): u8 {
  if (jsState && (langs & LANG_JS) != 0) return DET_JS;
  let i: usize = 0;
  while (i < n && (load<u8>(p + i) == 0x20 || load<u8>(p + i) == 0x09)) i++;
  if (startsWith(p, n, i, "---> ")) return enabledOr(langs, DET_CSHARP);
  return current;
}

function enabledOr(langs: u32, want: u8): u8 {
  const bit = want == DET_JS ? LANG_JS : want == DET_CSHARP ? LANG_CSHARP : LANG_JAVA;
  if ((langs & bit) != 0) return want;
  if ((langs & LANG_JAVA) != 0) return DET_JAVA;
  if ((langs & LANG_JS) != 0) return DET_JS;
  return DET_CSHARP;
}
