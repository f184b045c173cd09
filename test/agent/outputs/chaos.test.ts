// A receiver that fails, stalls, resets and answers 429 (Retry-After) / 500 / 503 at random (seeded), fed the
// way the agent will feed it: engine records → Batcher → Output.offer, pausing on false until 'drain'. Then:
// every record arrives exactly once among the answered-2xx requests and in order, every batch is acked once and
// in order, the queue never holds more than its bound, and offer() said false under backpressure and true again
// after. Stalls are few and the timeout generous (2.5 s), so a loaded machine does not turn a slow 2xx into a
// duplicate (which would be at-least-once, but not what this test counts).
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { Batcher } from '../../../bindings/agent/outputs/batcher.ts';
import { ElasticsearchOutput, LokiOutput } from '../../../bindings/agent/outputs/index.ts';
import type { Output } from '../../../bindings/agent/outputs/output.ts';
import { type Answer, PATH, type Receiver, type Received, criLines, engine, fakeClock, receiver, seeded } from './helpers.ts';

const open: Array<Receiver | Output> = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

const BATCHES = 80;
const PER = 25;
const MAX_STALLS = 2;

/** Answers chosen by a seeded generator; `delivered` holds the bodies answered with 2xx, in order. */
function chaos(seed: number, ok: (r: Received) => Answer, clock: { now(): number }) {
  const random = seeded(seed);
  let stalls = 0;
  const delivered: Received[] = [];
  /** per failed request, in order: the wait its Retry-After asks for (null: the backoff's choice) */
  const waits: Array<number | null> = [];
  const answer = (r: Received): Answer => {
    const x = random();
    if (x < 0.06 && stalls < MAX_STALLS) {
      stalls++;
      waits.push(null);
      return 'stall';
    }
    if (x < 0.12) return (waits.push(null), 'reset');
    if (x < 0.22) return (waits.push(null), { status: 500, body: 'internal' });
    if (x < 0.30) {
      // an HTTP date has whole seconds: the wait is what is left from the (fake) now
      const date = new Date(clock.now() + 3000).toUTCString();
      const seconds = random() < 0.5;
      waits.push(seconds ? 2000 : Date.parse(date) - clock.now());
      return { status: 429, headers: { 'retry-after': seconds ? '2' : date } };
    }
    if (x < 0.36) return (waits.push(1000), { status: 503, headers: { 'retry-after': '1' } });
    const a = ok(r);
    if (typeof a === 'object' && a.status < 300) delivered.push(r);
    return a;
  };
  return { answer, delivered, waits, stalls: () => stalls };
}

/** Feeds BATCHES batches of PER records through a Batcher into `out`, as the agent does; returns what it saw. */
async function feed(out: Output, format: 'loki' | 'elasticsearch', maxQueueBytes: number) {
  const e = engine();
  const source = e.source(PATH);
  const batcher = new Batcher(e, format, { maxBytes: 1 << 30, maxWaitMs: 1000 });
  const acks: number[] = [];
  let refused = 0;
  let acceptedAfterRefusal = 0;
  let maxSeen = 0;
  for (let i = 0; i < BATCHES; i++) {
    batcher.push(source, criLines(i * PER, (i + 1) * PER, true));
    batcher.ack(() => acks.push(i));
    const batch = batcher.take()!;
    expect(batch.records).toBe(PER);
    let wasRefused = false;
    while (!out.offer(batch)) { // backpressure: the agent pauses its readers here
      refused++;
      wasRefused = true;
      maxSeen = Math.max(maxSeen, out.queue.bytes);
      await once(out, 'drain');
    }
    if (wasRefused) acceptedAfterRefusal++;
    maxSeen = Math.max(maxSeen, out.queue.bytes);
  }
  await out.flushed();
  expect(out.queue.peakBytes).toBeLessThanOrEqual(maxQueueBytes);
  expect(maxSeen).toBeLessThanOrEqual(maxQueueBytes);
  return { acks, refused, acceptedAfterRefusal };
}

describe('an unreliable receiver', () => {
  for (const seed of [1, 2, 3]) {
    it(`Loki, seed ${seed}: nothing lost, nothing duplicated, in order, bounded, backpressure`, async () => {
      const clock = fakeClock(seed);
      const c = chaos(seed, () => ({ status: 204 }), clock);
      const r = await receiver(c.answer);
      open.push(r);
      const maxQueueBytes = 12_000; // a few batches of ~3.5 KB
      const out = new LokiOutput(new URL(r.url), { clock, maxQueueBytes, timeoutMs: 2500, backoff: { baseMs: 50 } });
      open.push(out);
      const { acks, refused, acceptedAfterRefusal } = await feed(out, 'loki', maxQueueBytes);
      expect(acks).toEqual(Array.from({ length: BATCHES }, (_, i) => i));
      expect(refused).toBeGreaterThan(0);
      expect(acceptedAfterRefusal).toBeGreaterThan(0);
      const lines = c.delivered.flatMap((q) => JSON.parse(q.body.toString('utf8')).streams.flatMap((s: any) => s.values.map((v: any) => v[1])));
      expect(lines).toEqual(Array.from({ length: BATCHES * PER }, (_, i) => `${i % 3 === 0 ? 'ERROR ' : ''}line ${i}`));
      const n = out.counters;
      expect(n.recordsOut).toBe(BATCHES * PER);
      expect(n.batchesOut).toBe(BATCHES);
      expect(n.requests).toBe(r.requests.length);
      expect(n.failures).toBe(r.requests.length - BATCHES);
      expect(Object.values(n.retries).reduce((a, b) => a + b, 0)).toBe(n.failures);
      expect(n.failures).toBeGreaterThan(10);
      // one wait per failed request, in order; each 429/503 waited exactly its Retry-After
      expect(clock.sleeps.length).toBe(c.waits.length);
      c.waits.forEach((w, i) => { if (w !== null) expect(clock.sleeps[i], `wait ${i}`).toBe(w); });
      expect(c.waits.filter((w) => w !== null).length).toBe((n.retries.http_429 ?? 0) + (n.retries.http_503 ?? 0));
      expect(n.retries.timeout ?? 0).toBe(c.stalls());
    });
  }

  it('Elasticsearch: items failing at random are resent alone until every document is in, once', async () => {
    const clock = fakeClock(9);
    const random = seeded(99);
    const docs: string[] = [];
    const ok = (req: Received): Answer => {
      const lines = req.body.toString('utf8').split('\n').slice(0, -1);
      const items = [];
      for (let i = 0; i < lines.length; i += 2) {
        const x = random();
        const status = x < 0.15 ? 429 : x < 0.25 ? 503 : x < 0.28 ? 400 : 201;
        if (status === 201) docs.push(JSON.parse(lines[i + 1]).log);
        items.push({ create: { status } });
      }
      return { status: 200, body: JSON.stringify({ errors: items.some((it) => it.create.status !== 201), items }) };
    };
    const c = chaos(5, ok, clock);
    const r = await receiver(c.answer);
    open.push(r);
    const out = new ElasticsearchOutput(new URL(`${r.url}/logs`), { clock, maxQueueBytes: 30_000, timeoutMs: 2500, backoff: { baseMs: 50 } });
    open.push(out);
    const { acks } = await feed(out, 'elasticsearch', 30_000);
    expect(acks).toEqual(Array.from({ length: BATCHES }, (_, i) => i));
    const dropped = out.counters.dropped.item_rejected ?? 0;
    expect(dropped).toBeGreaterThan(0);
    expect(new Set(docs).size).toBe(docs.length); // nothing twice
    expect(docs.length + dropped).toBe(BATCHES * PER); // nothing lost but the rejected
    expect(out.counters.recordsOut).toBe(docs.length);
    expect(out.counters.retries.items).toBeGreaterThan(0);
  });
});
