// createTransformStream (browser binding, run here in Node) frees its source however the stream ends:
// flushed, aborted by a failing upstream, or cancelled by the reader.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, createTransformStream, init } from '../../bindings/browser.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RUNS = 100;
const held = new TextEncoder().encode('2024-05-01T12:00:01Z stdout F done\n2024-05-01T12:00:02Z stdout P held piece ');

/** Sends `held`, then fails. */
function failingUpstream(): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) controller.error(new Error('network gone'));
      else controller.enqueue(held);
      sent = true;
    },
  });
}

const sink = () => new WritableStream<Uint8Array>();

beforeAll(async () => {
  await init(readFileSync(`${root}dist/logsieve-scalar.wasm`), 'scalar');
});

describe('createTransformStream frees its source', () => {
  it(`${RUNS} pipes failing upstream leave no source open`, async () => {
    const engine = createEngine();
    for (let i = 0; i < RUNS; i++) {
      await expect(failingUpstream().pipeThrough(createTransformStream({ engine })).pipeTo(sink())).rejects.toThrow('network gone');
    }
    expect(engine.counters().sourcesOpen).toBe(0);
  });

  it(`${RUNS} streams cancelled by their reader leave no source open`, async () => {
    const engine = createEngine();
    for (let i = 0; i < RUNS; i++) {
      const ts = createTransformStream({ engine });
      const writer = ts.writable.getWriter();
      const reader = ts.readable.getReader();
      const written = writer.write(held).catch(() => undefined);
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toContain('"log":"done"');
      await reader.cancel('not interested');
      await written;
    }
    expect(engine.counters().sourcesOpen).toBe(0);
  });

  it('finished pipes leave no source open', async () => {
    const engine = createEngine();
    for (let i = 0; i < 10; i++) {
      const upstream = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(held); c.close(); } });
      await upstream.pipeThrough(createTransformStream({ engine })).pipeTo(sink());
    }
    expect(engine.counters().sourcesOpen).toBe(0);
  });
});
