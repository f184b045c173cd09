// The outputs' small parts: backoff and Retry-After, TYPE:TARGET specs, the bounded queue, the batcher,
// the Prometheus text.
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../../bindings/agent/outputs/batcher.ts';
import { prometheus, OutputCounters } from '../../../bindings/agent/outputs/counters.ts';
import { itemStarts, bulkUrl } from '../../../bindings/agent/outputs/elasticsearch.ts';
import { createOutput, formatOf } from '../../../bindings/agent/outputs/index.ts';
import { BatchQueue } from '../../../bindings/agent/outputs/queue.ts';
import { backoffMs, retryAfterMs } from '../../../bindings/agent/outputs/retry.ts';
import { parseOutputSpec, OutputSpecError } from '../../../bindings/agent/outputs/spec.ts';
import { PATH, criLines, engine, seeded } from './helpers.ts';

const enc = new TextEncoder();
const NOW = Date.UTC(2026, 11, 1, 6, 0, 0);

describe('backoff', () => {
  it('is uniform below min(max, base·2^attempt)', () => {
    const random = seeded(7);
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = Math.min(30_000, 250 * 2 ** attempt);
      for (let k = 0; k < 50; k++) {
        const ms = backoffMs(attempt, {}, random);
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(ceiling);
      }
    }
    expect(backoffMs(3, { baseMs: 100, maxMs: 10_000 }, () => 0.999999)).toBe(799);
    expect(backoffMs(1000, { baseMs: 100, maxMs: 10_000 }, () => 0.5)).toBe(5000);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, caps, ignores garbage', () => {
    expect(retryAfterMs('7', NOW, 300_000)).toBe(7000);
    expect(retryAfterMs(' 1.5 ', NOW, 300_000)).toBe(1500);
    expect(retryAfterMs('0', NOW, 300_000)).toBe(0);
    expect(retryAfterMs(new Date(NOW + 30_000).toUTCString(), NOW, 300_000)).toBe(30_000);
    expect(retryAfterMs(new Date(NOW - 30_000).toUTCString(), NOW, 300_000)).toBe(0);
    expect(retryAfterMs('86400', NOW, 300_000)).toBe(300_000);
    expect(retryAfterMs(['3', '9'], NOW, 300_000)).toBe(3000);
    expect(retryAfterMs(undefined, NOW, 300_000)).toBeUndefined();
    expect(retryAfterMs('soon', NOW, 300_000)).toBeUndefined();
    expect(retryAfterMs('-5', NOW, 300_000)).toBeUndefined();
  });
});

describe('output specs', () => {
  it('parses every form', () => {
    expect(parseOutputSpec('stdout')).toEqual({ type: 'stdout' });
    expect(parseOutputSpec('file:/tmp/out.ndjson')).toEqual({ type: 'file', path: '/tmp/out.ndjson' });
    expect(parseOutputSpec('file:C:\\x:y')).toEqual({ type: 'file', path: 'C:\\x:y' });
    const l = parseOutputSpec('loki:http://loki:3100');
    expect(l.type).toBe('loki');
    expect((l as any).url.href).toBe('http://loki:3100/');
    expect((parseOutputSpec('elasticsearch:https://u:p@es:9200/logs') as any).url.pathname).toBe('/logs');
    expect(parseOutputSpec('otlp:http://c:4318').type).toBe('otlp');
    expect(parseOutputSpec('splunk-hec:https://hec:8088').type).toBe('splunk-hec');
    expect(formatOf(parseOutputSpec('stdout'))).toBe('ndjson');
    expect(parseOutputSpec('http://127.0.0.1:8686/ingest'.replace(/^/, 'http:')).type).toBe('http');
    expect(formatOf(parseOutputSpec('http:http://127.0.0.1:8686/ingest'))).toBe('ndjson');
    expect(formatOf(parseOutputSpec('splunk-hec:https://hec:8088'))).toBe('splunk-hec');
  });

  it('says in one line what is wrong', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /no type/],
      ['kafka:broker:9092', /unknown type "kafka" \(stdout, file:PATH, http:URL, loki:URL/],
      ['stdout:x', /stdout takes no target/],
      ['file:', /file needs a target: file:PATH/],
      ['loki', /loki needs a target: loki:URL/],
      ['http', /http needs a target: http:URL/],
      ['loki:not a url', /"not a url" is not a URL/],
      ['otlp:ftp://x', /ftp: is not http: or https:/],
      ['elasticsearch:http://es:9200', /needs the index/],
      ['elasticsearch:http://es:9200/_bulk', /needs the index/],
    ];
    for (const [spec, re] of cases) {
      let err: unknown;
      try { parseOutputSpec(spec); } catch (e) { err = e; }
      expect(err, spec).toBeInstanceOf(OutputSpecError);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).toContain(`--output ${JSON.stringify(spec)}`);
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('createOutput builds each kind with its endpoint', async () => {
    const names = ['loki:http://127.0.0.1:1', 'otlp:http://127.0.0.1:1', 'elasticsearch:http://u:secret@127.0.0.1:1/logs',
      'splunk-hec:http://127.0.0.1:1'].map((s) => createOutput(s, { token: 't' }));
    expect(names.map((o) => o.name)).toEqual(['loki:http://127.0.0.1:1/loki/api/v1/push', 'otlp:http://127.0.0.1:1/v1/logs',
      'elasticsearch:http://127.0.0.1:1/logs/_bulk', 'splunk-hec:http://127.0.0.1:1/services/collector/event']);
    for (const o of names) await o.close();
    expect(() => createOutput('splunk-hec:http://127.0.0.1:1', { env: {} })).toThrow(/no token: set SPLUNK_HEC_TOKEN/);
    expect(bulkUrl(new URL('http://es/logs/_bulk?refresh=true')).href).toBe('http://es/logs/_bulk?refresh=true&filter_path=errors%2Citems.*.status%2Citems.*.error.type%2Citems.*.error.reason');
  });
});

describe('BatchQueue', () => {
  const batch = (n: number, acks?: number[]) => ({ body: new Uint8Array(n), records: 1, ack: acks ? () => acks.push(n) : undefined });

  it('refuses what does not fit, takes one batch into an empty queue, drains at half its bound, acks once in order', () => {
    const q = new BatchQueue(100);
    const acks: number[] = [];
    let drains = 0;
    q.on('drain', () => drains++);
    expect(q.offer(batch(150, acks))).toBe(true); // empty queue: taken whatever its size
    expect(q.offer(batch(10, acks))).toBe(false);
    expect(q.length).toBe(1);
    q.done();
    expect(drains).toBe(1);
    expect(q.offer(batch(40, acks))).toBe(true);
    expect(q.offer(batch(60, acks))).toBe(true);
    expect(q.offer(batch(1, acks))).toBe(false);
    expect(q.bytes).toBe(100);
    q.resize(10); // the head shrank (Elasticsearch: only failed items left)
    expect(q.bytes).toBe(70);
    expect(q.offer(batch(30, acks))).toBe(true);
    q.done(); // 90 bytes left: above the low watermark (half the bound), no drain yet
    expect(drains).toBe(1);
    q.done(); // 30 left
    expect(drains).toBe(2);
    q.done();
    expect(q.done()).toBeUndefined();
    expect(acks).toEqual([150, 40, 60, 30]);
    expect(q.bytes).toBe(0);
    expect(drains).toBe(2);
  });
});

describe('Batcher', () => {
  it('seals by size and by time, with its acks; NDJSON and payload kinds', () => {
    for (const format of ['ndjson', 'loki', 'elasticsearch'] as const) {
      const e = engine();
      const s = e.source(PATH);
      const b = new Batcher(e, format, { maxBytes: 2000, maxWaitMs: 500 });
      expect(b.take()).toBeUndefined();
      expect(b.due(10_000)).toBe(false);
      b.push(s, criLines(0, 3), 1000);
      expect(b.records).toBe(3);
      expect(b.full).toBe(false);
      expect(b.due(1499)).toBe(false);
      expect(b.due(1500)).toBe(true);
      const acked: string[] = [];
      b.ack(() => acked.push('a'));
      const first = b.take()!;
      expect(first.records).toBe(3);
      expect(b.records).toBe(0);
      expect(b.due(1_000_000)).toBe(false);
      first.ack!();
      expect(acked).toEqual(['a']);
      b.push(s, criLines(3, 200), 2000);
      expect(b.full).toBe(true);
      expect(b.due(2000)).toBe(true);
      b.close(s);
      const second = b.take()!;
      expect(second.records).toBe(197);
      expect(second.ack).toBeUndefined();
      const text = new TextDecoder().decode(second.body);
      expect(text).toContain('line 199');
      // acks with no records (all filtered): an empty batch that the output acks in turn
      b.ack(() => acked.push('b'), 3000);
      expect(b.due(3500)).toBe(true);
      const empty = b.take()!;
      expect(empty.records).toBe(0);
      expect(empty.body.length).toBe(0);
    }
  });
});

describe('counters', () => {
  it('render as Prometheus text', () => {
    const c = new OutputCounters();
    c.recordsOut = 5;
    c.retry('http_429');
    c.retry('http_429');
    c.drop('item_rejected', 2);
    c.drop('rejected', 0);
    const text = prometheus([{ name: 'loki:http://x/"a"', counters: c, queue: { bytes: 10, maxBytes: 100, length: 1 } }]);
    expect(text).toContain('logsieve_output_records_total{output="loki:http://x/\\"a\\""} 5\n');
    expect(text).toContain('logsieve_output_retries_total{output="loki:http://x/\\"a\\"",reason="http_429"} 2\n');
    expect(text).toContain('logsieve_output_dropped_records_total{output="loki:http://x/\\"a\\"",reason="item_rejected"} 2\n');
    expect(text).not.toContain('reason="rejected"');
    expect(text).toContain('# TYPE logsieve_output_queue_bytes gauge\nlogsieve_output_queue_bytes{output="loki:http://x/\\"a\\""} 10\n');
  });
});

describe('_bulk items', () => {
  it('start every two lines', () => {
    expect(itemStarts(enc.encode('{"create":{}}\n{"a":1}\n{"create":{}}\n{"b":2}\n'))).toEqual([0, 22, 44]);
    expect(itemStarts(enc.encode(''))).toEqual([0]);
  });
});
