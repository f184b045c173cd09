// NDJSON rendering of oracle records (ARCHITECTURE.md "NDJSON schema"), done the obvious way with JSON.stringify.
//
// AMBIGUITY RESOLVED: bytes are decoded with a non-fatal UTF-8 TextDecoder with `ignoreBOM: true`, so a leading
// U+FEFF in a log is kept (the default TextDecoder would silently drop it, which the engine has no reason to do).
// Invalid UTF-8 becomes U+FFFD, one per maximal invalid subpart (WHATWG decoder behaviour).
// `attrs` is inserted as its bytes, which the records already hold as valid JSON text (records.ts R12).

import type { OracleRecord } from './records.ts';
import { formatTime } from './time.ts';

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function utf8Text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** One NDJSON line per record, each ending in `\n`. */
export function oracleNdjson(records: OracleRecord[], path?: string): string {
  let out = '';
  for (const r of records) {
    out += `{"time":${JSON.stringify(formatTime(r.time))},"stream":${JSON.stringify(r.stream)},"log":${JSON.stringify(utf8Text(r.log))}`;
    if (r.attrs !== undefined) out += `,"attrs":${utf8Text(r.attrs)}`;
    if (r.truncated) out += ',"truncated":true';
    if (r.partial) out += ',"partial":true';
    if (r.error !== undefined) out += `,"error":${JSON.stringify(r.error)}`;
    if (path !== undefined) out += `,"file":${JSON.stringify(path)}`;
    out += '}\n';
  }
  return out;
}
