// A record's level, as every reader of it computes it: the sink when a filter reads levels, the NDJSON encoder
// and the host's `record.level` otherwise (a row then says LEVEL_LAZY). Detecting lazily keeps the cost off
// the paths that never show a level (the record table, counting): measured in README "Performance".
//
// Contract: reads the record's bytes [p, p + n) (enrich/level.ts reads at most its first LOOK bytes); error
// records (stream unknown) have no level; a record grouped by an exception detector with no level of its own
// is `error` (a user rule's group is not: it may be anything).

import { DET_CUSTOM, DET_NONE } from "../common/detectors";
import { LEVEL_ERROR, LEVEL_NONE } from "../common/levels";
import { STREAM_UNKNOWN } from "../common/record";
import { detectLevel, levelLayers, QUICK_MIN } from "./level";

/** recordLevel inlined (the NDJSON encoder: the memo and the digit test cost no call; quickLevel, the rules,
 *  short records and grouped records go out of line). */
// @ts-ignore: decorator
@inline export function recordLevelInline(p: usize, n: usize, stream: u8, detector: u8): u8 {
  if (stream < STREAM_UNKNOWN && n >= QUICK_MIN && detector == DET_NONE) return levelLayers(p, n);
  return recordLevel(p, n, stream, detector);
}

export function recordLevel(p: usize, n: usize, stream: u8, detector: u8): u8 {
  if (stream >= STREAM_UNKNOWN) return LEVEL_NONE;
  const level = detectLevel(p, n);
  if (level == LEVEL_NONE && detector != DET_NONE && detector != DET_CUSTOM) return LEVEL_ERROR;
  return level;
}
