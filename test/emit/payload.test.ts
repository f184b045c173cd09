// Payload encoders (assembly/emit/payload/, assembly/engine/payload.ts, bindings/core/payload.ts): for generated
// node trees (several sources, pods with labels, stack traces, P pieces, malformed lines) every body has its
// receiver's shape — Loki's push JSON, the OTLP logs JSON mapping (ExportLogsServiceRequest, checked field by
// field against logs.proto), Elasticsearch's _bulk, Splunk HEC events — and carries exactly the records the
// NDJSON output has, in the same order per key, with the same time, line, level and flags; any split of the
// input and any batching give the same entries; both builds agree byte for byte. Seeded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Build, PAYLOAD_KINDS, PayloadBatch, type PayloadKind, createEngine } from '../../bindings/node.ts';
import { anyInput, splitInto } from '../engine/arbitraries.ts';
import type { OracleInput } from '../oracle/records.ts';
import { BUILDS } from '../helpers/engine.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

const TRACE = [
  '2026-11-24T10:00:00.100Z stderr F Exception in thread "main" java.lang.IllegalStateException: boom',
  '2026-11-24T10:00:00.101Z stderr F \tat com.example.A.run(A.java:10)',
  '2026-11-24T10:00:01.000Z stdout F {"level":"error","status":503,"msg":"timeout \\"x\\""}',
  '2026-11-24T10:00:01.500Z stdout P level=warn msg="retry',
  '2026-11-24T10:00:01.501Z stdout F  later"',
  '2026-11-24T10:00:03.000Z stdout F INFO done é 😀',
  'garbage line',
];
const PATHS = [
  '/var/log/pods/prod_web-0_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c/main/0.log',
  '/var/log/pods/prod_web-0_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c/side/1.log',
  '/var/log/containers/api-1_dev_app-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.log',
  'plain.log',
];
const PODS = [{
  namespace: 'prod', name: 'web-0', uid: '0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c',
  labels: { app: 'web', 'app.kubernetes.io/name': 'web', '9lives': 'x', namespace: 'shadowed', 'a-b': '1', a_b: '2', empty: '' },
}];

const input: fc.Arbitrary<OracleInput> = fc.oneof(
  anyInput(),
  fc.subarray(TRACE, { minLength: 1 }).map((lines) => ({ chunks: [enc.encode(lines.join('\n') + '\n')], format: 'cri' as const, flushAt: [] })),
);
interface Case { inputs: Array<{ input: OracleInput; path: string }>; cuts: number[]; batchEvery: number }
const caseArb: fc.Arbitrary<Case> = fc.record({
  inputs: fc.array(fc.record({ input, path: fc.constantFrom(...PATHS) }), { minLength: 1, maxLength: 4 }),
  cuts: fc.array(fc.nat(), { maxLength: 4 }),
  batchEvery: fc.integer({ min: 1, max: 4 }),
});

const engineFor = (build: Build, c: Case) => createEngine({
  build, multiline: { detectors: 'all' }, pods: PODS, clock: () => 1_764_583_200_000,
  maxRecordBytes: c.inputs[0].input.maxRecordBytes, maxLineBytes: c.inputs[0].input.maxLineBytes,
});

/** The NDJSON records of the case (the reference). */
function ndjson(build: Build, c: Case): Array<Record<string, any>> {
  const e = engineFor(build, c);
  let text = '';
  for (const { input: i, path } of c.inputs) {
    const s = e.source(path, { format: i.format });
    for (const piece of i.chunks) text += dec.decode(s.pushNdjson(piece));
    text += dec.decode(s.closeNdjson());
  }
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/**
 * Bodies of one kind: a batch taken after every `batchEvery` sources (and at the end). Every other body is copied
 * and given back (recycle), so later batches reuse its memory; the others are kept as taken and must stay intact.
 */
function bodies(build: Build, c: Case, kind: PayloadKind, split: boolean): Uint8Array[] {
  const e = engineFor(build, c);
  const b = new PayloadBatch(e, kind);
  const out: Uint8Array[] = [];
  const take = () => {
    const expected = b.bodyBytes;
    const body = b.take();
    expect(body.length).toBe(expected); // bodyBytes says beforehand what take() gives (the agent batches by it)
    if (out.length % 2 === 0) out.push(body);
    else {
      out.push(body.slice());
      b.recycle(body);
    }
  };
  c.inputs.forEach(({ input: i, path }, k) => {
    const s = e.source(path, { format: i.format });
    for (const piece of split ? splitInto(i.chunks, c.cuts) : i.chunks) b.push(s, piece);
    b.close(s);
    if ((k + 1) % c.batchEvery === 0 && b.records > 0) take();
  });
  if (b.records > 0) take();
  expect(b.take().length).toBe(0);
  return out;
}

const nsOf = (time: string) => {
  const m = /^(.*)\.(\d{9})Z$/.exec(time)!;
  return BigInt(Date.parse(m[1] + 'Z')) * 1_000_000n + BigInt(m[2]);
};
const NOW_NS = 1_764_583_200_000n * 1_000_000n;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The Loki stream labels a record's source has (docs/payloads.md). */
function lokiLabels(r: Record<string, any>): Record<string, string> {
  const k = r.kubernetes ?? {};
  const out: Record<string, string> = {};
  if (k.namespace_name !== undefined) out.namespace = k.namespace_name;
  if (k.pod_name !== undefined) out.pod = k.pod_name;
  if (k.container_name !== undefined) out.container = k.container_name;
  if (r.stream !== 'unknown') out.stream = r.stream;
  for (const [key, v] of Object.entries<string>(k.labels ?? {}).sort(([a], [b]) => (Buffer.compare(Buffer.from(a), Buffer.from(b))))) {
    const name = (/^[0-9]/.test(key.trim()) ? '_' : '') + [...key.trim()].map((ch) => (/[A-Za-z0-9_]/.test(ch) ? ch : '_')).join('');
    if (v === '' || name === '' || name in out || name === 'level') continue;
    out[name] = v;
  }
  return out;
}

// --- the OTLP logs JSON mapping, from opentelemetry-proto's logs.proto / common.proto / resource.proto ---
type Check = (v: unknown, at: string) => void;
const fail = (at: string, what: string) => { throw new Error(`OTLP ${at}: ${what}`); };
const obj = (fields: Record<string, Check>, required: string[] = []): Check => (v, at) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(at, 'not an object');
  for (const [k, x] of Object.entries(v as object)) {
    if (!(k in fields)) fail(at, `unknown field ${k}`);
    fields[k](x, `${at}.${k}`);
  }
  for (const k of required) if (!(k in (v as object))) fail(at, `missing ${k}`);
};
const arr = (item: Check): Check => (v, at) => {
  if (!Array.isArray(v)) fail(at, 'not an array');
  (v as unknown[]).forEach((x, i) => item(x, `${at}[${i}]`));
};
const str: Check = (v, at) => { if (typeof v !== 'string') fail(at, 'not a string'); };
const u64: Check = (v, at) => { if (!(typeof v === 'string' && /^\d+$/.test(v) && BigInt(v) < 2n ** 64n)) fail(at, 'not a uint64 string'); };
const i64: Check = (v, at) => { if (!(typeof v === 'string' && /^-?\d+$/.test(v))) fail(at, 'not an int64 string'); };
const u32: Check = (v, at) => { if (!(Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 32)) fail(at, 'not a uint32'); };
const severity: Check = (v, at) => { if (!(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 24)) fail(at, 'not a SeverityNumber'); };
const bool: Check = (v, at) => { if (typeof v !== 'boolean') fail(at, 'not a bool'); };
const anyValue: Check = (v, at) => {
  obj({ stringValue: str, boolValue: bool, intValue: i64, doubleValue: (x, a) => { if (typeof x !== 'number') fail(a, 'not a double'); }, arrayValue: obj({ values: arr(anyValue) }), kvlistValue: obj({ values: arr(keyValue) }), bytesValue: str })(v, at);
  if (Object.keys(v as object).length !== 1) fail(at, 'AnyValue must set exactly one value');
};
const keyValue: Check = obj({ key: str, value: anyValue }, ['key', 'value']);
const logRecord = obj({
  timeUnixNano: u64, observedTimeUnixNano: u64, severityNumber: severity, severityText: str, body: anyValue,
  attributes: arr(keyValue), droppedAttributesCount: u32, flags: u32, traceId: str, spanId: str, eventName: str,
});
const exportLogsServiceRequest = obj({
  resourceLogs: arr(obj({
    resource: obj({ attributes: arr(keyValue), droppedAttributesCount: u32 }),
    scopeLogs: arr(obj({ scope: obj({ name: str, version: str, attributes: arr(keyValue), droppedAttributesCount: u32 }), logRecords: arr(logRecord), schemaUrl: str })),
    schemaUrl: str,
  })),
}, ['resourceLogs']);

const attrs = (kvs: Array<{ key: string; value: Record<string, unknown> }>) => Object.fromEntries(kvs.map((kv) => [kv.key, Object.values(kv.value)[0]]));
const SEVERITY: Record<string, number> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 };

/** Each kind's body → the records it carries, in a common form, grouped by key (in order within a key). */
function entriesOf(kind: PayloadKind, body: string): Map<string, Array<Record<string, unknown>>> {
  const byKey = new Map<string, Array<Record<string, unknown>>>();
  const add = (key: string, e: Record<string, unknown>) => (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(e);
  if (kind === 'loki') {
    const push = JSON.parse(body);
    expect(Object.keys(push)).toEqual(['streams']);
    for (const s of push.streams) {
      expect(Object.keys(s)).toEqual(['stream', 'values']);
      for (const [k, v] of Object.entries(s.stream)) {
        expect(k).toMatch(LABEL_NAME);
        expect(typeof v).toBe('string');
      }
      for (const v of s.values) {
        expect(v.length === 2 || v.length === 3).toBe(true);
        expect(v[0]).toMatch(/^\d+$/);
        if (v.length === 3) for (const m of Object.values(v[2])) expect(typeof m).toBe('string');
        add(JSON.stringify(s.stream), { ns: v[0], line: v[1], meta: v[2] ?? {} });
      }
    }
  } else if (kind === 'otlp') {
    const req = JSON.parse(body);
    exportLogsServiceRequest(req, 'request');
    for (const rl of req.resourceLogs) {
      expect(rl.scopeLogs.length).toBe(1);
      for (const lr of rl.scopeLogs[0].logRecords) add(JSON.stringify(rl.resource), { ...lr, attributes: attrs(lr.attributes) });
    }
  } else {
    const lines = body.split('\n');
    expect(lines.pop()).toBe('');
    if (kind === 'elasticsearch') {
      expect(lines.length % 2).toBe(0);
      for (let i = 0; i < lines.length; i += 2) {
        expect(lines[i]).toBe('{"create":{}}');
        add('', JSON.parse(lines[i + 1]));
      }
    } else {
      for (const l of lines) {
        const ev = JSON.parse(l);
        for (const v of Object.values(ev.fields)) expect(typeof v).toBe('string');
        add('', ev);
      }
    }
  }
  return byKey;
}

/** What each kind must carry for one NDJSON record, and under which key. */
function expected(kind: PayloadKind, r: Record<string, any>): [string, Record<string, unknown>] {
  const ns = nsOf(r.time); // 0: no time known (an error line before any good one)
  const flags: Record<string, string> = {};
  if (r.error) flags.error = r.error;
  if (r.partial) flags.partial = 'true';
  if (r.truncated) flags.truncated = 'true';
  if (kind === 'loki') {
    return [JSON.stringify(lokiLabels(r)), { ns: String(ns === 0n ? NOW_NS : ns), line: r.log, meta: { ...(r.level ? { level: r.level } : {}), ...flags } }];
  }
  if (kind === 'otlp') {
    const k = r.kubernetes ?? {};
    const resource: Array<[string, Record<string, unknown>]> = [];
    if (k.namespace_name !== undefined) resource.push(['k8s.namespace.name', { stringValue: k.namespace_name }]);
    if (k.pod_name !== undefined) resource.push(['k8s.pod.name', { stringValue: k.pod_name }]);
    if (k.pod_id !== undefined) resource.push(['k8s.pod.uid', { stringValue: k.pod_id }]);
    if (k.container_name !== undefined) resource.push(['k8s.container.name', { stringValue: k.container_name }]);
    if (k.restart_count !== undefined) resource.push(['k8s.container.restart_count', { intValue: String(k.restart_count) }]);
    if (k.docker_id !== undefined) resource.push(['container.id', { stringValue: k.docker_id }]);
    for (const [key, v] of Object.entries<string>(k.labels ?? {})) resource.push([`k8s.pod.label.${key}`, { stringValue: v }]);
    const a: Record<string, unknown> = {};
    if (r.stream !== 'unknown') a['log.iostream'] = r.stream;
    if (r.file !== undefined) a['log.file.path'] = r.file;
    if (r.error) a['logsieve.error'] = r.error;
    if (r.partial) a['logsieve.partial'] = true;
    if (r.truncated) a['logsieve.truncated'] = true;
    if (r.multiline) {
      a['logsieve.multiline'] = r.multiline;
      a['logsieve.log_lines'] = String(r.logLines);
    }
    return [JSON.stringify({ attributes: resource.map(([key, value]) => ({ key, value })) }), {
      timeUnixNano: String(ns), observedTimeUnixNano: String(NOW_NS),
      ...(r.level ? { severityNumber: SEVERITY[r.level], severityText: r.level } : {}),
      body: { stringValue: r.log }, attributes: a,
    }];
  }
  if (kind === 'elasticsearch') {
    const { time, ...rest } = r;
    return ['', { '@timestamp': time, ...rest }];
  }
  const k = r.kubernetes ?? {};
  const fields: Record<string, string> = {};
  if (k.namespace_name !== undefined) fields.namespace = k.namespace_name;
  if (k.pod_name !== undefined) fields.pod = k.pod_name;
  if (k.container_name !== undefined) fields.container = k.container_name;
  if (r.stream !== 'unknown') fields.stream = r.stream;
  if (r.level) fields.level = r.level;
  Object.assign(fields, flags);
  return ['', {
    ...(ns === 0n ? {} : { time: Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9 }),
    ...(r.file !== undefined ? { source: r.file } : {}), sourcetype: 'logsieve', event: r.log, fields,
  }];
}

describe('payload encoders', () => {
  it('every body has its receiver\'s shape and carries exactly the NDJSON records, for any split and batching, both builds', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const records = ndjson('simd', c);
      for (const kind of PAYLOAD_KINDS) {
        const want = new Map<string, Array<Record<string, unknown>>>();
        for (const r of records) {
          const [key, e] = expected(kind, r);
          (want.get(key) ?? want.set(key, []).get(key)!).push(e);
        }
        const simd = bodies('simd', c, kind, false);
        const got = new Map<string, Array<Record<string, unknown>>>();
        for (const body of simd) {
          for (const [key, es] of entriesOf(kind, dec.decode(body))) (got.get(key) ?? got.set(key, []).get(key)!).push(...es);
        }
        if (kind === 'splunk-hec') {
          // seconds as a JSON number: compare to within a microsecond, the rest exactly
          const strip = (m: Map<string, Array<Record<string, unknown>>>) => [...m.values()].flat().map(({ time, ...rest }) => [time === undefined ? undefined : Math.round((time as number) * 1e6), rest]);
          expect(strip(got)).toEqual(strip(want));
        } else {
          expect(got).toEqual(want);
        }
        // any split, and the scalar build: the same bytes
        const joined = (bs: Uint8Array[]) => bs.map((b) => dec.decode(b)).join('\u0000');
        expect(joined(bodies('simd', c, kind, true))).toBe(joined(simd));
        expect(joined(bodies('scalar', c, kind, true))).toBe(joined(simd));
      }
    }), { seed: 20261204, numRuns: 60 });
  });

  it('names its kinds as the engine does; an unknown kind is a TypeError', () => {
    const e = createEngine();
    const x = e.exports;
    const p = x.abi_payload_kinds_ptr();
    expect(dec.decode(new Uint8Array(x.memory.buffer, p, x.abi_payload_kinds_len())).split(',')).toEqual([...PAYLOAD_KINDS]);
    expect(() => new PayloadBatch(e, 'graylog' as PayloadKind)).toThrow(TypeError);
  });
});
