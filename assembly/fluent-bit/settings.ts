// The module's settings: the library's and the CLI's options under the same names (README "Fluent Bit"),
// plus four of its own (tagPrefix, tagIdleMs, maxTags, tagMetadata), read from logsieve.json. Reading only checks and
// stores; filter-entry.ts applies them to the engine. Start-up only.
//
//   { "format": "auto", "multiline": "all" | "none" | ["java", …] | { "detectors": …, "maxLines": 1000,
//     "maxBytes": …, "idleMs": 3000, "maxAgeMs": 30000, "leadLine": true,
//     "rules": { "start": "…", "continue": "…", "end": "…" } },
//     "levels": true, "selector": "…", "query": "…", "grep": "…" | { "rules": [{ "type", "key", "pattern" }],
//     "logicalOp": "legacy" }, "maxRecordBytes": …, "maxLineBytes": …, "maxHeldBytes": …,
//     "tagPrefix": "kube.", "tagIdleMs": 300000, "maxTags": 4096, "tagMetadata": true }

import {
  fail, failed, here, more, offset, opens, peek, readBool, readKey, readNumber, readString, readText, stringLen,
  stringOffset,
} from "./config-json";
import {
  MAX_HELD_BYTES_LIMIT, MAX_LINE_BYTES_LIMIT, MAX_RECORD_BYTES_LIMIT, limit,
} from "../common/config";

/** A string setting: decoded bytes (heap block, 0 when not set), their length, and where the value was. */
@unmanaged
export class Text {
  ptr: usize = 0;
  len: usize = 0;
  offset: usize = 0;
}

export let format: u8 = 0;
export let languages: u32 = 0;
export let maxLines: u32 = 1000;
export let maxBytes: u32 = 0; // 0: maxRecordBytes
export let idleMs: f64 = 3000;
export let maxAgeMs: f64 = 30000;
export let leadLine: bool = true;
export const ruleStart = new Text();
export const ruleContinue = new Text();
export const ruleEnd = new Text();
export let levels: bool = true;
export const selector = new Text();
export const query = new Text();
export const grep = new Text();
export let maxRecordBytes: u32 = 1 << 20;
export let maxLineBytes: u32 = 0; // 0: maxRecordBytes + 64 KiB
export let maxHeldBytes: u32 = 0; // 0: the engine's default
export const tagPrefix = new Text();
export let tagIdleMs: f64 = 300000;
/** Records get `file` and the `kubernetes` map from the tag's path (false: nothing from the path; a map the
 *  record itself brings is kept either way). */
export let tagMetadata: bool = true;
export let maxTags: u32 = 4096;

const DETECTOR_NAMES: string[] = ["java", "js", "csharp", "python", "go", "ruby", "php", "dart"];

function setText(t: Text, what: string): void {
  const p = readString(what);
  if (p == 0) return;
  if (t.ptr != 0) heap.free(t.ptr);
  t.ptr = p;
  t.len = stringLen;
  t.offset = stringOffset;
}

function integer(what: string, least: f64, most: f64): u32 {
  const off = here();
  const v = readNumber(what);
  if (failed) return 0;
  if (v != Math.floor(v) || v < least || v > most) {
    fail(off, what + " must be an integer from " + (<u64>least).toString() + " to " + (<u64>most).toString());
    return 0;
  }
  return <u32>v;
}

function millis(what: string): f64 {
  const off = here();
  const v = readNumber(what);
  if (failed) return 0;
  if (v < 0 || v > 1e12) {
    fail(off, what + " must be a number of ms from 0 to 1e12");
    return 0;
  }
  return v;
}

function detectorBit(name: string, off: usize): u32 {
  for (let i = 0; i < DETECTOR_NAMES.length; i++) if (DETECTOR_NAMES[i] == name) return 1 << i;
  fail(off, "unknown detector \"" + name + "\" (java, js, csharp, python, go, ruby, php, dart, all or none)");
  return 0;
}

/** "all", "none", one detector's name, or a list of names. */
function detectors(what: string): u32 {
  if (peek() == 0x5b) {
    let bits: u32 = 0;
    if (!opens(0x5b, "'['")) return 0;
    do {
      const off = here();
      const name = readText(what + " entry");
      if (failed) return 0;
      bits |= detectorBit(name, off);
    } while (more(0x5d));
    return bits;
  }
  const off = here();
  const name = readText(what + " (all, none or a list of detectors)");
  if (failed) return 0;
  if (name == "all") return 0xff;
  if (name == "none") return 0;
  return detectorBit(name, off);
}

function rules(): void {
  if (!opens(0x7b, "'{' (multiline.rules is an object)")) return;
  do {
    const off = here();
    const key = readKey();
    if (failed) return;
    if (key == "start") setText(ruleStart, "multiline.rules.start");
    else if (key == "continue") setText(ruleContinue, "multiline.rules.continue");
    else if (key == "end") setText(ruleEnd, "multiline.rules.end");
    else fail(off, "unknown option multiline.rules." + key + " (start, continue, end)");
  } while (more(0x7d));
  if (!failed && ruleStart.ptr == 0 && (ruleContinue.ptr != 0 || ruleEnd.ptr != 0)) {
    fail(offset(), "multiline.rules needs a start pattern");
  }
}

function multiline(): void {
  const c = peek();
  if (c != 0x7b) {
    languages = detectors("multiline");
    return;
  }
  if (!opens(0x7b, "'{'")) return;
  do {
    const off = here();
    const key = readKey();
    if (failed) return;
    if (key == "detectors") languages = detectors("multiline.detectors");
    else if (key == "maxLines") maxLines = integer("multiline.maxLines", 1, 2147483647);
    else if (key == "maxBytes") maxBytes = integer("multiline.maxBytes", 1, 2147483647);
    else if (key == "idleMs") idleMs = millis("multiline.idleMs");
    else if (key == "maxAgeMs") maxAgeMs = millis("multiline.maxAgeMs");
    else if (key == "leadLine") leadLine = readBool("multiline.leadLine") == 1;
    else if (key == "rules") rules();
    else {
      fail(off, "unknown option multiline." + key +
        " (detectors, maxLines, maxBytes, idleMs, maxAgeMs, leadLine, rules)");
    }
  } while (more(0x7d));
}

// grep rules given as objects become the text form (one rule per line), as the library's grepText does
let grepBuild: string = "";

function grepRule(i: i32): void {
  const start = here();
  let type: string = "", key: string = "", pattern: string = "";
  let hasType = false, hasKey = false, hasPattern = false;
  if (opens(0x7b, "'{' (a grep rule is { type, key, pattern })")) {
    do {
      const off = here();
      const k = readKey();
      if (failed) return;
      const v = readText("grep.rules[" + i.toString() + "]." + k);
      if (failed) return;
      if (k == "type") { type = v; hasType = true; }
      else if (k == "key") { key = v; hasKey = true; }
      else if (k == "pattern") { pattern = v; hasPattern = true; }
      else fail(off, "unknown option grep.rules[" + i.toString() + "]." + k + " (type, key, pattern)");
    } while (more(0x7d));
  }
  if (failed) return;
  if (!hasType || !hasKey || !hasPattern || (type != "regex" && type != "exclude")) {
    fail(start, "grep rule " + i.toString() + " needs type 'regex' or 'exclude', a key and a pattern");
    return;
  }
  if (key.includes(" ") || key.includes("\t")) fail(start, "grep rule " + i.toString() + ": a key has no spaces");
  if (pattern.includes("\n") || pattern.includes("\r")) fail(start, "grep rule " + i.toString() + ": a pattern is one line");
  if (grepBuild.length != 0) grepBuild += "\n";
  grepBuild += (type == "regex" ? "Regex " : "Exclude ") + key + " " + pattern;
}

function grepObject(): void {
  const start = here();
  grepBuild = "";
  let op: string = "";
  let hasRules = false;
  if (opens(0x7b, "'{'")) {
    do {
      const off = here();
      const key = readKey();
      if (failed) return;
      if (key == "rules") {
        hasRules = true;
        let i = 0;
        if (opens(0x5b, "'[' (grep.rules is a list)")) do grepRule(i++); while (more(0x5d));
      } else if (key == "logicalOp") {
        op = readText("grep.logicalOp");
      } else {
        fail(off, "unknown option grep." + key + " (rules, logicalOp)");
      }
    } while (more(0x7d));
  }
  if (failed) return;
  if (!hasRules) {
    fail(start, "grep is rules text or { rules: [{ type, key, pattern }], logicalOp }");
    return;
  }
  if (op.length != 0) grepBuild += (grepBuild.length != 0 ? "\n" : "") + "Logical_Op " + op;
  const bytes = String.UTF8.encode(grepBuild);
  const n = <usize>bytes.byteLength;
  const p = heap.alloc(n + 1);
  memory.copy(p, changetype<usize>(bytes), n);
  if (grep.ptr != 0) heap.free(grep.ptr);
  grep.ptr = p;
  grep.len = n;
  grep.offset = start;
}

/** Reads the settings object at the cursor (config-json.ts); on an error, `failed` is set with its place. */
export function readSettings(): void {
  if (!opens(0x7b, "'{' (logsieve.json is one JSON object)")) return;
  do {
    const off = here();
    const key = readKey();
    if (failed) return;
    if (key == "format") {
      const f = readText("format");
      if (failed) return;
      if (f == "auto") format = 0;
      else if (f == "cri") format = 1;
      else if (f == "docker") format = 2;
      else fail(off, "unknown format \"" + f + "\" (cri, docker or auto)");
    } else if (key == "multiline") multiline();
    else if (key == "levels") levels = readBool("levels") == 1;
    else if (key == "selector") setText(selector, "selector");
    else if (key == "query") setText(query, "query");
    else if (key == "grep") {
      if (peek() == 0x7b) grepObject();
      else setText(grep, "grep");
    } else if (key == "maxRecordBytes") maxRecordBytes = integer("maxRecordBytes", 1, <f64>MAX_RECORD_BYTES_LIMIT);
    else if (key == "maxLineBytes") maxLineBytes = integer("maxLineBytes", 1, <f64>MAX_LINE_BYTES_LIMIT);
    else if (key == "maxHeldBytes") maxHeldBytes = integer("maxHeldBytes", 1, <f64>MAX_HELD_BYTES_LIMIT);
    else if (key == "tagPrefix") setText(tagPrefix, "tagPrefix");
    else if (key == "tagIdleMs") tagIdleMs = millis("tagIdleMs");
    else if (key == "maxTags") maxTags = integer("maxTags", 1, 65536);
    else if (key == "tagMetadata") tagMetadata = readBool("tagMetadata") == 1;
    else {
      fail(off, "unknown option \"" + key + "\" (format, multiline, levels, selector, query, grep, maxRecordBytes, " +
        "maxLineBytes, maxHeldBytes, tagPrefix, tagIdleMs, maxTags, tagMetadata)");
    }
  } while (more(0x7d));
}

/** The limits with their defaults filled in. */
export function lineBytes(): u32 {
  return maxLineBytes != 0 ? maxLineBytes : <u32>min<u64>(<u64>maxRecordBytes + (64 << 10), <u64>MAX_LINE_BYTES_LIMIT);
}

export function heldBytes(): u32 {
  return maxHeldBytes != 0 ? maxHeldBytes : limit(4);
}

export function groupBytes(): u32 {
  return maxBytes != 0 ? maxBytes : maxRecordBytes;
}
