// The host ABI of the logsieve engine: batch calls over raw memory (ARCHITECTURE.md, "The batch ABI").
// Nothing here is called per line.

import { syncCounters } from "./common/counters";
import { tablePtr } from "./emit/table";
import { outPtr } from "./emit/ndjson";

export { configure, configureGroup, configureGroupRules, configureLevels, openSource, begin, next, remaining, flush, close, setStepRows } from "./engine/engine";
export { inputReserve } from "./engine/window";
export { finish } from "./engine/engine";
export { sourceConsumed, sourceDoneThrough, resume } from "./engine/offsets";
export { encodePayload, payloadHeader, payloadAddress } from "./engine/payload";
export { payloadGroupCount, payloadGroupsAddress } from "./emit/payload/out";
export {
  storeAppend, storeSelect, storeEncode, storeClear, storeLength, storeRowAddress, storeSelectedAddress,
  storeHistogramAddress, storeBySourceAddress, storeBySourceSources, storeDropped, storeMinTime, storeMaxTime, storeBytes,
} from "./engine/store";
export {
  setPod, removePod, clearPods, setSourceMeta, compileFilter, installFilter, freeFilter, kubeAddress, kubeLength,
} from "./engine/metadata";
export { encodeNdjson, encodeNdjsonAppend } from "./emit/ndjson";
export { recordLevel } from "./enrich/record-level";
export { limit } from "./common/config";

export function tableAddress(): usize {
  return tablePtr;
}

export function outAddress(): usize {
  return outPtr;
}

/** The counters array (synced from the engine's globals first). */
export function countersAddress(): usize {
  return syncCounters();
}

export * from "./common/abi";
export * from "./regex/exports";
export * from "./group/detect/exports";
export { filter_error_pos, filter_error_message_ptr, filter_error_message_len } from "./select/error";
export * from "./enrich/exports";
export * from "./select/selector/exports";
export * from "./select/logql/exports";
export * from "./select/grep/exports";
