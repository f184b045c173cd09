// Host exports of the Fluent Bit grep rules (grep.ts, docs/grep.md). Every name is prefixed grep_. The rules text
// is staged with regex_alloc; a failed compile returns 0 and the error is read with filter_error_pos /
// filter_error_message_* (select/error.ts). grep_match is for tests and tools: the record path calls grepMatch.

import { grepCompile, grepFree, grepMatch, grepNeedsLine } from "./grep";

export function grep_compile(ptr: usize, len: usize): usize {
  return grepCompile(ptr, len);
}

export function grep_free(prog: usize): void {
  grepFree(prog);
}

/** 0 for the handle 0 (a failed compile). */
export function grep_needs_line(prog: usize): u32 {
  return prog != 0 && grepNeedsLine(prog) ? 1 : 0;
}

/** 1 when the record is kept. kube: a KubeMeta (enrich_kube_new) or 0; stream: STREAM_*; level: LEVEL_*. */
export function grep_match(prog: usize, kube: usize, stream: u32, level: u32, logPtr: usize, logLen: usize): u32 {
  if (prog == 0) return 1; // no program keeps everything
  return grepMatch(prog, kube, <u8>stream, <u8>level, logPtr, logLen) ? 1 : 0;
}
