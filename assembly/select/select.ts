// The select stage: the engine's filters, compiled once (label selector, LogQL query, Fluent Bit grep
// rules; each optional), applied to every record after group and enrich. A record passes when every filter
// that is set keeps it.
//
// Per record the work is: one cached verdict (select/state.ts) for everything that depends only on the
// source, its stream and the record's level — the selector over the pod's labels, the LogQL stream selector,
// grep rules that read no line — then, only when the query has a pipeline or grep reads `log`, the line
// filters over the record's bytes.
//
// Contract of selectRecord: reads the record's bytes [p, p+n) and the source's resolved metadata (kube, valid
// for this call: the engine resolves a stale source first); returns SELECT_KEEP or the V_DROP_* kind; sets
// `queryError` when LogQL kept the line with an error (Loki's `__error__`: the row's byte 38, NDJSON
// `"__error__"`). Never allocates.

import { KubeMeta } from "../enrich/kube";
import { SelectState, V_DROP_GREP, V_DROP_QUERY, V_DROP_SELECTOR, V_GREP_DROPS, V_PASS, V_UNKNOWN } from "./state";
import { selectorMatch } from "./selector/match";
import { freeProgram as selectorFree } from "./selector/program";
import { logqlHasPipeline, logqlIsLinesOnly, logqlLineMatch, logqlLinesOnly, logqlStreamMatch, logqlUsesLevel } from "./logql/match";
import { logqlFree } from "./logql/compile";
import { grepFree, grepMatch, grepNeedsLine, grepUsesLevel } from "./grep/grep";

export const SELECT_KEEP: u8 = 0;

let selectorProg: usize = 0;
let queryProg: usize = 0;
let grepProg: usize = 0;
let queryLines = false; // the query has line filters, parsers or label filters
let queryLinesOnly = false; // ... and they are all line filters (logqlLinesOnly)
let grepLines = false;  // some grep rule reads the record's log
let queryLevel = false; // the query reads the `level` label
let grepLevel = false;  // some grep rule reads `level`
/** Generation of the filter set: bumped on every change, so every source's cached verdicts go stale. */
let generation: u32 = 1;

/** True when any filter is set (the sink skips this stage otherwise). */
export let selectOn = false;
/** True when a filter reads the record's level: only then does the sink detect it before select (otherwise
 *  the level is detected when the record is encoded or read, enrich/record-level.ts). */
export let selectNeedsLevel = false;
/** Set by selectRecord for a kept record: the LogQL pipeline's error (Loki's `__error__`), QUERY_ERROR_*. */
export let queryError: u8 = 0;
export const QUERY_ERROR_NONE: u8 = 0;
/** a label filter met a value it could not parse as its type */
export const QUERY_ERROR_LABEL_FILTER: u8 = 1;
/** `| json` on a line that is not a JSON object */
export const QUERY_ERROR_JSON_PARSER: u8 = 2;

export const FILTER_SELECTOR: i32 = 0;
export const FILTER_QUERY: i32 = 1;
export const FILTER_GREP: i32 = 2;

/** Frees a compiled program of one kind. */
export function freeProgram(kind: i32, prog: usize): void {
  if (kind == FILTER_SELECTOR) selectorFree(prog);
  else if (kind == FILTER_QUERY) logqlFree(prog);
  else grepFree(prog);
}

/** Installs a compiled program of one kind (0 = none), freeing the one it replaces. */
export function setFilter(kind: i32, prog: usize): void {
  if (kind == FILTER_SELECTOR) {
    if (selectorProg != 0 && selectorProg != prog) freeProgram(kind, selectorProg);
    selectorProg = prog;
  } else if (kind == FILTER_QUERY) {
    if (queryProg != 0 && queryProg != prog) freeProgram(kind, queryProg);
    queryProg = prog;
    queryLines = prog != 0 && logqlHasPipeline(prog);
    queryLinesOnly = queryLines && logqlIsLinesOnly(prog);
    queryLevel = prog != 0 && logqlUsesLevel(prog);
  } else {
    if (grepProg != 0 && grepProg != prog) freeProgram(kind, grepProg);
    grepProg = prog;
    grepLines = prog != 0 && grepNeedsLine(prog);
    grepLevel = prog != 0 && grepUsesLevel(prog);
  }
  selectOn = selectorProg != 0 || queryProg != 0 || grepProg != 0;
  selectNeedsLevel = queryLevel || grepLevel;
  generation++;
}

/**
 * The source-level verdict for (stream, level): V_DROP_SELECTOR or V_DROP_QUERY when one drops every such
 * record, else V_PASS — with V_GREP_DROPS set when grep rules that read no line drop them (kept apart so a
 * record is counted against the first filter that drops it in the order selector, query, grep, as if the
 * three ran one after the other).
 */
function sourceVerdict(kube: KubeMeta, stream: u8, level: u8): u8 {
  if (selectorProg != 0 && !selectorMatch(selectorProg, kube.labels)) return V_DROP_SELECTOR;
  if (queryProg != 0 && !logqlStreamMatch(queryProg, changetype<usize>(kube), stream, level)) return V_DROP_QUERY;
  if (grepProg != 0 && !grepLines && !grepMatch(grepProg, changetype<usize>(kube), stream, level, 0, 0)) return V_PASS | V_GREP_DROPS;
  return V_PASS;
}

// @ts-ignore: decorator
@inline export function selectRecord(st: SelectState, kube: KubeMeta, stream: u8, level: u8, p: usize, n: usize): u8 {
  queryError = QUERY_ERROR_NONE;
  if (st.at != generation) {
    st.reset();
    st.at = generation;
  }
  let v = st.verdict(stream, level);
  if (v == V_UNKNOWN) {
    v = sourceVerdict(kube, stream, level);
    st.setVerdict(stream, level, v);
  }
  if ((v & ~V_GREP_DROPS) != V_PASS) return v;
  if (queryLinesOnly) {
    if (logqlLinesOnly(queryProg, p, n) == 0) return V_DROP_QUERY;
  } else if (queryLines) {
    const r = logqlLineMatch(queryProg, changetype<usize>(kube), stream, level, p, n);
    if ((r & 1) == 0) return V_DROP_QUERY;
    if (r & 2) queryError = (r & 4) != 0 ? QUERY_ERROR_JSON_PARSER : QUERY_ERROR_LABEL_FILTER;
  }
  if ((v & V_GREP_DROPS) != 0) return V_DROP_GREP;
  if (grepLines && !grepMatch(grepProg, changetype<usize>(kube), stream, level, p, n)) return V_DROP_GREP;
  return SELECT_KEEP;
}
