// Node stream binding (createLogStream) and the browser bundle (dist/browser.js) loaded in Node.
import { readFileSync } from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, createLogStream } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';
import { bytes } from '../decode/util.ts';
// @ts-expect-error: plain JS module without types
import { makeCriCorpus, makeDockerCorpus } from '../../bench/corpus.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const criInput = new Uint8Array([
  ...makeCriCorpus(40_000).bytes,
  ...bytes('garbage line\n2024-05-01T12:00:01Z stdout P held \u00e9\n2024-05-01T12:00:02Z stderr F tail ✓ no newline'),
]);
const dockerInput = new Uint8Array([
  ...makeDockerCorpus(40_000).bytes,
  ...bytes('{"log":"bad \\q"}\n{"log":"piece","stream":"stdout","time":"2024-05-01T12:00:01Z","attrs":{"a":1}}\n'),
]);

/** NDJSON of the whole input in one pushNdjson, then closeNdjson (the reference for every streaming path). */
function reference(build: 'simd' | 'scalar', input: Uint8Array, path?: string): string {
  const engine = createEngine({ build });
  const src = engine.source(path);
  return Buffer.concat([src.pushNdjson(input), src.closeNdjson()]).toString('utf8');
}

function chunked(input: Uint8Array, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let off = 0;
  for (let i = 0; off < input.length; i++) {
    const n = sizes.length ? sizes[i % sizes.length] : input.length;
    out.push(Buffer.from(input.subarray(off, off + n)));
    off += n;
  }
  return out;
}

function collector(): { sink: Writable; text: () => string; objects: unknown[] } {
  const parts: Buffer[] = [];
  const objects: unknown[] = [];
  const sink = new Writable({
    objectMode: true,
    write(chunk, _enc, done) {
      if (Buffer.isBuffer(chunk)) parts.push(chunk);
      else objects.push(chunk);
      done();
    },
  });
  return { sink, text: () => Buffer.concat(parts).toString('utf8'), objects };
}

describe.each(BUILDS)('createLogStream (%s)', (build) => {
  it('pipeline of random-sized chunks gives the same NDJSON as one pushNdjson', async () => {
    for (const input of [criInput, dockerInput]) {
      const want = reference(build, input, 'p.log');
      expect(want.split('\n').length).toBeGreaterThan(100);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 20 }), async (sizes) => {
          const c = collector();
          await pipeline(Readable.from(chunked(input, sizes)), createLogStream({ build, path: 'p.log' }), c.sink);
          expect(c.text()).toBe(want);
        }),
        { numRuns: 15 },
      );
    }
  });

  it('object mode yields record objects equal to the parsed NDJSON', async () => {
    const want = reference(build, criInput, 'o.log').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const c = collector();
    await pipeline(Readable.from(chunked(criInput, [777, 1, 4096])), createLogStream({ build, path: 'o.log', objectMode: true }), c.sink);
    expect(c.objects).toEqual(want);
    // close processes the tail line first, then releases the held piece
    expect(c.objects.at(-2)).toEqual({ time: '2024-05-01T12:00:02.000000000Z', stream: 'stderr', log: 'tail ✓ no newline', file: 'o.log' });
    expect(c.objects.at(-1)).toEqual({ time: '2024-05-01T12:00:01.000000000Z', stream: 'stdout', log: 'held é', partial: true, file: 'o.log' });
  });

  it('format and engine options are honoured', async () => {
    const c = collector();
    await pipeline(Readable.from([Buffer.from('{"log":"x\\n"}\n')]), createLogStream({ build, format: 'cri' }), c.sink);
    expect(JSON.parse(c.text())).toMatchObject({ error: 'bad_timestamp', log: '{"log":"x\\n"}' });
    const engine = createEngine({ build });
    const c2 = collector();
    await pipeline(Readable.from([Buffer.from('2024-05-01T12:00:01Z stdout F y\n')]), createLogStream({ engine }), c2.sink);
    expect(engine.counters().records).toBe(1);
  });

  it('errors propagate through the pipeline', async () => {
    // upstream error
    const bad = new Readable({ read() { this.destroy(new Error('disk on fire')); } });
    await expect(pipeline(bad, createLogStream({ build }), collector().sink)).rejects.toThrow('disk on fire');
    // the transform's own error: its source was closed behind its back
    const engine = createEngine({ build });
    const stream = createLogStream({ engine });
    engine.closeNdjson();
    await expect(pipeline(Readable.from([Buffer.from('x\n')]), stream, collector().sink)).rejects.toThrow(/source is closed/);
    // downstream error
    const failing = new Writable({ write(_c, _e, done) { done(new Error('sink broke')); } });
    await expect(pipeline(Readable.from([Buffer.from('2024-05-01T12:00:01Z stdout F y\n')]), createLogStream({ build }), failing))
      .rejects.toThrow('sink broke');
  });

  it('a Transform in the middle sees Buffers (not copies of wasm memory that later change)', async () => {
    const seen: string[] = [];
    const spy = new Transform({ transform(chunk, _e, done) { seen.push(Buffer.from(chunk).toString()); done(null, chunk); } });
    const c = collector();
    await pipeline(Readable.from(chunked(criInput, [300])), createLogStream({ build }), spy, c.sink);
    expect(seen.join('')).toBe(c.text());
    expect(c.text()).toBe(reference(build, criInput));
  });
});

describe('browser bundle (dist/browser.js) in Node', () => {
  it.each(BUILDS)('init(bytes of logsieve-%s.wasm), createEngine and createTransformStream match the Node binding', async (build) => {
    const mod = await import(pathToFileURL(`${root}dist/browser.js`).href);
    await mod.init(readFileSync(`${root}dist/logsieve-${build}.wasm`), build);
    for (const input of [criInput, dockerInput]) {
      const want = reference(build, input, 'b.log');
      // createEngine
      const engine = mod.createEngine();
      const src = engine.source('b.log');
      expect(Buffer.concat([src.pushNdjson(input), src.closeNdjson()]).toString('utf8')).toBe(want);
      // lazy batches decode the same text through TextDecoder
      const e2 = mod.createEngine();
      const s2 = e2.source('b.log');
      const objs = [...s2.push(input).toObjects(), ...s2.close().toObjects()];
      expect(objs).toEqual(want.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
      // createTransformStream piping a ReadableStream
      const chunks = chunked(input, [1000, 7, 333]);
      const readable = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const c of chunks) controller.enqueue(new Uint8Array(c));
          controller.close();
        },
      });
      const parts: Uint8Array[] = [];
      await readable.pipeThrough(mod.createTransformStream({ path: 'b.log' })).pipeTo(new WritableStream<Uint8Array>({ write(c) { parts.push(c); } }));
      expect(Buffer.concat(parts).toString('utf8')).toBe(want);
    }
  });

  it('init with a compiled WebAssembly.Module works', async () => {
    const mod = await import(pathToFileURL(`${root}dist/browser.js`).href);
    const compiled = new WebAssembly.Module(readFileSync(`${root}dist/logsieve-scalar.wasm`));
    await mod.init(compiled, 'scalar');
    const src = mod.createEngine().source();
    expect(new TextDecoder().decode(src.pushNdjson(bytes('2024-05-01T12:00:01Z stdout F z\n'))))
      .toBe('{"time":"2024-05-01T12:00:01.000000000Z","stream":"stdout","log":"z"}\n');
  });
});
