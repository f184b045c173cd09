// The host ABI of the logsieve engine: batch calls over raw memory (ARCHITECTURE.md, "The batch ABI").
// Nothing here is called per line.

import { syncCounters } from "./engine/counters";
import { rowCount, tablePtr } from "./emit/table";
import { outPtr } from "./emit/ndjson";

export { configure, inputReserve, openSource, begin, next, remaining, flush, close } from "./engine/engine";
export { encodeNdjson } from "./emit/ndjson";
export { limit } from "./engine/config";

export function tableAddress(): usize {
  return tablePtr;
}

export function rows(): i32 {
  return rowCount;
}

export function outAddress(): usize {
  return outPtr;
}

/** The counters array (synced from the engine's globals first). */
export function countersAddress(): usize {
  return syncCounters();
}

export * from "./regex/exports";
export * from "./group/detect/exports";
