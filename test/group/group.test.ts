// The group stage on the engine's record path (assembly/group/group.ts, engine/sink.ts): traces become one
// record per (source, stream) exactly as the detector groups their lines; streams never mix; partial pieces
// are joined first; limits cut with a truncated first part and a continuation; idle/age flushes by the host
// clock; close and flush() release; the budget covers groups; grouping is off unless asked for.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine, type NodeEngineOptions } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';
import { LANG, actions, groupsOf } from './detect/driver.ts';

const TS = '2024-05-01T12:00:01Z';
const cri = (stream: string, l: string, tag = 'F') => `${TS} ${stream} ${tag} ${l}\n`;
const docker = (stream: string, l: string) => `${JSON.stringify({ log: `${l}\n`, stream, time: TS })}\n`;

const JAVA = [
  'Exception in thread "main" java.lang.IllegalStateException: boom',
  '\tat com.example.App.run(App.java:10)',
  '\tat com.example.App.main(App.java:5)',
  'Caused by: java.io.IOException: disk',
  '\tat com.example.Io.read(Io.java:3)',
  '\t... 2 more',
];

interface Rec { stream: string; log: string; multiline?: string; logLines?: number; truncated?: true; partial?: true; error?: string }

function run(text: string | string[], opts: NodeEngineOptions, steps: Array<'flush' | number> = []): Rec[] {
  const e = createEngine(opts);
  const s = e.source();
  const out: Rec[] = [];
  const take = (b: { toObjects(): Rec[] }) => out.push(...b.toObjects().map(({ stream, log, multiline, logLines, truncated, partial, error }) =>
    JSON.parse(JSON.stringify({ stream, log, multiline, logLines, truncated, partial, error }))));
  for (const chunk of Array.isArray(text) ? text : [text]) take(s.push(chunk));
  for (const st of steps) take(st === 'flush' ? s.flush() : s.flush(st));
  take(s.close());
  return out;
}

const conformanceDir = new URL('../../../shared/conformance/detect-exceptions/', import.meta.url);
const present = existsSync(new URL('expected.json', conformanceDir));
if (!present) console.warn(`\n!!!!!!!! detect-exceptions corpus NOT FOUND at ${conformanceDir.pathname} — engine grouping conformance SKIPPED !!!!!!!!\n`);

describe.each(BUILDS)('group stage (%s)', (build) => {
  const all = { build, multiline: { detectors: 'all' as const } };

  describe.skipIf(!present)('conformance samples through the engine', () => {
    const samples = present ? JSON.parse(readFileSync(new URL('expected.json', conformanceDir), 'utf8')) : [];
    it('every sample and sequence stream, as CRI and as Docker content, is grouped as the detector groups it', () => {
      let checked = 0;
      for (const sample of samples) {
        for (const lines of [sample.lines, sample.sequence.lines] as string[][]) {
          const chomped = lines.map((l) => l.replace(/\n$/, ''));
          const want = groupsOf(actions(build, LANG.all, chomped)).map(([a, b]) => chomped.slice(a, b + 1).join('\n'));
          for (const fmt of [cri, docker]) {
            const got = run(chomped.map((l) => fmt('stdout', l)).join(''), all);
            expect(got.map((r) => r.log), `${sample.file} ${fmt.name}`).toEqual(want);
            checked++;
          }
        }
      }
      expect(checked).toBe(samples.length * 4);
    });
  });

  it('a Java trace is one record with the first line\'s time, the detector and its line count; other lines pass', () => {
    const got = run(['starting', ...JAVA, 'next'].map((l) => cri('stdout', l)).join(''), all);
    expect(got).toEqual([
      { stream: 'stdout', log: 'starting' },
      { stream: 'stdout', log: JAVA.join('\n'), multiline: 'java', logLines: 6 },
      { stream: 'stdout', log: 'next' },
    ]);
  });

  it('the other stream never breaks or joins a trace', () => {
    const text = JAVA.map((l, i) => cri('stdout', l) + cri('stderr', `noise ${i}`)).join('');
    const got = run(text, all);
    expect(got.filter((r) => r.stream === 'stdout')).toEqual([{ stream: 'stdout', log: JAVA.join('\n'), multiline: 'java', logLines: 6 }]);
    expect(got.filter((r) => r.stream === 'stderr').map((r) => r.log)).toEqual(JAVA.map((_, i) => `noise ${i}`));
  });

  it('a trace line split into CRI P pieces is whole before grouping', () => {
    const split = cri('stdout', JAVA[1].slice(0, 10), 'P') + cri('stdout', JAVA[1].slice(10));
    const got = run(cri('stdout', JAVA[0]) + split + JAVA.slice(2).map((l) => cri('stdout', l)).join(''), all);
    expect(got).toEqual([{ stream: 'stdout', log: JAVA.join('\n'), multiline: 'java', logLines: 6 }]);
  });

  it('error lines (stream unknown) pass alone and leave the trace open', () => {
    const got = run(cri('stdout', JAVA[0]) + 'garbage\n' + JAVA.slice(1).map((l) => cri('stdout', l)).join(''), all);
    expect(got.map((r) => r.error ?? r.multiline)).toEqual(['bad_timestamp', 'java']);
    expect(got[1].log).toBe(JAVA.join('\n'));
  });

  it('maxLines: the first part is flagged truncated and the rest goes on as a continuation, never line by line', () => {
    const got = run(JAVA.map((l) => cri('stdout', l)).join(''), { build, multiline: { detectors: 'all', maxLines: 4 } });
    expect(got.map((r) => [r.logLines, r.truncated ?? false, r.multiline])).toEqual([[4, true, 'java'], [2, false, 'java']]);
    expect(got.map((r) => r.log).join('\n')).toBe(JAVA.join('\n'));
  });

  it('maxBytes cuts the same way', () => {
    const got = run(JAVA.map((l) => cri('stdout', l)).join(''), { build, multiline: { detectors: 'all', maxBytes: 120 } });
    expect(got.length).toBeGreaterThan(1);
    expect(got.slice(0, -1).every((r) => r.truncated && r.log.length <= 120)).toBe(true);
    expect(got.map((r) => r.log).join('\n')).toBe(JAVA.join('\n'));
  });

  it('flush(now) releases a group idle longer than idleMs or older than maxAgeMs, by the host clock only', () => {
    let now = 1000;
    const e = createEngine({ build, multiline: { detectors: 'all', idleMs: 3000, maxAgeMs: 10_000 }, clock: () => now });
    const s = e.source();
    expect(s.push(JAVA.slice(0, 3).map((l) => cri('stdout', l)).join('')).length).toBe(0);
    expect(s.flush(3999).length).toBe(0); // idle 2999 ms: kept
    expect(s.flush(4001).toObjects().map((r) => r.logLines)).toEqual([3]); // idle 3001 ms: out
    // a trace that keeps growing comes out when it is older than maxAgeMs, and goes on as a continuation
    for (let t = 0; t < 12; t++) {
      now = 10_000 + t * 1000;
      s.push(cri('stdout', t === 0 ? JAVA[0] : JAVA[1]));
    }
    const aged = s.flush(now + 1).toObjects();
    expect(aged.map((r) => r.logLines)).toEqual([12]);
    expect(s.close().length).toBe(0);
  });

  it('close() and flush() without a time release open groups', () => {
    expect(run(JAVA.slice(0, 2).map((l) => cri('stdout', l)).join(''), all).map((r) => r.logLines)).toEqual([2]);
    expect(run(JAVA.slice(0, 2).map((l) => cri('stdout', l)).join(''), all, ['flush']).map((r) => r.logLines)).toEqual([2]);
  });

  it('off by default; a source can turn it on or off for itself', () => {
    const text = JAVA.map((l) => cri('stdout', l)).join('');
    expect(run(text, { build }).length).toBe(6);
    const e = createEngine({ build, multiline: { detectors: 'all' } });
    expect(e.source(undefined, { multiline: { detectors: 'none' } }).pushCount(text)).toBe(6);
    const only = createEngine({ build }).source(undefined, { multiline: { detectors: ['java'] } });
    expect(only.push(text).length + only.close().length).toBe(1);
    expect(() => createEngine({ build, multiline: { detectors: ['cobol' as never] } })).toThrow(/unknown detector "cobol"/);
  });

  it('the held-bytes budget covers open groups: many sources, a tiny budget, every byte out', () => {
    const e = createEngine({ build, multiline: { detectors: 'all' }, maxHeldBytes: 300 });
    const sources = Array.from({ length: 20 }, () => e.source());
    let logs = '';
    for (const s of sources) logs += s.push(JAVA.slice(0, 3).map((l) => cri('stdout', l)).join('')).toObjects().map((r) => r.log).join('\n');
    for (const s of sources) logs += s.close().toObjects().map((r) => r.log).join('\n');
    expect(e.counters().budgetReleases).toBeGreaterThan(0);
    expect(logs.split('\tat com.example.App.run').length - 1).toBe(20);
  });

  it('any split of the input gives the same records, and every input line is in exactly one record', () => {
    const line = fc.oneof(
      fc.constantFrom(...JAVA, 'Traceback (most recent call last):', '  File "x.py", line 1, in <module>', '    foo()',
        'ValueError: bad', 'panic: oops', '', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:5 +0x1', 'plain'),
      fc.string({ maxLength: 20 }).map((s) => s.replace(/\n/g, ' ')),
    );
    fc.assert(fc.property(
      fc.array(fc.tuple(line, fc.constantFrom('stdout', 'stderr'), fc.boolean()), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }),
      (ls, cuts) => {
        const text = ls.map(([l, st, p]) => (p && l.length > 3 ? cri(st, l.slice(0, 3), 'P') + cri(st, l.slice(3)) : cri(st, l))).join('');
        const bytes = Buffer.from(text);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let prev = 0;
        for (const p of points) { chunks.push(bytes.subarray(prev, p)); prev = p; }
        chunks.push(bytes.subarray(prev));
        const whole = run(text, all);
        expect(run(chunks.map((c) => c.toString('latin1')).map((c) => Buffer.from(c, 'latin1')) as never, all)).toEqual(whole);
        expect(whole.reduce((a, r) => a + (r.logLines ?? 1), 0)).toBe(ls.length);
      },
    ), { numRuns: 150, seed: 7 });
  });
});

describe.each(BUILDS)('user multiline rules (%s)', (build) => {
  const rules = (r: { start: string; continue?: string; end?: string }, detectors: 'all' | 'none' = 'none') =>
    ({ build, multiline: { detectors, rules: r } });

  it('start: a matching line begins a record, the others append (Alloy firstline)', () => {
    const got = run(['[INFO] a', '  more a', '[WARN] b', 'more b', 'more b2'].map((l) => cri('stdout', l)).join(''), rules({ start: '^\\[' }));
    expect(got.map((r) => [r.log, r.multiline, r.logLines])).toEqual([
      ['[INFO] a\n  more a', 'custom', 2], ['[WARN] b\nmore b\nmore b2', 'custom', 3],
    ]);
  });

  it('continue: only matching lines append; a line that does not continue passes alone', () => {
    const got = run(['BEGIN x', ' cont1', ' cont2', 'other', 'BEGIN y'].map((l) => cri('stdout', l)).join(''),
      rules({ start: '^BEGIN', continue: '^ ' }));
    expect(got.map((r) => [r.log, r.multiline ?? null])).toEqual([
      ['BEGIN x\n cont1\n cont2', 'custom'], ['other', null], ['BEGIN y', 'custom'],
    ]);
  });

  it('end: the matching line appends and ends the record; a start that also ends is one line', () => {
    const got = run(['{', 'a', '}', 'loose', '{}'].map((l) => cri('stdout', l)).join(''), rules({ start: '^\\{', end: '\\}$' }));
    expect(got.map((r) => [r.log, r.multiline ?? null])).toEqual([['{\na\n}', 'custom'], ['loose', null], ['{}', 'custom']]);
  });

  it('precedence: a held user record is decided by the rules; otherwise a start match wins over the detectors', () => {
    const got = run(['>> job', 'java.lang.IllegalStateException: x', '\tat a.B.c(B.java:1)', 'end'].map((l) => cri('stdout', l)).join(''),
      rules({ start: '^>>' }, 'all'));
    expect(got.map((r) => r.multiline)).toEqual(['custom']);
    const trace = run([...JAVA.slice(0, 2), '>> job', 'x'].map((l) => cri('stdout', l)).join(''), rules({ start: '^>>' }, 'all'));
    expect(trace.map((r) => [r.multiline, r.logLines])).toEqual([['java', 2], ['custom', 2]]);
  });

  it('a bad rule is a RegexSyntaxError naming the rule and the position', () => {
    expect(() => createEngine(rules({ start: '^(', end: 'x' }))).toThrow(/multiline\.rules\.start: .*/);
    try {
      createEngine(rules({ start: 'ok', continue: 'a[' }));
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/^multiline\.rules\.continue/);
      expect((err as { position: number }).position).toBe(1);
    }
  });
});

describe.each(BUILDS)('lead line (%s)', (build) => {
  const LEAD = '2026-01-01 12:00:00 ERROR [main] c.e.App : Request failed';
  it('a logger ERROR line right before a trace joins it; held one line only; off with leadLine: false', () => {
    const text = [LEAD, ...JAVA.slice(0, 2), LEAD, 'plain'].map((l) => cri('stdout', l)).join('');
    expect(run(text, { build, multiline: { detectors: 'all' } }).map((r) => [r.multiline ?? null, r.logLines ?? 1])).toEqual([
      ['java', 3], [null, 1], [null, 1],
    ]);
    expect(run(text, { build, multiline: { detectors: 'all', leadLine: false } }).map((r) => [r.multiline ?? null, r.logLines ?? 1])).toEqual([
      [null, 1], ['java', 2], [null, 1], [null, 1],
    ]);
  });

  it('the other stream neither joins nor releases a held lead line; close releases it alone', () => {
    const text = cri('stdout', LEAD) + cri('stderr', 'noise') + JAVA.slice(0, 2).map((l) => cri('stdout', l)).join('');
    const got = run(text, { build, multiline: { detectors: 'all' } });
    expect(got.find((r) => r.stream === 'stdout')).toMatchObject({ multiline: 'java', logLines: 3 });
    expect(run(cri('stdout', LEAD), { build, multiline: { detectors: 'all' } })).toEqual([{ stream: 'stdout', log: LEAD }]);
  });
});

describe.each(BUILDS)('flushing by the host clock (%s)', (build) => {
  it('with the same clock at the same points, any push sizes give the same records', () => {
    const lines = [...JAVA, 'plain', 'Traceback (most recent call last):', '  File "x.py", line 1, in <module>', '    f()',
      'ValueError: v', 'panic: boom', '', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:5 +0x1', 'tail'];
    fc.assert(fc.property(
      fc.array(fc.constantFrom(...lines), { minLength: 1, maxLength: 30 }),
      fc.array(fc.nat(), { maxLength: 4 }), // flush points (line indexes)
      fc.array(fc.nat(), { maxLength: 8 }), // push cuts (byte offsets within each segment)
      (ls, flushAt, cuts) => {
        const points = [...new Set(flushAt.map((f) => f % (ls.length + 1)))].sort((a, b) => a - b);
        const segments: string[] = [];
        let prev = 0;
        for (const p of [...points, ls.length]) {
          segments.push(ls.slice(prev, p).map((l) => cri(p % 2 ? 'stdout' : 'stdout', l)).join(''));
          prev = p;
        }
        const runWith = (split: boolean) => {
          let now = 0;
          const e = createEngine({ build, multiline: { detectors: 'all', idleMs: 1500, maxAgeMs: 4000 }, clock: () => now });
          const s = e.source();
          const out: string[] = [];
          const take = (b: { toObjects(): Array<{ log: string; logLines?: number }> }) => out.push(...b.toObjects().map((r) => `${r.logLines ?? 1}:${r.log}`));
          segments.forEach((seg, k) => {
            now = k * 1000; // the clock moves only between segments
            const bytes = Buffer.from(seg);
            const at = split ? [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b) : [];
            let from = 0;
            for (const c of [...at, bytes.length]) {
              take(s.push(bytes.subarray(from, c)));
              from = c;
            }
            take(s.flush(now + 999)); // idle limit 1500 ms: what the previous segments left open may be due
          });
          take(s.close());
          return out;
        };
        const whole = runWith(false);
        expect(runWith(true)).toEqual(whole);
        expect(whole.reduce((a, r) => a + Number(r.split(':')[0]), 0)).toBe(ls.length);
      },
    ), { numRuns: 200, seed: 5 });
  });
});

describe.each(BUILDS)('group stage robustness (%s)', (build) => {
  it('arbitrary bytes with every detector, a lead line, user rules and tiny limits never trap, and lose no line', () => {
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 1, max: 4 }),
      (bytes, cuts, maxLines) => {
        const e = createEngine({
          build, maxHeldBytes: 256,
          multiline: { detectors: 'all', maxLines, maxBytes: 64, rules: { start: '^\\[', continue: '^[ \\t]', end: '\\]$' } },
        });
        const s = e.source();
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        let lines = 0;
        let prev = 0;
        const take = (b: Iterable<{ lines: number }>) => { for (const r of b) lines += r.lines; };
        for (const p of [...points, bytes.length]) {
          take(s.push(bytes.subarray(prev, p)));
          prev = p;
        }
        take(s.flush(1e12));
        take(s.close());
        const nl = bytes.reduce((a, b) => a + (b === 0x0a ? 1 : 0), 0);
        expect(lines).toBe(nl + (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? 1 : 0));
        // the same input as NDJSON: every line is valid JSON (grouped records included)
        const n = createEngine({
          build, maxHeldBytes: 256,
          multiline: { detectors: 'all', maxLines, maxBytes: 64, rules: { start: '^\\[', continue: '^[ \\t]', end: '\\]$' } },
        }).source();
        const text = Buffer.concat([Buffer.from(n.pushNdjson(bytes)), Buffer.from(n.closeNdjson())]).toString();
        for (const line of text.split('\n')) if (line) JSON.parse(line);
      },
    ), { numRuns: 300, seed: 3 });
  });
});
