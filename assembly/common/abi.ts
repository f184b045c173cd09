// The engine describes its own ABI constants, so that the host's copies (bindings/core/abi.ts) are checked
// against the one definition (test/common/abi.test.ts) instead of trusted. Not called on any hot path; a
// host may also use them to verify a module before use.

import { ERR_COUNT, reasonNameLen, reasonNamePtr } from "./reasons";
import { COUNTER_NAMES, C_COUNT, C_ERROR_BASE } from "./counters";
import {
  FLAG_ERROR, FLAG_PARTIAL, FLAG_TRUNCATED, FORMAT_AUTO, FORMAT_CRI, FORMAT_DOCKER, STREAM_STDERR, STREAM_STDOUT,
  STREAM_UNKNOWN,
} from "./record";
import { ROW_SIZE } from "../emit/table";
import { DET_COUNT, detectorNameLen, detectorNamePtr } from "./detectors";
import { LEVEL_COUNT, LEVEL_LAZY, levelNameLen, levelNamePtr } from "./levels";
import { PAYLOAD_KIND_NAMES } from "../emit/payload/kinds";

/** A row's level byte when the level was not detected yet (the reader calls recordLevel). */
export function abi_level_lazy(): u32 {
  return LEVEL_LAZY;
}

/** Number of level codes in a row's `level` byte (code 0 = none detected). */
export function abi_level_count(): u32 {
  return LEVEL_COUNT;
}

export function abi_level_name_ptr(code: u32): usize {
  return levelNameLen(code) == 0 ? 0 : levelNamePtr(code);
}

export function abi_level_name_len(code: u32): usize {
  return levelNameLen(code);
}

/** Number of detector codes in a row's `detector` byte (code 0 = not grouped). */
export function abi_detector_count(): u32 {
  return DET_COUNT;
}

export function abi_detector_name_ptr(code: u32): usize {
  return detectorNameLen(code) == 0 ? 0 : detectorNamePtr(code);
}

export function abi_detector_name_len(code: u32): usize {
  return detectorNameLen(code);
}

/** Number of error reason codes (code 0 = none). */
export function abi_reason_count(): u32 {
  return ERR_COUNT;
}

export function abi_reason_name_ptr(code: u32): usize {
  return reasonNameLen(code) == 0 ? 0 : reasonNamePtr(code);
}

export function abi_reason_name_len(code: u32): usize {
  return reasonNameLen(code);
}

export function abi_counter_count(): u32 {
  return C_COUNT;
}

export function abi_counter_error_base(): u32 {
  return C_ERROR_BASE;
}

const counterNames = String.UTF8.encode(COUNTER_NAMES);

/** The counter names, comma-separated UTF-8 at abi_counter_names_ptr(), abi_counter_names_len() bytes. */
export function abi_counter_names_ptr(): usize {
  return changetype<usize>(counterNames);
}

export function abi_counter_names_len(): usize {
  return <usize>counterNames.byteLength;
}

const payloadKinds = String.UTF8.encode(PAYLOAD_KIND_NAMES);

/** The payload kinds' names, comma-separated UTF-8 in code order (emit/payload/kinds.ts). */
export function abi_payload_kinds_ptr(): usize {
  return changetype<usize>(payloadKinds);
}

export function abi_payload_kinds_len(): usize {
  return <usize>payloadKinds.byteLength;
}

/** Row size, flags, streams and formats by index: 0 row size, 1..3 flags truncated/error/partial,
 *  4..6 streams stdout/stderr/unknown, 7..9 formats auto/cri/docker. */
export function abi_constant(i: u32): u32 {
  switch (i) {
    case 0: return <u32>ROW_SIZE;
    case 1: return FLAG_TRUNCATED;
    case 2: return FLAG_ERROR;
    case 3: return FLAG_PARTIAL;
    case 4: return STREAM_STDOUT;
    case 5: return STREAM_STDERR;
    case 6: return STREAM_UNKNOWN;
    case 7: return FORMAT_AUTO;
    case 8: return FORMAT_CRI;
    case 9: return FORMAT_DOCKER;
  }
  return <u32>-1;
}
