// Bytes in and out of the engine: what the push methods accept, and joining output parts.

const textEncoder = new TextEncoder();

/** What the push methods take: bytes, or a string (encoded as UTF-8). */
export type PushInput = Uint8Array | string;

/** @internal */
export function toBytes(input: PushInput, method: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (typeof input === 'string') return textEncoder.encode(input);
  throw new TypeError(`logsieve: ${method}() takes a Uint8Array (or Buffer) or a string, not ${describeValue(input)}`);
}

/** @internal */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return (v as object).constructor?.name ?? 'an object';
}

/** @internal Joins NDJSON parts (a Buffer in Node). */
export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  if (parts.length > 0 && typeof Buffer !== 'undefined' && Buffer.isBuffer(parts[0])) return Buffer.concat(parts);
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
