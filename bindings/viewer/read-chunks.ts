// One input (a File/Blob from the page, or a URL served by `logsieve view`) → its bytes in chunks of about
// 1 MiB, never the whole file at once. `.gz` goes through the browser's DecompressionStream. `onRead` counts
// the bytes as stored (compressed for .gz), which is what the progress bar's total is made of.

import type { InputFile } from './protocol.ts';

export const CHUNK_BYTES = 1 << 20;

export function isGzip(name: string): boolean {
  return /\.gz$/i.test(name);
}

// A File is read as a stream (Blob.stream()), not in slice().arrayBuffer() pieces: in Chromium each slice read is a
// round trip to the browser process, and reading 100 MB that way took 0.9–2.9 s against 0.4–0.9 s as a stream
// (bench/viewer.mjs's probe, README "Viewer: bench").
export async function* readChunks(file: InputFile, onRead: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let stream: ReadableStream<Uint8Array>;
  if ('blob' in file) stream = file.blob.stream() as ReadableStream<Uint8Array>;
  else {
    const res = await fetch(file.url);
    if (!res.ok || !res.body) throw new Error(`${file.name}: ${res.status} ${res.statusText}`);
    stream = res.body;
  }
  stream = stream.pipeThrough(counting(onRead));
  if (isGzip(file.name)) stream = stream.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  yield* coalesce(stream, CHUNK_BYTES);
}

/** Passes bytes through, telling how many went by. */
function counting(onRead: (bytes: number) => void): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      onRead(chunk.length);
      controller.enqueue(chunk);
    },
  });
}

/** Network and decompressor chunks are small (16–64 KiB): gathered into ~`size` pieces, one push each. */
async function* coalesce(stream: ReadableStream<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let parts: Uint8Array[] = [];
  let held = 0;
  const take = () => {
    const out = parts.length === 1 ? parts[0] : new Uint8Array(held);
    if (parts.length > 1) {
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
    }
    parts = [];
    held = 0;
    return out;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      held += value.length;
      if (held >= size) yield take();
    }
    if (held > 0) yield take();
  } finally {
    reader.releaseLock();
  }
}
