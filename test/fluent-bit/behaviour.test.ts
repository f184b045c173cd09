// The Fluent Bit module's own behaviour (harness.ts loads it as WAMR does): its settings file and their errors,
// ticks for quiet containers, per-tag state and its bounds, Fluent Bit's kubernetes map, and that no input makes
// it answer anything but one JSON object or "" (anything else makes Fluent Bit lose records or double-free).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flbString, modulesPerTest, rawRecord, tagOf } from './harness.ts';

const enc = new TextEncoder();
const load = modulesPerTest();

const ID = 'a'.repeat(64);
const pathOf = (container: string, ns = 'shop', pod = 'web-7d9f8b6c5d-x2x4q') =>
  `/var/log/containers/${pod}_${ns}_${container}-${ID}.log`;
const cri = (stream: string, p: string, text: string, t = '2026-11-24T10:00:00.5Z') =>
  rawRecord(enc.encode(`${t} ${stream} ${p} ${text}`));
const JAVA = [
  'java.lang.IllegalStateException: boom',
  '\tat com.example.Shop.checkout(Shop.java:42)',
  '\tat com.example.Main.main(Main.java:7)',
];

/** An answer: "" or exactly one JSON object (what Fluent Bit accepts). */
function parseAnswer(a: string): Record<string, unknown> | undefined {
  if (a === '') return undefined;
  const v = JSON.parse(a);
  expect(typeof v === 'object' && v !== null && !Array.isArray(v)).toBe(true);
  return v;
}

describe('settings (logsieve.json in an accessible path)', () => {
  it('without a file: default settings, said once on stderr', () => {
    const m = load();
    expect(m.stderr()).toMatch(/^\[logsieve\] no logsieve\.json in accessible_paths: default settings\n$/);
    const r = parseAnswer(m.call(tagOf(pathOf('app')), cri('stdout', 'F', 'hello')));
    expect(r).toMatchObject({ log: 'hello', stream: 'stdout', kubernetes: { namespace_name: 'shop', container_name: 'app' } });
  });

  it.each([
    ['{"multiline": "all",\n "mutliline": 1}', 2, 2, /unknown option "mutliline"/],
    ['{"multiline": "al"}', 1, 15, /unknown detector "al"/],
    ['{"maxRecordBytes": 0}', 1, 20, /maxRecordBytes must be an integer from 1 to/],
    ['{"multiline": {"idleMs": -1}}', 1, 26, /multiline.idleMs must be a number of ms/],
    ['{"levels": "yes"}', 1, 12, /levels must be true or false/],
    ['{"selector": "app in (a"}', 1, 14, /selector: .* at position \d+/],
    ['{"query": "{app=\\"x\\"} |= "}', 1, 11, /query: .* at position \d+/],
    ['{"grep": "Regex log ("}', 1, 10, /grep: .* at position \d+/],
    ['{"multiline": {"rules": {"start": "("}}}', 1, 35, /multiline.rules.start: .* at position \d+/],
    ['{"format": "cri"} x', 1, 19, /text after the settings object/],
    ['{"format": "cri"', 1, 17, /unexpected end of file/],
    ['[1]', 1, 1, /logsieve.json is one JSON object/],
  ])('%j is refused with its line and column, and records pass through unchanged', (text, line, col, message) => {
    const m = load(text);
    const err = m.stderr();
    expect(err).toMatch(new RegExp(`^\\[logsieve\\] .*logsieve\\.json:${line}:${col}: `));
    expect(err).toMatch(message);
    expect(err).toMatch(/records pass through unchanged\n$/);
    const rec = cri('stdout', 'F', 'hello ✓');
    expect(m.call(tagOf(pathOf('app')), rec)).toBe(rec);
    expect(m.stats().passthrough).toBe(true);
  });

  it('takes every library option under its own name', () => {
    const m = load({
      format: 'cri', levels: false, maxRecordBytes: 4096, maxLineBytes: 8192, maxHeldBytes: 1 << 20,
      multiline: { detectors: ['java', 'python'], maxLines: 50, maxBytes: 4096, idleMs: 500, maxAgeMs: 5000, leadLine: false },
      selector: 'app!=db', query: '{namespace="shop"} != "healthz"',
      grep: { rules: [{ type: 'exclude', key: 'log', pattern: '^DEBUG' }], logicalOp: 'legacy' },
      tagPrefix: 'k8s.', tagIdleMs: 10_000, maxTags: 16,
    });
    expect(m.stderr()).toMatch(/^\[logsieve\] settings from .*logsieve\.json\n$/);
    const tag = `k8s.${pathOf('app').slice(1).replace(/\//g, '.')}`;
    const r = parseAnswer(m.call(tag, cri('stdout', 'F', 'ERROR x')))!;
    expect(r.level).toBeUndefined(); // levels: false
    expect(r.file).toBe(pathOf('app')); // tagPrefix k8s. stripped
    expect(m.call(tag, cri('stdout', 'F', 'GET /healthz'))).toBe(''); // the query's line filter
    expect(m.call(tag, cri('stdout', 'F', 'DEBUG y'))).toBe(''); // grep's exclude
    expect(m.stats()).toMatchObject({ passthrough: false, records: 3, recordsOut: 1 });
  });

  it('grep rules as text and multiline rules', () => {
    const m = load({ grep: 'Regex log keep', multiline: { rules: { start: '^BEGIN', end: '^END' } } });
    const tag = tagOf(pathOf('app'));
    expect(m.call(tag, cri('stdout', 'F', 'drop me'))).toBe('');
    expect(m.call(tag, cri('stdout', 'F', 'BEGIN keep'))).toBe('');
    const r = parseAnswer(m.call(tag, cri('stdout', 'F', 'END')))!;
    expect(r).toMatchObject({ log: 'BEGIN keep\nEND', multiline: 'custom', logLines: 2 });
  });
});

describe('one record in, at most one out', () => {
  it('a trace is held, then comes out whole in the call of the line after it; that line waits for the next call', () => {
    const m = load({ multiline: 'all' });
    const tag = tagOf(pathOf('app'));
    for (const l of JAVA) expect(m.call(tag, cri('stderr', 'F', l))).toBe('');
    const trace = parseAnswer(m.call(tag, cri('stderr', 'F', 'next line')))!;
    expect(trace).toMatchObject({ log: JAVA.join('\n'), multiline: 'java', logLines: 3, level: 'error' });
    expect(m.stats().waiting).toBe(1);
    expect(parseAnswer(m.call(tag, cri('stderr', 'F', 'after')))).toMatchObject({ log: 'next line' });
    expect(parseAnswer(m.call(tag, cri('stdout', 'P', 'half ')))).toMatchObject({ log: 'after' });
    expect(parseAnswer(m.call(tag, cri('stdout', 'F', 'whole')))).toMatchObject({ log: 'half whole' });
    expect(m.stats().waiting).toBe(0);
  });

  it('an overlong newline Fluent Bit decoded into the log does not split the line: it reads as U+FFFD', () => {
    const m = load();
    const tag = tagOf(pathOf('app'));
    const line = Uint8Array.from([...enc.encode('2026-11-24T10:00:00.5Z stdout F ab'), 0xc0, 0x8a, 0x63, 0x64]);
    expect(flbString(line)).toContain('ab\\u000acd');
    const r = parseAnswer(m.call(tag, rawRecord(line)))!;
    expect(r).toMatchObject({ log: 'ab\ufffdcd', stream: 'stdout' });
    expect(m.stats().waiting).toBe(0);
  });

  it('a record without a "log" string passes through unchanged', () => {
    const m = load({ multiline: 'all' });
    for (const rec of ['{"message":"x"}', '{"log":5}', '{}', '{"log":null,"a":[1,2]}']) {
      expect(m.call('kube.x', rec)).toBe(rec);
    }
    expect(m.stats().passedThrough).toBe(4);
  });

  it('records of other tags never come out under this tag', () => {
    const m = load({ multiline: 'all' });
    const a = tagOf(pathOf('a')), b = tagOf(pathOf('b'));
    for (const l of JAVA) m.call(a, cri('stderr', 'F', l));
    const r = parseAnswer(m.call(b, cri('stdout', 'F', 'b says hi')))!;
    expect(r.kubernetes).toMatchObject({ container_name: 'b' });
    expect(parseAnswer(m.call(a, cri('stderr', 'F', 'done')))).toMatchObject({ multiline: 'java', kubernetes: { container_name: 'a' } });
  });
});

describe('ticks: the last trace of a quiet container', () => {
  it('a trace idle longer than multiline.idleMs comes out on the next tick, not before', () => {
    const m = load({ multiline: { detectors: 'all', idleMs: 3000 } });
    const tag = tagOf(pathOf('app'));
    for (const l of JAVA) m.call(tag, cri('stderr', 'F', l));
    m.advance(2999);
    expect(m.tick()).toBe('');
    m.advance(2);
    const r = parseAnswer(m.tick())!;
    expect(r).toMatchObject({ log: JAVA.join('\n'), multiline: 'java', file: pathOf('app') });
    expect(m.tick()).toBe('');
    expect(m.stats()).toMatchObject({ ticks: 3, tickRecords: 1, waiting: 0 });
  });

  it('one tick releases one record: waiting records first, then idle traces oldest first', () => {
    const m = load({ multiline: 'all' });
    const tags = ['a', 'b', 'c'].map((c) => tagOf(pathOf(c)));
    for (const t of tags) for (const l of JAVA) m.call(t, cri('stderr', 'F', `${l} ${t.slice(-70, -67)}`));
    m.advance(3001);
    const out = [];
    for (let i = 0; i < 10; i++) {
      const r = parseAnswer(m.tick());
      if (r) out.push((r.kubernetes as { container_name: string }).container_name);
    }
    expect(out).toEqual(['a', 'b', 'c']);
  });

  it('a tag idle longer than tagIdleMs is closed: its held piece and open trace come out on ticks, its state is freed', () => {
    const m = load({ multiline: 'all', tagIdleMs: 10_000 });
    const tag = tagOf(pathOf('app'));
    m.call(tag, cri('stdout', 'P', 'a piece without its end'));
    expect(m.stats().tagsOpen).toBe(1);
    m.advance(10_001);
    const r = parseAnswer(m.tick())!;
    expect(r).toMatchObject({ log: 'a piece without its end', partial: true });
    expect(m.stats()).toMatchObject({ tagsOpen: 0, tagsClosedIdle: 1 });
  });

  it('maxTags bounds the open tags: the least recently used is closed, and nothing it held is lost', () => {
    const m = load({ multiline: 'all', maxTags: 4 });
    const held = new Set<string>();
    for (let i = 0; i < 20; i++) {
      m.call(tagOf(pathOf(`c${i}`)), cri('stdout', 'P', `piece ${i}`));
      held.add(`piece ${i}`);
      expect(m.stats().tagsOpen).toBeLessThanOrEqual(4);
    }
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const r = parseAnswer(m.tick());
      if (r) seen.add(r.log as string);
    }
    m.advance(400_000);
    for (let i = 0; i < 100; i++) {
      const r = parseAnswer(m.tick());
      if (r) seen.add(r.log as string);
    }
    expect(seen).toEqual(held);
    expect(m.stats()).toMatchObject({ tagsClosedLimit: 16, waiting: 0 });
  });
});

describe('records Fluent Bit parsed, with its kubernetes map', () => {
  it('the kubernetes filter\'s labels feed selectors; the map is read again only when it changes', () => {
    const m = load({ selector: 'app=web,tier!=db' });
    const kube = (labels: Record<string, string>) => JSON.stringify({
      pod_name: 'web-1', namespace_name: 'shop', pod_id: 'f1e2d3c4-0000-4000-8000-000000000001', labels,
      annotations: { note: 'é' }, host: 'node-1', container_name: 'web', docker_id: ID, container_image: 'web:1',
    });
    const rec = (log: string, labels: Record<string, string>) =>
      `{"time":"2026-11-24T10:00:00.5Z","stream":"stdout","_p":"F","log":${flbString(enc.encode(log))},"kubernetes":${kube(labels)}}`;
    const tag = 'kube.var.log.containers.x.log';
    const r = parseAnswer(m.call(tag, rec('hello ✓', { app: 'web' })))!;
    expect(r).toMatchObject({
      log: 'hello ✓', stream: 'stdout', time: '2026-11-24T10:00:00.500000000Z',
      kubernetes: { pod_name: 'web-1', namespace_name: 'shop', labels: { app: 'web' }, annotations: { note: 'é' } },
    });
    expect(m.call(tag, rec('no', { app: 'web', tier: 'db' }))).toBe('');
    expect(m.call(tag, rec('yes', { app: 'web', tier: 'fe' }))).not.toBe('');
    expect(m.stats().kubernetesMalformed).toBe(0);
  });

  it('a parsed record without "time" takes Fluent Bit\'s timestamp; "_p":"P" pieces are joined', () => {
    const m = load();
    const tag = 'kube.var.log.containers.x.log';
    expect(m.call(tag, '{"stream":"stderr","_p":"P","log":"one "}', 1_764_000_000, 250_000_000)).toBe('');
    const r = parseAnswer(m.call(tag, '{"stream":"stderr","_p":"F","log":"two"}', 1_764_000_000, 250_000_000))!;
    expect(r).toMatchObject({ log: 'one two', stream: 'stderr', time: '2025-11-24T16:00:00.250000000Z' });
  });
});

describe('tagMetadata: what records take from the tag\'s path', () => {
  it('on (the default): `file` and the kubernetes map from the path; off: neither, and no path label to select on', () => {
    const tag = tagOf(pathOf('web'));
    const on = parseAnswer(load().call(tag, cri('stdout', 'F', 'hello')))!;
    expect(on).toMatchObject({ log: 'hello', file: pathOf('web'), kubernetes: { namespace_name: 'shop', container_name: 'web', docker_id: ID } });
    const off = parseAnswer(load({ tagMetadata: false }).call(tag, cri('stdout', 'F', 'hello')))!;
    expect(off).toEqual({ time: '2026-11-24T10:00:00.500000000Z', stream: 'stdout', log: 'hello' });
    // LogQL's stream labels from the path are gone with it: a selector on them keeps nothing
    expect(load({ tagMetadata: false, query: '{namespace="shop"}' }).call(tag, cri('stdout', 'F', 'hello'))).toBe('');
    expect(load({ query: '{namespace="shop"}' }).call(tag, cri('stdout', 'F', 'hello'))).not.toBe('');
  });

  it('off: a kubernetes map the record brings is still kept and still feeds selectors', () => {
    const m = load({ tagMetadata: false, selector: 'app=web' });
    const kube = JSON.stringify({ pod_name: 'web-1', namespace_name: 'shop', container_name: 'web', labels: { app: 'web' } });
    const r = parseAnswer(m.call(tagOf(pathOf('web')), `{"time":"2026-11-24T10:00:00.5Z","stream":"stdout","_p":"F","log":"x","kubernetes":${kube}}`))!;
    expect(r).toMatchObject({ log: 'x', kubernetes: { pod_name: 'web-1', labels: { app: 'web' } } });
    expect(r.file).toBeUndefined();
  });

  it('a value that is not a boolean is a settings error with its position', () => {
    const m = load('{"tagMetadata": "no"}');
    expect(m.stats().passthrough).toBe(true);
    expect(m.stderr()).toMatch(/logsieve\.json:1:\d+: .*tagMetadata/);
  });
});

describe('never anything but one JSON object or ""', () => {
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, fc.string({ unit: 'binary' }), fc.double(), fc.boolean(), fc.constant(null),
      fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 3 })),
  })).v;
  const bytes = fc.uint8Array({ maxLength: 200 });
  const record = fc.oneof(
    // raw tail records whose line is anything at all, CRI-like or not
    fc.oneof(bytes, fc.tuple(fc.constantFrom('stdout', 'stderr', 'x'), fc.constantFrom('P', 'F', 'Z'), bytes)
      .map(([s, p, b]) => Uint8Array.from([...enc.encode(`2026-11-24T10:00:00Z ${s} ${p} `), ...b])))
      .map((b) => rawRecord(b)),
    // parsed-looking records with odd members
    fc.record({ log: value, stream: value, time: value, _p: value, kubernetes: value }, { requiredKeys: [] })
      .map((o) => JSON.stringify(o)),
    // not an object at all, or broken JSON (Fluent Bit never sends these; the module must still answer)
    fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.constantFrom('{"logsieve":"tick"}', '{"log":"\\ud800"}', '{"log":"\\u12"}', '{"log":"a', '{"log":"x"} {"log":"y"}'),
  );

  it('property: any records on any tags, with ticks and time passing', () => {
    const m = load({ multiline: 'all', maxTags: 8, tagIdleMs: 5000, query: '!= "zz"' });
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(11), record, fc.nat(3000)), { maxLength: 40 }), (calls) => {
      for (const [t, rec, ms] of calls) {
        m.advance(ms);
        const a = t === 11 ? m.tick() : m.call(`kube.var.log.containers.p${t}_ns_c-${ID}.log`, rec);
        if (a !== '' && a !== rec) parseAnswer(a);
      }
    }), { numRuns: 300, seed: 0x5eed });
    expect(m.stats().passthrough).toBe(false);
  });

  it('10,000 malformed lines mixed with good ones: every good one comes out, every bad one as an error record', () => {
    const m = load({ multiline: 'all' });
    const tag = tagOf(pathOf('app'));
    // (a line from tail never holds a '\n')
    const r = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 120 }).map((b) => b.filter((c) => c !== 0x0a)),
      { numRuns: 10_000, seed: 42 });
    let good = 0, errors = 0, out = 0;
    const take = (a: string) => {
      const v = parseAnswer(a);
      if (!v) return;
      out++;
      if (v.error !== undefined) errors++;
      else if (typeof v.log === 'string' && (v.log as string).startsWith('good ')) good++;
    };
    for (let i = 0; i < r.length; i++) {
      // garbage that cannot parse as CRI: it starts with a byte no timestamp starts with
      take(m.call(tag, rawRecord(Uint8Array.from([0x7e, ...r[i]]))));
      take(m.call(tag, cri('stdout', 'F', `good ${i}`)));
    }
    m.advance(400_000);
    for (let i = 0; i < 1000; i++) take(m.tick());
    expect(good).toBe(10_000);
    expect(errors).toBe(10_000);
    expect(out).toBe(20_000);
  });

  it('memory stops growing: 200,000 records over 50 tags', () => {
    const m = load({ multiline: 'all', maxTags: 64 });
    const run = (n: number) => {
      for (let i = 0; i < n; i++) {
        const tag = tagOf(pathOf(`c${i % 50}`));
        m.call(tag, cri(i % 3 ? 'stdout' : 'stderr', i % 7 ? 'F' : 'P', i % 11 ? `line ${i}` : JAVA[i % 3]));
        if (i % 100 === 0) {
          m.advance(4000);
          m.tick();
        }
      }
    };
    run(50_000);
    const after = m.memoryBytes();
    run(150_000);
    for (let i = 0; i < 20_000; i++) m.stats(); // its strings are collected
    expect(m.memoryBytes()).toBe(after);
  });
});
