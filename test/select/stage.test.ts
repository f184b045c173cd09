// The select stage on the record path (assembly/select/select.ts, state.ts; engine/sink.ts): a dropped record is
// counted by the filter that dropped it and never as emitted; verdicts that depend only on the source are cached
// per (source, stream, level) and forgotten when the pod's labels or the filters change; a bad filter changes
// nothing; grouping sees every line before select (a trace is kept or dropped whole).
import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';

const TS = '2026-11-24T10:00:00Z';
const dec = new TextDecoder('utf-8', { fatal: true });
const logs = (out: Uint8Array) => dec.decode(out).split('\n').slice(0, -1).map((l) => JSON.parse(l).log as string);
const pods = [
  { namespace: 'prod', name: 'web-1', labels: { app: 'web', tier: 'frontend' } },
  { namespace: 'prod', name: 'cache-1', labels: { app: 'cache', tier: 'cache' } },
  { namespace: 'dev', name: 'api-1', labels: { app: 'api' } },
];
const meta = (namespace: string, pod: string) => ({ kubernetes: { namespace, pod } });

describe.each(BUILDS)('select stage (%s)', (build) => {
  it('a label selector keeps the sources whose pod matches; drops are counted, not emitted', () => {
    const e = createEngine({ build, pods, selector: 'app in (web,api),tier!=cache' });
    const kept: string[] = [];
    for (const [ns, pod] of [['prod', 'web-1'], ['prod', 'cache-1'], ['dev', 'api-1'], ['dev', 'unknown']]) {
      kept.push(...logs(e.source(`${pod}.log`, meta(ns, pod)).pushNdjson(`${TS} stdout F ${pod} a\n${TS} stderr F ${pod} b\n`)));
    }
    // unknown pod: no labels, so `app in (…)` is false
    expect(kept).toEqual(['web-1 a', 'web-1 b', 'api-1 a', 'api-1 b']);
    const c = e.counters();
    expect(c.records).toBe(4);
    expect(c.droppedBySelector).toBe(4);
    expect(c.linesIn).toBe(8);
  });

  it('a pod relabelled mid-stream is selected by its new labels from the next call on', () => {
    const e = createEngine({ build, pods, selector: 'app=web' });
    const s = e.source('x.log', meta('prod', 'cache-1'));
    expect(logs(s.pushNdjson(`${TS} stdout F one\n`))).toEqual([]);
    e.setPod({ namespace: 'prod', name: 'cache-1', labels: { app: 'web' } });
    expect(logs(s.pushNdjson(`${TS} stdout F two\n`))).toEqual(['two']);
    e.removePod('prod', 'cache-1');
    expect(logs(s.pushNdjson(`${TS} stdout F three\n`))).toEqual([]);
  });

  it('setFilters replaces, removes, and on a bad filter changes nothing', () => {
    const e = createEngine({ build, pods, selector: 'app=web' });
    const s = e.source('x.log', meta('prod', 'web-1'));
    expect(logs(s.pushNdjson(`${TS} stdout F a\n`))).toEqual(['a']);
    e.setFilters({ selector: 'app=cache' });
    expect(logs(s.pushNdjson(`${TS} stdout F b\n`))).toEqual([]);
    let err: unknown;
    try {
      e.setFilters({ selector: 'app=web', query: undefined });
      e.setFilters({ selector: 'app in (' });
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(FilterSyntaxError);
    expect((err as FilterSyntaxError).kind).toBe('selector');
    expect((err as FilterSyntaxError).position).toBe(8);
    // the good selector of the first call stays
    expect(logs(s.pushNdjson(`${TS} stdout F c\n`))).toEqual(['c']);
    e.setFilters({ selector: undefined });
    e.setPod({ namespace: 'prod', name: 'web-1', labels: {} });
    expect(logs(s.pushNdjson(`${TS} stdout F d\n`))).toEqual(['d']);
  });

  it('a filter never splits a grouped trace: the whole group is kept or dropped with its source', () => {
    const trace = ['java.lang.IllegalStateException: boom', '\tat a.B.c(B.java:1)', '\tat a.B.d(B.java:2)'];
    const input = trace.map((l) => `${TS} stderr F ${l}\n`).join('') + `${TS} stderr F after\n`;
    const e = createEngine({ build, pods, selector: 'app=web', multiline: { detectors: ['java'] } });
    const web = e.source('w.log', meta('prod', 'web-1'));
    const out = dec.decode(web.pushNdjson(input)) + dec.decode(web.closeNdjson());
    const recs = out.split('\n').slice(0, -1).map((l) => JSON.parse(l));
    expect(recs.map((r) => r.log)).toEqual([trace.join('\n'), 'after']);
    expect(recs[0]).toMatchObject({ multiline: 'java', logLines: 3, level: 'error' });
    const cache = e.source('c.log', meta('prod', 'cache-1'));
    expect(dec.decode(cache.pushNdjson(input)) + dec.decode(cache.closeNdjson())).toBe('');
    expect(e.counters().droppedBySelector).toBe(2); // the group and `after`: records, not lines
  });

  it('the same records whatever the push sizes, with a filter on (both builds agree)', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${TS} ${i % 3 ? 'stdout' : 'stderr'} ${i % 5 ? 'F' : 'P'} line ${i}\n`).join('');
    const run = (b: typeof build, size: number) => {
      const e = createEngine({ build: b, pods, selector: '!tier' });
      const s = e.source('a.log', meta('dev', 'api-1'));
      let out = '';
      for (let o = 0; o < lines.length; o += size) out += dec.decode(s.pushNdjson(lines.slice(o, o + size)));
      return out + dec.decode(s.closeNdjson());
    };
    const whole = run(build, lines.length);
    expect(whole.length).toBeGreaterThan(0);
    for (const size of [1, 7, 64, 1000]) expect(run(build, size)).toBe(whole);
    expect(run(build === 'simd' ? 'scalar' : 'simd', 13)).toBe(whole);
  });

  it('LogQL: stream labels per (source, stream, level), line filters per record, drops counted', () => {
    const e = createEngine({ build, pods, query: '{namespace="prod", app=~"web|cache", stream="stderr", level!="debug"} |= "x"' });
    const web = e.source('w.log', meta('prod', 'web-1'));
    const out = logs(web.pushNdjson(
      `${TS} stdout F x1\n${TS} stderr F x2\n${TS} stderr F DEBUG x3\n${TS} stderr F ERROR x4\n${TS} stderr F y5\n`));
    expect(out).toEqual(['x2', 'ERROR x4']);
    const api = e.source('a.log', meta('dev', 'api-1'));
    expect(logs(api.pushNdjson(`${TS} stderr F x6\n`))).toEqual([]);
    const c = e.counters();
    expect(c.droppedByQuery).toBe(4);
    expect(c.records).toBe(2);
  });

  it('LogQL keeps a line its pipeline failed on, marked as Loki marks it (__error__), and counts it', () => {
    const e = createEngine({ build, query: '| json | status >= 500' });
    const s = e.source('x.log');
    const text = dec.decode(s.pushNdjson(
      `${TS} stdout F {"status":503}\n${TS} stdout F {"status":"oops"}\n${TS} stdout F {"status":200}\n${TS} stdout F not json\n`));
    const recs = text.split('\n').slice(0, -1).map((l) => JSON.parse(l));
    expect(recs.map((r) => [r.log, r.__error__])).toEqual([['{"status":503}', undefined], ['{"status":"oops"}', 'LabelFilterErr']]);
    const c = e.counters();
    expect(c.queryErrors).toBe(1);
    expect(c.droppedByQuery).toBe(2);
    const e2 = createEngine({ build, query: '| json' });
    const [r] = [...e2.source('y.log').push(`${TS} stdout F not json\n`)];
    expect(r.queryError).toBe('JSONParserErr');
    expect(r.toJSON().__error__).toBe('JSONParserErr');
  });

  it('a bad query is a FilterSyntaxError with the position; what LogQL has that a pipeline cannot do is refused', () => {
    const e = createEngine({ build });
    for (const [q, pos] of [['{app="web"', 10], ['|= "a" | line_format "{{.x}}"', 9], ['sum(rate({a="b"}[1m]))', 0]] as const) {
      let err: FilterSyntaxError | undefined;
      try {
        e.setFilters({ query: q });
      } catch (x) {
        err = x as FilterSyntaxError;
      }
      expect(err, q).toBeInstanceOf(FilterSyntaxError);
      expect(err!.kind).toBe('query');
      expect(err!.position, q).toBe(pos);
    }
  });

  it('levels: false leaves `level` out of NDJSON and records; a filter on levels still reads them', () => {
    const input = `${TS} stdout F ERROR boom\n${TS} stdout F INFO fine\n`;
    const on = createEngine({ build }).source('a.log');
    expect(dec.decode(on.pushNdjson(input))).toContain('"level":"error"');
    const off = createEngine({ build, levels: false });
    const s = off.source('a.log');
    const text = dec.decode(s.pushNdjson(input));
    expect(text).not.toContain('"level"');
    expect([...s.push(input)].map((r) => r.level)).toEqual([undefined, undefined]);
    const filtered = createEngine({ build, levels: false, query: '{level="error"}' }).source('b.log');
    expect(logs(filtered.pushNdjson(input))).toEqual(['ERROR boom']);
    expect(() => createEngine({ build, levels: 'no' as never })).toThrow(TypeError);
  });
});
