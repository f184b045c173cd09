// Oracle of the attrs repair (ARCHITECTURE.md "Record semantics", Docker `attrs`): a JSON value the Docker rules
// accepted may hold raw control bytes and invalid UTF-8 inside strings; the record keeps it with those made
// valid JSON text. Done the obvious way: walk the value, track whether we are inside a string, and rewrite each
// run of plain string bytes through a non-fatal TextDecoder and JSON.stringify.

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const encoder = new TextEncoder();

/** The value as valid JSON text: raw string bytes re-escaped as JSON.stringify writes them, U+FFFD for bad UTF-8. */
export function repairJsonText(value: Uint8Array): Uint8Array {
  const out: number[] = [];
  let inString = false;
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (!inString) {
      out.push(c);
      if (c === 0x22) inString = true;
      i++;
    } else if (c === 0x22) {
      out.push(c);
      inString = false;
      i++;
    } else if (c === 0x5c) {
      out.push(c, value[i + 1]);
      i += 2;
    } else {
      let j = i;
      while (j < value.length && value[j] !== 0x22 && value[j] !== 0x5c) j++;
      const text = decoder.decode(value.subarray(i, j));
      // JSON.stringify escapes exactly what must be escaped; there is no quote or backslash in the run
      for (const b of encoder.encode(JSON.stringify(text).slice(1, -1))) out.push(b);
      i = j;
    }
  }
  return Uint8Array.from(out);
}
