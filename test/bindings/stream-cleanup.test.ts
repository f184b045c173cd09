// createLogStream frees its source however the stream ends: finished, failed (upstream, its own error,
// downstream) or destroyed. A shared engine must not accumulate open sources (and their held pieces).
import { Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { type Engine, createEngine, createLogStream } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';

const RUNS = 200;
// a complete line, then a partial piece the source holds until its final piece (or close) comes
const held = Buffer.from('2024-05-01T12:00:01Z stdout F done\n2024-05-01T12:00:02Z stdout P held piece ');

function failingUpstream(): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) this.destroy(new Error('disk on fire'));
      else this.push(held);
      sent = true;
    },
  });
}

/** Sends `held` once, then never ends (the pipeline can only finish by failing). */
function endlessUpstream(): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) this.push(held);
      sent = true;
    },
  });
}

const sink = () => new Writable({ write(_c, _e, done) { done(); } });

/** The engine still works after the failures (a new source parses a line). */
function stillWorks(engine: Engine): void {
  const src = engine.source();
  expect(src.pushNdjson(Buffer.from('2024-05-01T12:00:03Z stderr F ok\n')).toString()).toContain('"log":"ok"');
  src.close();
}

describe.each(BUILDS)('createLogStream frees its source (%s)', (build) => {
  it(`${RUNS} pipelines failing upstream leave no source open`, async () => {
    const engine = createEngine({ build });
    for (let i = 0; i < RUNS; i++) {
      await expect(pipeline(failingUpstream(), createLogStream({ engine }), sink())).rejects.toThrow('disk on fire');
    }
    expect(engine.counters().sourcesOpen).toBe(0);
    stillWorks(engine);
  });

  it(`${RUNS} pipelines failing downstream leave no source open`, async () => {
    const engine = createEngine({ build });
    for (let i = 0; i < RUNS; i++) {
      const failing = new Writable({ write(_c, _e, done) { done(new Error('sink broke')); } });
      await expect(pipeline(endlessUpstream(), createLogStream({ engine }), failing)).rejects.toThrow('sink broke');
    }
    expect(engine.counters().sourcesOpen).toBe(0);
    stillWorks(engine);
  });

  it(`${RUNS} streams destroyed (with and without an error) leave no source open`, async () => {
    const engine = createEngine({ build });
    for (let i = 0; i < RUNS; i++) {
      const stream = createLogStream({ engine, objectMode: i % 2 === 0 });
      stream.write(held);
      const closed = finished(stream).catch(() => undefined);
      if (i % 3 === 0) stream.destroy(new Error('cancelled'));
      else stream.destroy();
      await closed;
    }
    expect(engine.counters().sourcesOpen).toBe(0);
    stillWorks(engine);
  });

  it('a stream destroyed before any write frees its source too', async () => {
    const engine = createEngine({ build });
    const stream = createLogStream({ engine });
    expect(engine.counters().sourcesOpen).toBe(1);
    const closed = finished(stream).catch(() => undefined);
    stream.destroy();
    await closed;
    expect(engine.counters().sourcesOpen).toBe(0);
  });

  it('a stream whose source was closed behind its back still fails with its own error', async () => {
    const engine = createEngine({ build });
    const stream = createLogStream({ engine });
    engine.closeNdjson();
    await expect(pipeline(Readable.from([held]), stream, sink())).rejects.toThrow(/source is closed/);
    expect(engine.counters().sourcesOpen).toBe(0);
  });

  it('finished pipelines leave no source open', async () => {
    const engine = createEngine({ build });
    for (let i = 0; i < 20; i++) await pipeline(Readable.from([held]), createLogStream({ engine }), sink());
    expect(engine.counters().sourcesOpen).toBe(0);
  });
});
