// HTTP outputs against real servers on 127.0.0.1: bodies are the engine's (PayloadBatch over real records),
// gzipped, with each receiver's shape; Elasticsearch partial failures resend exactly the failed items;
// Retry-After (seconds and HTTP dates) decides the wait (a fake clock records it); timeouts, resets, 4xx;
// OTLP partial success; credentials; close with a deadline. Sleeps never wait, so no test depends on wall time
// except the request timeouts, which only need to fire.
import { afterEach, describe, expect, it } from 'vitest';
import { Batcher, ElasticsearchOutput, LokiOutput, OtlpOutput, SplunkHecOutput, createOutput } from '../../../bindings/agent/outputs/index.ts';
import type { Output } from '../../../bindings/agent/outputs/output.ts';
import { PAYLOAD_CONTENT_TYPES, PayloadBatch, type PayloadKind } from '../../../bindings/node.ts';
import { type Answer, PATH, PATH2, type Receiver, type Received, criLines, engine, fakeClock, receiver } from './helpers.ts';

const dec = new TextDecoder();
const open: Array<Receiver | Output> = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});
async function serve(answer: (r: Received) => Answer): Promise<Receiver> {
  const r = await receiver(answer);
  open.push(r);
  return r;
}
function track<T extends Output>(o: T): T {
  open.push(o);
  return o;
}

/** A body of `kind` for lines [from, to) on two sources, and the NDJSON records of the same input. */
function body(kind: PayloadKind, from: number, to: number): { body: Uint8Array; records: number; logs: string[] } {
  const e = engine();
  const b = new PayloadBatch(e, kind);
  const logs: string[] = [];
  const mid = (from + to) >> 1;
  for (const [path, a, z] of [[PATH, from, mid], [PATH2, mid, to]] as const) {
    b.push(e.source(path), criLines(a, z));
    const n = engine().source(path);
    for (const l of dec.decode(n.pushNdjson(criLines(a, z))).split('\n').filter(Boolean)) logs.push(JSON.parse(l).log);
  }
  const records = b.records;
  return { body: b.take(), records, logs };
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** The log lines a body carries, after checking its receiver's shape (docs/payloads.md, test/emit/payload.test.ts). */
function linesOf(kind: PayloadKind, text: string): string[] {
  const out: string[] = [];
  if (kind === 'loki') {
    const push = JSON.parse(text);
    expect(Object.keys(push)).toEqual(['streams']);
    for (const s of push.streams) {
      expect(Object.keys(s)).toEqual(['stream', 'values']);
      expect(s.stream).toMatchObject({ namespace: 'prod', pod: 'web-0', app: 'web', app_kubernetes_io_name: 'web' });
      for (const k of Object.keys(s.stream)) expect(k).toMatch(LABEL_NAME);
      let last = 0n;
      for (const v of s.values) {
        expect(v[0]).toMatch(/^\d+$/);
        expect(BigInt(v[0]) >= last).toBe(true); // in order within a stream
        last = BigInt(v[0]);
        out.push(v[1]);
      }
    }
  } else if (kind === 'otlp') {
    const req = JSON.parse(text);
    expect(Object.keys(req)).toEqual(['resourceLogs']);
    for (const rl of req.resourceLogs) {
      const attrs = Object.fromEntries(rl.resource.attributes.map((kv: any) => [kv.key, kv.value.stringValue ?? kv.value.intValue]));
      expect(attrs).toMatchObject({ 'k8s.namespace.name': 'prod', 'k8s.pod.name': 'web-0', 'k8s.pod.label.app': 'web' });
      expect(rl.scopeLogs[0].scope).toEqual({ name: 'logsieve' });
      for (const lr of rl.scopeLogs[0].logRecords) {
        expect(lr.timeUnixNano).toMatch(/^\d+$/);
        expect(Object.keys(lr.body)).toEqual(['stringValue']);
        out.push(lr.body.stringValue);
      }
    }
  } else {
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    if (kind === 'elasticsearch') {
      expect(lines.length % 2).toBe(0);
      for (let i = 0; i < lines.length; i += 2) {
        expect(lines[i]).toBe('{"create":{}}');
        const doc = JSON.parse(lines[i + 1]);
        expect(doc['@timestamp']).toMatch(/^2026-11-24T/);
        out.push(doc.log);
      }
    } else {
      for (const l of lines) {
        const ev = JSON.parse(l);
        expect(ev.sourcetype).toBe('logsieve');
        expect(typeof ev.time).toBe('number');
        expect(ev.fields).toMatchObject({ namespace: 'prod', pod: 'web-0' });
        out.push(ev.event);
      }
    }
  }
  return out;
}

const PATHS: Record<PayloadKind, string> = {
  loki: '/loki/api/v1/push', otlp: '/v1/logs', elasticsearch: '/logs/_bulk?filter_path=errors%2Citems.*.status%2Citems.*.error.type%2Citems.*.error.reason',
  'splunk-hec': '/services/collector/event',
};

describe('HTTP outputs deliver the engine\'s bodies', () => {
  for (const kind of ['loki', 'otlp', 'elasticsearch', 'splunk-hec'] as const) {
    for (const gzip of [true, false]) {
      it(`${kind}, gzip ${gzip}: the receiver gets exactly the engine's body, with its shape`, async () => {
        const r = await serve(() => ({ status: kind === 'loki' ? 204 : 200, body: kind === 'elasticsearch' ? '{"errors":false,"items":[]}' : '' }));
        const target = kind === 'elasticsearch' ? `${r.url}/logs` : r.url;
        const out = track(createOutput(`${kind}:${target}`, { gzip, token: 'tok', clock: fakeClock() }));
        const b = body(kind, 0, 40);
        let acks = 0;
        expect(out.offer({ body: b.body, records: b.records, ack: () => acks++ })).toBe(true);
        await out.flushed();
        expect(acks).toBe(1);
        expect(r.requests.length).toBe(1);
        const req = r.requests[0];
        expect(req.method).toBe('POST');
        expect(req.url).toBe(PATHS[kind]);
        expect(req.headers['content-type']).toBe(PAYLOAD_CONTENT_TYPES[kind]);
        expect(req.headers['content-encoding']).toBe(gzip ? 'gzip' : undefined);
        if (gzip) expect(req.raw.length).toBeLessThan(req.body.length);
        expect(Buffer.compare(req.body, Buffer.from(b.body))).toBe(0);
        const lines = linesOf(kind, req.body.toString('utf8'));
        expect(lines.length).toBe(40);
        expect([...lines].sort()).toEqual([...b.logs].sort());
        if (kind === 'splunk-hec') expect(req.headers.authorization).toBe('Splunk tok');
        expect(out.counters).toMatchObject({ recordsOut: 40, batchesOut: 1, bytesOut: b.body.length, requests: 1, failures: 0 });
        expect(out.counters.wireBytes).toBe(req.raw.length);
      });
    }
  }
});

describe('http (NDJSON)', () => {
  it('posts the NDJSON records, gzipped, to the URL as given; bodies in reused buffers arrive intact and in order', async () => {
    const r = await serve(() => ({ status: 200, body: '' }));
    const out = track(createOutput(`http:${r.url}/ingest?source=node`, { clock: fakeClock() }));
    const e = engine();
    const batcher = new Batcher(e, 'ndjson', { maxBytes: 1 << 20 });
    const s = e.source(PATH);
    let acks = 0;
    let releases = 0;
    for (let k = 0; k < 30; k++) {
      batcher.push(s, criLines(k * 10, k * 10 + 10));
      const batch = batcher.take()!;
      expect(batch.records).toBe(10);
      const release = batch.release!;
      expect(out.offer({ ...batch, ack: () => acks++, release: () => { releases++; release(); } })).toBe(true);
      // wait now and then, so that later batches are written into the buffers of delivered ones
      if (k % 3 === 2) await out.flushed();
    }
    await out.flushed();
    expect(acks).toBe(30);
    expect(releases).toBe(30);
    expect(r.requests.length).toBe(30);
    for (const req of r.requests) {
      expect(req.url).toBe('/ingest?source=node');
      expect(req.headers['content-type']).toBe('application/x-ndjson');
      expect(req.headers['content-encoding']).toBe('gzip');
    }
    const sent = Buffer.concat(r.requests.map((q) => q.body)).toString('utf8');
    expect(sent).toBe(dec.decode(engine().source(PATH).pushNdjson(criLines(0, 300))));
    expect(out.counters).toMatchObject({ recordsOut: 300, batchesOut: 30, requests: 30, failures: 0 });
  });
});

describe('retries', () => {
  it('honours Retry-After (seconds, HTTP date) on 429/503, backs off with jitter on 500, keeps the same body', async () => {
    const clock = fakeClock(3);
    const r = await serve((req) => {
      if (req.n === 0) return { status: 429, headers: { 'retry-after': '7' } };
      if (req.n === 1) return { status: 503, headers: { 'retry-after': new Date(clock.now() + 30_000).toUTCString() } };
      if (req.n === 2) return { status: 500, body: 'boom' };
      return { status: 204 };
    });
    const out = track(new LokiOutput(new URL(r.url), { clock, backoff: { baseMs: 100, maxMs: 10_000 } }));
    const retries: any[] = [];
    out.on('retry', (e) => retries.push(e));
    const b = body('loki', 0, 10);
    let acks = 0;
    out.offer({ ...b, ack: () => acks++ });
    await out.flushed();
    expect(acks).toBe(1);
    expect(r.requests.length).toBe(4);
    for (const q of r.requests) expect(Buffer.compare(q.body, Buffer.from(b.body))).toBe(0);
    expect(clock.sleeps.slice(0, 2)).toEqual([7000, 30_000]);
    expect(clock.sleeps[2]).toBeGreaterThanOrEqual(0);
    expect(clock.sleeps[2]).toBeLessThan(400); // attempt 2: below 100·2²
    expect(out.counters.retries).toEqual({ http_429: 1, http_503: 1, http_5xx: 1 });
    expect(out.counters.failures).toBe(3);
    expect(out.counters.recordsOut).toBe(10);
    expect(retries.map((e) => e.reason)).toEqual(['http_429', 'http_503', 'http_5xx']);
    expect(retries[2].message).toBe('HTTP 500: boom');
  });

  it('times out a stalled request and a reset connection, then delivers', async () => {
    const r = await serve((req) => (req.n === 0 ? 'stall' : req.n === 1 ? 'reset' : { status: 204 }));
    const out = track(new LokiOutput(new URL(r.url), { clock: fakeClock(), timeoutMs: 1000 }));
    let acks = 0;
    out.offer({ ...body('loki', 0, 5), ack: () => acks++ });
    await out.flushed();
    expect(acks).toBe(1);
    expect(r.requests.length).toBe(3);
    expect(out.counters.retries).toEqual({ timeout: 1, network: 1 });
  });

  it('retries 401 (fixable), drops 400 for good (counted, acked), and goes on in order', async () => {
    const r = await serve((req) => (req.n === 0 ? { status: 401 } : req.n === 1 ? { status: 400, body: 'entry too old' } : { status: 204 }));
    const out = track(new LokiOutput(new URL(r.url), { clock: fakeClock() }));
    const acks: number[] = [];
    const dropped: any[] = [];
    out.on('dropped', (e) => dropped.push(e));
    const one = body('loki', 0, 5);
    const two = body('loki', 5, 12);
    out.offer({ ...one, ack: () => acks.push(1) });
    out.offer({ ...two, ack: () => acks.push(2) });
    await out.flushed();
    expect(acks).toEqual([1, 2]);
    expect(r.requests.map((q) => q.body.length)).toEqual([one.body.length, one.body.length, two.body.length]);
    expect(out.counters.dropped).toEqual({ rejected: 5 });
    expect(out.counters.recordsOut).toBe(7);
    expect(dropped).toEqual([{ reason: 'rejected', records: 5, message: 'HTTP 400: entry too old' }]);
  });

  it('Elasticsearch: resends exactly the items that failed for now, drops the rejected ones', async () => {
    const items = (statuses: number[]) => JSON.stringify({
      errors: statuses.some((s) => s >= 300),
      items: statuses.map((status) => ({ create: { status, ...(status >= 300 ? { error: { type: status === 400 ? 'mapper_parsing_exception' : 'es_rejected_execution_exception', reason: 'x' } } : {}) } })),
    });
    const r = await serve((req) => {
      if (req.n === 0) return { status: 200, body: items([201, 429, 400, 201, 503, 409]) };
      if (req.n === 1) return { status: 200, body: items([500, 201]) };
      return { status: 200, body: items([201]) };
    });
    const out = track(new ElasticsearchOutput(new URL(`${r.url}/logs`), { clock: fakeClock() }));
    const b = body('elasticsearch', 0, 6);
    const docs = dec.decode(b.body).split('\n').slice(0, -1);
    const item = (i: number) => `${docs[2 * i]}\n${docs[2 * i + 1]}\n`;
    let acks = 0;
    out.offer({ ...b, ack: () => acks++ });
    await out.flushed();
    expect(acks).toBe(1);
    expect(r.requests.map((q) => q.body.toString('utf8'))).toEqual([dec.decode(b.body), item(1) + item(4), item(1)]);
    expect(out.counters.recordsOut).toBe(5); // 201, 201, 409 (already there), then 4, then 1
    expect(out.counters.dropped).toEqual({ item_rejected: 1 });
    expect(out.counters.retries).toEqual({ items: 2 });
    expect(out.queue.bytes).toBe(0);
  });

  it('Elasticsearch: an answer that does not match the body resends it all', async () => {
    const r = await serve((req) => (req.n === 0 ? { status: 200, body: '{"errors":true,"items":[]}' } : { status: 200, body: '{"errors":false}' }));
    const out = track(new ElasticsearchOutput(new URL(`${r.url}/logs`), { clock: fakeClock() }));
    out.offer(body('elasticsearch', 0, 3));
    await out.flushed();
    expect(r.requests.length).toBe(2);
    expect(out.counters.retries).toEqual({ bad_answer: 1 });
    expect(out.counters.recordsOut).toBe(3);
  });

  it('OTLP: a partial success counts the rejected records as dropped', async () => {
    const r = await serve(() => ({ status: 200, body: '{"partialSuccess":{"rejectedLogRecords":"2","errorMessage":"too big"}}' }));
    const out = track(new OtlpOutput(new URL(r.url), { clock: fakeClock() }));
    let acks = 0;
    out.offer({ ...body('otlp', 0, 6), ack: () => acks++ });
    await out.flushed();
    expect(acks).toBe(1);
    expect(out.counters.dropped).toEqual({ partial_success: 2 });
    expect(out.counters.recordsOut).toBe(4);
  });
});

describe('the rest', () => {
  it('credentials: Basic from the URL (never in the name), Splunk token from an environment variable', async () => {
    const r = await serve(() => ({ status: 200 }));
    const loki = track(new LokiOutput(new URL(r.url.replace('//', '//ann:s%20cret@')), { clock: fakeClock(), tenant: 'team-a' }));
    expect(loki.name).not.toContain('cret');
    loki.offer(body('loki', 0, 2));
    await loki.flushed();
    expect(r.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('ann:s cret').toString('base64')}`);
    expect(r.requests[0].headers['x-scope-orgid']).toBe('team-a');
    const hec = track(new SplunkHecOutput(new URL(r.url), { clock: fakeClock(), tokenEnv: 'MY_HEC', env: { MY_HEC: 'abc-123' } }));
    hec.offer(body('splunk-hec', 0, 2));
    await hec.flushed();
    expect(r.requests[1].headers.authorization).toBe('Splunk abc-123');
  });

  it('an acks-only batch (no records) is acked in turn without a request', async () => {
    const r = await serve(() => ({ status: 204 }));
    const out = track(new LokiOutput(new URL(r.url), { clock: fakeClock() }));
    const acks: number[] = [];
    out.offer({ ...body('loki', 0, 2), ack: () => acks.push(1) });
    out.offer({ body: new Uint8Array(0), records: 0, ack: () => acks.push(2) });
    await out.flushed();
    expect(acks).toEqual([1, 2]);
    expect(r.requests.length).toBe(1);
  });

  it('close(deadline) gives up on a receiver that never answers: nothing acked, sockets freed', async () => {
    const r = await serve(() => 'stall');
    const out = new LokiOutput(new URL(r.url), { clock: fakeClock(), timeoutMs: 60_000 });
    let acks = 0;
    out.offer({ ...body('loki', 0, 2), ack: () => acks++ });
    while (r.requests.length === 0) await new Promise((res) => setTimeout(res, 10));
    const t0 = Date.now();
    await out.close(100);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(acks).toBe(0);
    expect(() => out.offer(body('loki', 0, 1))).toThrow(/closed/);
  });
});
