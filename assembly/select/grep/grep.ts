// Fluent Bit grep rules (docs/grep.md): `Regex KEY PATTERN`, `Exclude KEY PATTERN`, `Logical_Op legacy|and|or`,
// for users migrating a [FILTER] section.
//
// grepCompile(ptr, len) reads the rules text [ptr, ptr + len) (one directive per line, directive names
// case-insensitive, `#` comments, and the section's `[FILTER]`, `Name grep`, `Match`, `Match_Regex`, `Alias` lines
// accepted and ignored) and returns a program handle, or 0 after filterFail(bytePos, message) with the byte
// position in the text. grepMatch(prog, kube, stream, level, logPtr, logLen) says whether the record is KEPT.
//
// Program block (one heap block, freed by grepFree with the regexes it owns):
//   0 u32 count   4 u32 op (OP_*)   8 u32 needsLine   12 u32 unused
//   16 + 24·i: u32 type (RULE_*), u32 field (F_*), u32 keyOff (from the block), u32 keyLen, u32 regex, u32 unused
//   then the label/annotation key bytes.
//
// Invariants: every regex handle in a program is non-zero and owned by it; matching allocates nothing (it reads
// the block, the KubeMeta and the line, and formats restart_count into a static buffer); a missing key or a
// non-string value never matches (F_NEVER is a key that can only hold a map or nothing).

import { DEBUG } from "../../common/debug";
import { STREAM_STDERR, STREAM_STDOUT } from "../../common/record";
import { LEVEL_COUNT, LEVEL_NONE, levelNameLen, levelNamePtr } from "../../common/levels";
import { KubeMeta } from "../../enrich/kube";
import { labelFind, labelValueLen, labelValuePtr } from "../../enrich/labels";
import { regexCompile, regexFree, regexTest } from "../../regex/regex";
import { errorMessage, errorPos } from "../../regex/errors";
import { FLAG_DOTNL, FLAG_FOLD, FLAG_MULTI } from "../../regex/parse";
import { filterFail, filterOk } from "../error";

export const OP_LEGACY: u32 = 0;
export const OP_AND: u32 = 1;
export const OP_OR: u32 = 2;

export const RULE_REGEX: u32 = 0;
export const RULE_EXCLUDE: u32 = 1;

const F_NEVER: u32 = 0; // a map, an array index, or a subkey of a string below the top level
const F_LOG: u32 = 1;
const F_STREAM: u32 = 2;
const F_LEVEL: u32 = 3;
const F_NAMESPACE: u32 = 4;
const F_POD: u32 = 5;
const F_POD_ID: u32 = 6;
const F_CONTAINER: u32 = 7;
const F_DOCKER_ID: u32 = 8;
const F_RESTART: u32 = 9;
const F_LABEL: u32 = 10;
const F_ANNOTATION: u32 = 11;

const HEAD: usize = 16;
const RULE: usize = 24;

const STDOUT = memory.data<u8>([0x73, 0x74, 0x64, 0x6f, 0x75, 0x74]);
const STDERR = memory.data<u8>([0x73, 0x74, 0x64, 0x65, 0x72, 0x72]);
const DIGITS = memory.data(16); // restart_count as text

// ---------------------------------------------------------------- compile

// @ts-ignore: decorator
@inline function at(p: usize, i: usize): u32 {
  return <u32>load<u8>(p + i);
}

// @ts-ignore: decorator
@inline function isBlank(c: u32): bool {
  return c == 0x20 || c == 0x09;
}

// @ts-ignore: decorator
@inline function lower(c: u32): u32 {
  return c - 0x41 < 26 ? c | 0x20 : c;
}

function equalsIgnoreCase(p: usize, s: usize, e: usize, lit: string): bool {
  if (e - s != <usize>lit.length) return false;
  for (let k: usize = 0; k < e - s; k++) if (lower(at(p, s + k)) != <u32>lit.charCodeAt(<i32>k)) return false;
  return true;
}

function equalsBytes(bytes: Array<u8>, lit: string): bool {
  if (bytes.length != lit.length) return false;
  for (let k = 0; k < bytes.length; k++) if (<u32>bytes[k] != <u32>lit.charCodeAt(k)) return false;
  return true;
}

class Rule {
  type: u32 = 0;
  field: u32 = 0;
  key: Array<u8> = [];
  regex: usize = 0;
  pos: i32 = 0; // the directive's byte position, for the mixing error
}

/** The record accessor at [a, b) resolved to a field; `key` receives a label/annotation key. Fails with -1
 *  after filterFail. Grammar (Fluent Bit's): `$`? IDENT (`[` ('…' | INTEGER) `]`)*, IDENT [_A-Za-z][A-Za-z0-9_.\-/]*,
 *  '…' with '' for a quote. */
function parseAccessor(p: usize, a: usize, b: usize, rule: Rule): i32 {
  let i = a;
  if (i < b && at(p, i) == 0x24) i++;
  const idStart = i;
  if (i >= b || !(lower(at(p, i)) - 0x61 < 26 || at(p, i) == 0x5f)) {
    filterFail(<i32>i, "expected a key name ([_A-Za-z] then [A-Za-z0-9_.-/])");
    return -1;
  }
  while (i < b) {
    const c = at(p, i);
    if (!(lower(c) - 0x61 < 26 || c - 0x30 < 10 || c == 0x5f || c == 0x2e || c == 0x2d || c == 0x2f)) break;
    i++;
  }
  const idEnd = i;
  // subkeys: collect up to two string subkeys; anything deeper or an index makes the value never match
  let subs = 0;
  let sub0 = new Array<u8>();
  let sub1 = new Array<u8>();
  let sub0Pos: i32 = 0;
  let indexed = false;
  let firstIndexed = false;
  while (i < b) {
    if (at(p, i) != 0x5b) {
      filterFail(<i32>i, "expected '[' or the end of the key");
      return -1;
    }
    i++;
    const subPos = <i32>i;
    if (i < b && at(p, i) == 0x27) {
      const s = new Array<u8>();
      i++;
      while (true) {
        if (i >= b) {
          filterFail(subPos, "unterminated quoted subkey");
          return -1;
        }
        const c = at(p, i);
        if (c == 0x27) {
          if (i + 1 < b && at(p, i + 1) == 0x27) {
            s.push(0x27);
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s.push(<u8>c);
        i++;
      }
      if (subs == 0) {
        sub0 = s;
        sub0Pos = subPos;
      } else if (subs == 1) sub1 = s;
    } else if (i < b && at(p, i) - 0x30 < 10) {
      const d = i;
      while (i < b && at(p, i) - 0x30 < 10) i++;
      if (i - d > 1 && at(p, d) == 0x30) {
        filterFail(<i32>d, "an array index has no leading zero");
        return -1;
      }
      indexed = true;
      if (subs == 0) firstIndexed = true;
    } else {
      filterFail(<i32>i, "expected a quoted subkey ('name') or an array index");
      return -1;
    }
    if (i >= b || at(p, i) != 0x5d) {
      filterFail(<i32>i, "expected ']'");
      return -1;
    }
    i++;
    subs++;
  }
  // resolve against logsieve's record: log, stream, level, kubernetes{…}
  if (isExact(p, idStart, idEnd, "log") || isExact(p, idStart, idEnd, "stream") || isExact(p, idStart, idEnd, "level")) {
    if (subs > 0) {
      filterFail(<i32>idEnd, "this key holds a string: it has no subkeys");
      return -1;
    }
    return isExact(p, idStart, idEnd, "log") ? <i32>F_LOG : isExact(p, idStart, idEnd, "stream") ? <i32>F_STREAM : <i32>F_LEVEL;
  }
  if (!isExact(p, idStart, idEnd, "kubernetes")) {
    filterFail(<i32>idStart, "unknown key: logsieve records have log, stream, level and kubernetes");
    return -1;
  }
  if (subs == 0 || firstIndexed) return <i32>F_NEVER; // the map itself, or an index into a map
  let field: u32;
  if (equalsBytes(sub0, "namespace_name")) field = F_NAMESPACE;
  else if (equalsBytes(sub0, "pod_name")) field = F_POD;
  else if (equalsBytes(sub0, "pod_id")) field = F_POD_ID;
  else if (equalsBytes(sub0, "container_name")) field = F_CONTAINER;
  else if (equalsBytes(sub0, "docker_id")) field = F_DOCKER_ID;
  else if (equalsBytes(sub0, "restart_count")) field = F_RESTART;
  else if (equalsBytes(sub0, "labels")) field = F_LABEL;
  else if (equalsBytes(sub0, "annotations")) field = F_ANNOTATION;
  else {
    filterFail(sub0Pos, "not in logsieve's kubernetes map (namespace_name, pod_name, pod_id, container_name, docker_id, restart_count, labels, annotations)");
    return -1;
  }
  if (field == F_LABEL || field == F_ANNOTATION) {
    // labels['k'] is a string; labels alone is a map; deeper or indexed never matches
    if (subs != 2 || indexed) return <i32>F_NEVER;
    rule.key = sub1;
    return <i32>field;
  }
  return subs == 1 ? <i32>field : <i32>F_NEVER;
}

function isExact(p: usize, s: usize, e: usize, lit: string): bool {
  if (e - s != <usize>lit.length) return false;
  for (let k: usize = 0; k < e - s; k++) if (at(p, s + k) != <u32>lit.charCodeAt(<i32>k)) return false;
  return true;
}

/** Compiles the pattern [s, e) as Fluent Bit's flb_regex does: `/re/` is re, `/re/opts` with opts from `imox`
 *  (i: case-insensitive, m: dot matches newline, as Ruby's; o ignored; x refused) is re with the options; a
 *  pattern is otherwise literal. Ruby's ^ and $ always match at line breaks: multi-line mode is always on. */
function compilePattern(p: usize, s: usize, e: usize): usize {
  let flags = FLAG_MULTI;
  let rs = s;
  let re = e;
  if (at(p, s) == 0x2f) {
    let last = e - 1;
    while (last > s && at(p, last) != 0x2f) last--;
    let withOptions = false;
    if (last > s && last + 1 < e) {
      let opt = 0;
      let known = true;
      let extended: usize = 0;
      for (let k = last + 1; k < e; k++) {
        const c = at(p, k);
        if (c == 0x69) opt |= FLAG_FOLD;
        else if (c == 0x6d) opt |= FLAG_DOTNL;
        else if (c == 0x78) {
          if (extended == 0) extended = k;
          opt |= 0x100;
        } else if (c != 0x6f) {
          known = false;
          break;
        }
      }
      if (known && opt != 0) {
        if (extended != 0) return filterFail(<i32>extended, "the x (extended) regex option is not supported");
        withOptions = true;
        flags |= opt;
        rs = s + 1;
        re = last;
      }
    }
    if (!withOptions && e - s > 1 && at(p, e - 1) == 0x2f) {
      rs = s + 1;
      re = e - 1;
    }
  }
  const h = regexCompile(p + rs, <i32>(re - rs), flags);
  if (h == 0) return filterFail(<i32>rs + errorPos(), "regex: " + errorMessage());
  return h;
}

function freeRules(rules: Array<Rule>): void {
  for (let k = 0; k < rules.length; k++) if (rules[k].regex != 0) regexFree(rules[k].regex);
}

/** Compiles the rules text; 0 after filterFail. */
export function grepCompile(ptr: usize, len: usize): usize {
  const rules = new Array<Rule>();
  let op: i32 = -1;
  let pos: usize = 0;
  while (pos < len) {
    let lineEnd = pos;
    while (lineEnd < len && at(ptr, lineEnd) != 0x0a) lineEnd++;
    const next = lineEnd + 1;
    let e = lineEnd;
    while (e > pos && (isBlank(at(ptr, e - 1)) || at(ptr, e - 1) == 0x0d)) e--;
    let s = pos;
    while (s < e && isBlank(at(ptr, s))) s++;
    pos = next;
    if (s == e || at(ptr, s) == 0x23) continue; // blank or # comment
    if (at(ptr, s) == 0x5b) {
      if (equalsIgnoreCase(ptr, s, e, "[filter]")) continue;
      freeRules(rules);
      return filterFail(<i32>s, "only a [FILTER] section header may appear");
    }
    let d = s;
    while (d < e && !isBlank(at(ptr, d))) d++;
    let v = d;
    while (v < e && isBlank(at(ptr, v))) v++;
    if (equalsIgnoreCase(ptr, s, d, "name")) {
      if (!equalsIgnoreCase(ptr, v, e, "grep")) {
        freeRules(rules);
        return filterFail(<i32>v, "this is a grep filter: Name must be grep");
      }
      continue;
    }
    if (equalsIgnoreCase(ptr, s, d, "match") || equalsIgnoreCase(ptr, s, d, "match_regex") ||
      equalsIgnoreCase(ptr, s, d, "alias")) continue;
    if (equalsIgnoreCase(ptr, s, d, "logical_op")) {
      if (op >= 0) {
        freeRules(rules);
        return filterFail(<i32>s, "Logical_Op is given twice");
      }
      if (equalsIgnoreCase(ptr, v, e, "legacy")) op = <i32>OP_LEGACY;
      else if (equalsIgnoreCase(ptr, v, e, "and")) op = <i32>OP_AND;
      else if (equalsIgnoreCase(ptr, v, e, "or")) op = <i32>OP_OR;
      else {
        freeRules(rules);
        return filterFail(<i32>v, "Logical_Op must be legacy, and or or");
      }
      continue;
    }
    let type: u32;
    if (equalsIgnoreCase(ptr, s, d, "regex")) type = RULE_REGEX;
    else if (equalsIgnoreCase(ptr, s, d, "exclude")) type = RULE_EXCLUDE;
    else {
      freeRules(rules);
      return filterFail(<i32>s, "unknown directive: expected Regex, Exclude or Logical_Op");
    }
    // KEY and PATTERN are split at the first space only (Fluent Bit's flb_utils_split): more spaces belong to
    // the pattern, and a tab does not separate
    let sp = v;
    while (sp < e && at(ptr, sp) != 0x20) sp++;
    if (v == e || sp >= e) {
      freeRules(rules);
      return filterFail(<i32>e, "expected KEY PATTERN (separated by a space)");
    }
    const rule = new Rule();
    rule.type = type;
    rule.pos = <i32>s;
    const field = parseAccessor(ptr, v, sp, rule);
    if (field < 0) {
      freeRules(rules);
      return 0;
    }
    rule.field = <u32>field;
    rule.regex = compilePattern(ptr, sp + 1, e);
    if (rule.regex == 0) {
      freeRules(rules);
      return 0;
    }
    rules.push(rule);
  }
  if (op < 0) op = <i32>OP_LEGACY;
  if (op != <i32>OP_LEGACY) {
    for (let k = 1; k < rules.length; k++) {
      if (rules[k].type != rules[0].type) {
        const rulePos = rules[k].pos;
        freeRules(rules);
        return filterFail(rulePos, "Regex and Exclude cannot be mixed with Logical_Op and / or");
      }
    }
  }
  // the block
  let keyBytes: usize = 0;
  for (let k = 0; k < rules.length; k++) keyBytes += <usize>rules[k].key.length;
  const count = <usize>rules.length;
  const prog = heap.alloc(HEAD + count * RULE + keyBytes);
  store<u32>(prog, <u32>count);
  store<u32>(prog, <u32>op, 4);
  store<u32>(prog, 0, 8);
  store<u32>(prog, 0, 12);
  let o = HEAD + count * RULE;
  let needsLine: u32 = 0;
  for (let k = 0; k < rules.length; k++) {
    const r = rules[k];
    const e = prog + HEAD + <usize>k * RULE;
    store<u32>(e, r.type);
    store<u32>(e, r.field, 4);
    store<u32>(e, <u32>o, 8);
    store<u32>(e, <u32>r.key.length, 12);
    store<u32>(e, <u32>r.regex, 16);
    store<u32>(e, 0, 20);
    for (let j = 0; j < r.key.length; j++) store<u8>(prog + o + <usize>j, r.key[j]);
    o += <usize>r.key.length;
    if (r.field == F_LOG) needsLine = 1;
  }
  store<u32>(prog, needsLine, 8);
  if (DEBUG) assert(o == HEAD + count * RULE + keyBytes);
  filterOk();
  return prog;
}

export function grepFree(prog: usize): void {
  if (prog == 0) return;
  const count = <usize>load<u32>(prog);
  for (let k: usize = 0; k < count; k++) regexFree(<usize>load<u32>(prog + HEAD + k * RULE, 16));
  heap.free(prog);
}

/** Does any rule read the line (`log`)? When not, the result depends only on the source's KubeMeta, the stream
 *  and the level, and a caller may cache it per source × stream × level. */
export function grepNeedsLine(prog: usize): bool {
  if (DEBUG) assert(prog != 0);
  return load<u32>(prog, 8) != 0;
}

/** Does any rule read `level`? When not, the result never depends on the record's level. */
export function grepUsesLevel(prog: usize): bool {
  const count = <usize>load<u32>(prog);
  for (let k: usize = 0; k < count; k++) if (load<u32>(prog + HEAD + k * RULE, 4) == F_LEVEL) return true;
  return false;
}

// ---------------------------------------------------------------- match

let valuePtr: usize = 0;
let valueLen: usize = 0;

/** Sets valuePtr/valueLen to the rule's string value; false when the key is missing or not a string. */
function ruleValue(prog: usize, rule: usize, kube: usize, stream: u8, level: u8, logPtr: usize, logLen: usize): bool {
  const field = load<u32>(rule, 4);
  switch (field) {
    case F_LOG:
      valuePtr = logPtr;
      valueLen = logLen;
      return true;
    case F_STREAM:
      if (stream == STREAM_STDOUT) valuePtr = STDOUT;
      else if (stream == STREAM_STDERR) valuePtr = STDERR;
      else return false;
      valueLen = 6;
      return true;
    case F_LEVEL:
      if (level == LEVEL_NONE || level >= LEVEL_COUNT) return false;
      valuePtr = levelNamePtr(level);
      valueLen = levelNameLen(level);
      return true;
    case F_NEVER:
      return false;
  }
  if (kube == 0) return false;
  const m = changetype<KubeMeta>(kube);
  switch (field) {
    case F_NAMESPACE: valuePtr = m.namespacePtr; valueLen = m.namespaceLen; break;
    case F_POD: valuePtr = m.podPtr; valueLen = m.podLen; break;
    case F_POD_ID: valuePtr = m.podIdPtr; valueLen = m.podIdLen; break;
    case F_CONTAINER: valuePtr = m.containerPtr; valueLen = m.containerLen; break;
    case F_DOCKER_ID: valuePtr = m.dockerIdPtr; valueLen = m.dockerIdLen; break;
    case F_RESTART: {
      let r = m.restart;
      if (r < 0) return false;
      let o = DIGITS + 16;
      do {
        o--;
        store<u8>(o, <u8>(0x30 + r % 10));
        r /= 10;
      } while (r != 0);
      valuePtr = o;
      valueLen = DIGITS + 16 - o;
      return true;
    }
    default: {
      const set = field == F_LABEL ? m.labels : m.annotations;
      const i = labelFind(set, prog + <usize>load<u32>(rule, 8), <usize>load<u32>(rule, 12));
      if (i < 0) return false;
      valuePtr = labelValuePtr(set, <u32>i);
      valueLen = labelValueLen(set, <u32>i);
      return true;
    }
  }
  return valuePtr != 0; // (0, 0) is absent
}

// @ts-ignore: decorator
@inline function ruleMatches(prog: usize, rule: usize, kube: usize, stream: u8, level: u8, logPtr: usize, logLen: usize): bool {
  return ruleValue(prog, rule, kube, stream, level, logPtr, logLen) &&
    regexTest(<usize>load<u32>(rule, 16), valuePtr, valueLen);
}

/** Is the record kept? kube: a KubeMeta or 0 (no kubernetes map: every kubernetes key is missing). */
export function grepMatch(prog: usize, kube: usize, stream: u8, level: u8, logPtr: usize, logLen: usize): bool {
  if (DEBUG) assert(prog != 0);
  const count = <usize>load<u32>(prog);
  const op = load<u32>(prog, 4);
  if (count == 0) return true;
  if (op == OP_LEGACY) {
    // Fluent Bit's grep_filter_data: a matching Regex keeps at once, a failing Regex or a matching Exclude drops
    for (let k: usize = 0; k < count; k++) {
      const rule = prog + HEAD + k * RULE;
      const matched = ruleMatches(prog, rule, kube, stream, level, logPtr, logLen);
      if (load<u32>(rule) == RULE_REGEX) return matched;
      if (matched) return false;
    }
    return true;
  }
  // and / or: every rule has the same type (checked at compile time)
  const exclude = load<u32>(prog + HEAD) == RULE_EXCLUDE;
  let all = true;
  let any = false;
  for (let k: usize = 0; k < count; k++) {
    const matched = ruleMatches(prog, prog + HEAD + k * RULE, kube, stream, level, logPtr, logLen);
    if (matched) any = true;
    else all = false;
    if (op == OP_OR ? any : !all) break; // Fluent Bit stops at the first deciding rule too
  }
  const found = op == OP_OR ? any : all;
  return exclude ? !found : found;
}
