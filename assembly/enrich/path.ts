// Path metadata: which pod and container wrote a log file, read from the file's path (docs/enrich.md "Paths").
//
// parsePath(p, n, m) reads only [p, p + n) and fills the path fields of `m` with pointers INTO that range, its
// `restart` and its `shape`. The three layouts are matched on the path's TRAILING components, so a copied tree
// (`./node1/var/log/pods/…`, a support bundle, a relative path) parses as the original did:
//   PATH_PODS        …pods/<namespace>_<pod>_<pod-uid>/<container>/<restart>.log[.<YYYYMMDD-hhmmss>[.gz]]
//   PATH_CONTAINERS  …containers/<pod>_<namespace>_<container>-<64 hex>.log
//   PATH_DOCKER      …containers/<id>/<id>-json.log[.<n>]            (id: 64 hex, both the same)
// where `…` is empty or ends in '/'. Components are validated (namespace and container: DNS-1123 label; pod:
// DNS-1123 subdomain; pod uid: a lowercase UUID 8-4-4-4-12, or the 32-hex hash kubelet gives static pods; ids
// lowercase hex) so that a near-miss is no match rather than a mis-parse.
//
// Invariants: on false every path field is absent, restart is -1 and shape PATH_NONE; labels and annotations
// (owned by the pod table) are never touched. No allocation, no recursion, never reads outside [p, p + n).

import { DEBUG } from "../common/debug";
import { KubeMeta, PATH_CONTAINERS, PATH_DOCKER, PATH_NONE, PATH_PODS } from "./kube";

const SLASH: u32 = 0x2f;
const UNDERSCORE: u32 = 0x5f;
const DASH: u32 = 0x2d;
const DOT: u32 = 0x2e;

const MAX_LABEL: usize = 63; // DNS-1123 label
const MAX_SUBDOMAIN: usize = 253; // DNS-1123 subdomain
const MAX_RESTART_DIGITS: usize = 9; // fits i32

// @ts-ignore: decorator
@inline function at(p: usize, i: usize): u32 {
  return <u32>load<u8>(p + i);
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

// @ts-ignore: decorator
@inline function isLowerAlnum(c: u32): bool {
  return c - 0x61 < 26 || c - 0x30 < 10;
}

// @ts-ignore: decorator
@inline function isLowerHex(c: u32): bool {
  return c - 0x30 < 10 || c - 0x61 < 6;
}

function allLowerHex(p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) if (!isLowerHex(at(p, i))) return false;
  return true;
}

/** One DNS-1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, 1..63 bytes. */
function isDnsLabel(p: usize, n: usize): bool {
  if (n == 0 || n > MAX_LABEL) return false;
  if (!isLowerAlnum(at(p, 0)) || !isLowerAlnum(at(p, n - 1))) return false;
  for (let i: usize = 1; i + 1 < n; i++) {
    const c = at(p, i);
    if (!isLowerAlnum(c) && c != DASH) return false;
  }
  return true;
}

/** A DNS-1123 subdomain: labels joined by '.', 1..253 bytes (a label here is not limited to 63). */
function isDnsSubdomain(p: usize, n: usize): bool {
  if (n == 0 || n > MAX_SUBDOMAIN) return false;
  let start: usize = 0;
  for (let i: usize = 0; i <= n; i++) {
    if (i == n || at(p, i) == DOT) {
      const len = i - start;
      if (len == 0) return false;
      if (!isLowerAlnum(at(p, start)) || !isLowerAlnum(at(p, i - 1))) return false;
      start = i + 1;
    } else {
      const c = at(p, i);
      if (!isLowerAlnum(c) && c != DASH) return false;
    }
  }
  return true;
}

/** A pod uid: lowercase UUID (8-4-4-4-12) or 32 lowercase hex (a static pod's config hash). */
function isPodUid(p: usize, n: usize): bool {
  if (n == 32) return allLowerHex(p, 32);
  if (n != 36) return false;
  for (let i: usize = 0; i < 36; i++) {
    const c = at(p, i);
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != DASH) return false;
    } else if (!isLowerHex(c)) return false;
  }
  return true;
}

/** Does [p + i, …) start with the ASCII literal? */
function startsAt(p: usize, n: usize, i: usize, lit: string): bool {
  const len = <usize>lit.length;
  if (i + len > n) return false;
  for (let k: usize = 0; k < len; k++) if (at(p, i + k) != <u32>lit.charCodeAt(<i32>k)) return false;
  return true;
}

/** Start of the component that ends at `end` (exclusive): just after the previous '/', or 0. */
function componentStart(p: usize, end: usize): usize {
  let i = end;
  while (i > 0 && at(p, i - 1) != SLASH) i--;
  return i;
}

/** Is the component ending just before the '/' at `slash` exactly `name`, at the start or after a '/'? */
function parentIs(p: usize, slash: usize, name: string): bool {
  const len = <usize>name.length;
  if (slash < len) return false;
  const s = slash - len;
  if (s > 0 && at(p, s - 1) != SLASH) return false;
  return startsAt(p, slash, s, name);
}

/** Index of the only two '_' in [p + s, p + e) packed as (first << 32) | second, or 0 when not exactly two. */
function twoUnderscores(p: usize, s: usize, e: usize): u64 {
  let first: usize = 0;
  let second: usize = 0;
  let count = 0;
  for (let i = s; i < e; i++) {
    if (at(p, i) != UNDERSCORE) continue;
    count++;
    if (count == 1) first = i;
    else if (count == 2) second = i;
    else return 0;
  }
  return count == 2 ? (<u64>first << 32) | <u64>second : 0;
}

/** `<restart>.log`, `<restart>.log.<YYYYMMDD-hhmmss>`, or that plus `.gz`: the restart count, or -1. */
function podsFileRestart(p: usize, s: usize, e: usize): i32 {
  let i = s;
  while (i < e && isDigit(at(p, i))) i++;
  const digits = i - s;
  if (digits == 0 || digits > MAX_RESTART_DIGITS) return -1;
  if (digits > 1 && at(p, s) == 0x30) return -1; // kubelet writes %d: no leading zero
  if (!startsAt(p, e, i, ".log")) return -1;
  let j = i + 4;
  if (j < e) {
    // rotation suffix: .YYYYMMDD-hhmmss, then optionally .gz
    if (j + 16 > e || at(p, j) != DOT || at(p, j + 9) != DASH) return -1;
    for (let k: usize = 1; k < 16; k++) if (k != 9 && !isDigit(at(p, j + k))) return -1;
    j += 16;
    if (j < e && !(j + 3 == e && startsAt(p, e, j, ".gz"))) return -1;
  }
  let r: i32 = 0;
  for (let k = s; k < i; k++) r = r * 10 + <i32>(at(p, k) - 0x30);
  return r;
}

function clearPath(m: KubeMeta): void {
  m.namespacePtr = 0;
  m.namespaceLen = 0;
  m.podPtr = 0;
  m.podLen = 0;
  m.podIdPtr = 0;
  m.podIdLen = 0;
  m.containerPtr = 0;
  m.containerLen = 0;
  m.dockerIdPtr = 0;
  m.dockerIdLen = 0;
  m.restart = -1;
  m.shape = PATH_NONE;
}

/** …pods/<ns>_<pod>_<uid>/<container>/<file>: fills m and returns true, or false (m untouched). */
function parsePods(p: usize, n: usize, m: KubeMeta): bool {
  const fileStart = componentStart(p, n);
  if (fileStart == 0) return false;
  const restart = podsFileRestart(p, fileStart, n);
  if (restart < 0) return false;
  const cEnd = fileStart - 1;
  const cStart = componentStart(p, cEnd);
  if (cStart == 0 || !isDnsLabel(p + cStart, cEnd - cStart)) return false;
  const dEnd = cStart - 1;
  const dStart = componentStart(p, dEnd);
  if (dStart == 0 || !parentIs(p, dStart - 1, "pods")) return false;
  const us = twoUnderscores(p, dStart, dEnd);
  if (us == 0) return false;
  const u1 = <usize>(us >> 32);
  const u2 = <usize>(us & 0xffffffff);
  if (!isDnsLabel(p + dStart, u1 - dStart)) return false;
  if (!isDnsSubdomain(p + u1 + 1, u2 - u1 - 1)) return false;
  if (!isPodUid(p + u2 + 1, dEnd - u2 - 1)) return false;
  m.namespacePtr = p + dStart;
  m.namespaceLen = u1 - dStart;
  m.podPtr = p + u1 + 1;
  m.podLen = u2 - u1 - 1;
  m.podIdPtr = p + u2 + 1;
  m.podIdLen = dEnd - u2 - 1;
  m.containerPtr = p + cStart;
  m.containerLen = cEnd - cStart;
  m.restart = restart;
  m.shape = PATH_PODS;
  return true;
}

/** …containers/<pod>_<ns>_<container>-<64 hex>.log */
function parseContainers(p: usize, n: usize, m: KubeMeta): bool {
  const s = componentStart(p, n);
  if (s == 0 || !parentIs(p, s - 1, "containers")) return false;
  // from the right: ".log", the 64-hex id, '-'
  if (n - s < 4 + 64 + 1 + 5 || !startsAt(p, n, n - 4, ".log")) return false;
  const idStart = n - 4 - 64;
  if (!allLowerHex(p + idStart, 64) || at(p, idStart - 1) != DASH) return false;
  const restEnd = idStart - 1;
  const us = twoUnderscores(p, s, restEnd);
  if (us == 0) return false;
  const u1 = <usize>(us >> 32);
  const u2 = <usize>(us & 0xffffffff);
  if (!isDnsSubdomain(p + s, u1 - s)) return false;
  if (!isDnsLabel(p + u1 + 1, u2 - u1 - 1)) return false;
  if (!isDnsLabel(p + u2 + 1, restEnd - u2 - 1)) return false;
  m.podPtr = p + s;
  m.podLen = u1 - s;
  m.namespacePtr = p + u1 + 1;
  m.namespaceLen = u2 - u1 - 1;
  m.containerPtr = p + u2 + 1;
  m.containerLen = restEnd - u2 - 1;
  m.dockerIdPtr = p + idStart;
  m.dockerIdLen = 64;
  m.shape = PATH_CONTAINERS;
  return true;
}

/** …containers/<id>/<id>-json.log[.<n>] */
function parseDocker(p: usize, n: usize, m: KubeMeta): bool {
  const s = componentStart(p, n);
  if (s == 0 || n - s < 64 + 9) return false;
  // "-json.log" then optionally ".<digits>"
  let e = s + 64;
  if (!startsAt(p, n, e, "-json.log")) return false;
  e += 9;
  if (e < n) {
    if (at(p, e) != DOT || e + 1 == n) return false;
    for (let i = e + 1; i < n; i++) if (!isDigit(at(p, i))) return false;
  }
  const dEnd = s - 1;
  const dStart = componentStart(p, dEnd);
  if (dEnd - dStart != 64 || dStart == 0 || !parentIs(p, dStart - 1, "containers")) return false;
  if (!allLowerHex(p + s, 64) || memory.compare(p + s, p + dStart, 64) != 0) return false;
  m.dockerIdPtr = p + s;
  m.dockerIdLen = 64;
  m.shape = PATH_DOCKER;
  return true;
}

/** Fills m's path fields from the path [p, p + n); false (every path field absent) when no layout fits. */
export function parsePath(p: usize, n: usize, m: KubeMeta): bool {
  clearPath(m);
  if (n == 0) return false;
  if (parsePods(p, n, m) || parseContainers(p, n, m) || parseDocker(p, n, m)) {
    if (DEBUG) assert(m.shape != PATH_NONE);
    return true;
  }
  if (DEBUG) assert(m.namespaceLen == 0 && m.podLen == 0 && m.dockerIdLen == 0 && m.restart == -1);
  return false;
}
