// Agreement of the two independent implementations of the exception-trace detector rules (issue 7):
//  - the engine's byte matchers (assembly/group/detect, spec docs/multiline.md), through the test driver;
//  - the naive oracle's Detector (test/oracle/detect.ts, one RegExp per rule), with its lead-line rule OFF
//    (the engine's detector has no lead line: the group stage holds lead lines, see docs/multiline.md "Lead line").
// For each input stream and language mask (all languages, and each single language) the per-line ACTIONS must be
// equal, and so the groups built from them. Inputs: (a) every conformance sample and its `sequence` stream, lines
// chomped; (b) every hand-written case of both test suites (cases.ts), alone and between ordinary lines;
// (c) seeded random mixes of trace lines of all 8 languages, ordinary log lines, blank lines and lines with
// Error / Exception words in odd places. Deliberate differences: none (DELIBERATE below is empty and must stay
// justified entry by entry if it ever is not).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEAD_LINE, Detector as OracleDetector } from '../../oracle/detect.ts';
import { groupOracle, type GroupInput } from '../../oracle/group.ts';
import { CASES } from './cases.ts';
import { ACT, ACT_NAME, LANG, Detector as EngineDetector, groupsOf, isLeadLine, type Group } from './driver.ts';

const dir = fileURLToPath(new URL('../../../../shared/conformance/detect-exceptions/', import.meta.url));
const present = existsSync(`${dir}expected.json`);
interface Sample { name: string; lines: string[]; sequence: { lines: string[] } }
const samples: Sample[] = present ? JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) : [];
const chomp = (ls: readonly string[]) => ls.map((l) => l.replace(/\n$/, ''));

/** The masks compared: all languages, then each language alone. */
const MASKS: Array<[string, number]> = [['all', LANG.all], ...(['java', 'js', 'csharp', 'python', 'go', 'ruby', 'php', 'dart'] as const).map(
  (l) => [l, LANG[l]] as [string, number])];
const CODE = { no_trace: 0, inside_trace: 1, end_trace: 2, start_trace: 3 } as const;
const enc = new TextEncoder();

/** Deliberate differences (stream name → reason). Empty: the two implementations agree everywhere tested. */
const DELIBERATE: Record<string, string> = {};

const engines = new Map<number, EngineDetector>();
function engineActions(mask: number, lines: readonly string[]): number[] {
  let d = engines.get(mask);
  if (!d) engines.set(mask, (d = new EngineDetector('scalar', mask)));
  d.state = 0;
  return lines.map((l) => d!.step(l));
}
function oracleActions(mask: number, lines: readonly string[]): number[] {
  const d = new OracleDetector(mask, { leadLine: false });
  return lines.map((l) => CODE[d.update(l).action]);
}
/** The oracle's grouping stage (lead line off, no limits), as line ranges of one stream. */
function oracleGroups(mask: number, lines: readonly string[], leadLine = false): Group[] {
  const inputs: GroupInput[] = lines.map((l) => ({ time: 0n, stream: 'stdout', log: enc.encode(l) }));
  inputs.push({ close: true });
  let i = 0;
  return groupOracle(inputs, { detectors: mask, leadLine }).map((r) => {
    const g: Group = [i, i + r.lines - 1];
    i += r.lines;
    return g;
  });
}

/** A readable description of the first line where the actions differ, or null when they agree. */
function disagreement(mask: number, lines: readonly string[]): string | null {
  const e = engineActions(mask, lines);
  const o = oracleActions(mask, lines);
  for (let i = 0; i < lines.length; i++) {
    if (e[i] !== o[i]) {
      const ctx = lines.slice(Math.max(0, i - 3), i + 1).map((l, k, a) => `${k === a.length - 1 ? '>>' : '  '} ${JSON.stringify(l)}`);
      return `line ${i}: engine ${ACT_NAME[e[i]]}, oracle ${ACT_NAME[o[i]]}\n${ctx.join('\n')}`;
    }
  }
  return null;
}

function checkStream(name: string, lines: readonly string[]): void {
  if (name in DELIBERATE) return;
  for (const [m, mask] of MASKS) {
    const d = disagreement(mask, lines);
    expect(d, `${name} [${m}]`).toBeNull();
    expect(groupsOf(engineActions(mask, lines)), `${name} [${m}] groups`).toEqual(oracleGroups(mask, lines));
  }
}

describe.skipIf(!present)('engine vs oracle: conformance samples (chomped)', () => {
  it.each(samples.map((s) => [s.name, s] as const))('%s: sample and sequence stream', (name, s) => {
    checkStream(name, chomp(s.lines));
    checkStream(`${name} sequence`, chomp(s.sequence.lines));
  });
});

describe('engine vs oracle: hand-written cases of both suites', () => {
  it.each(CASES.map((c) => [`${c.from}: ${c.name}`, c] as const))('%s', (name, c) => {
    checkStream(name, c.lines);
    checkStream(`${name} (between ordinary lines)`, ['GET /healthz 200', ...c.lines, 'GET /ready 200']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// (c) random mixes. The vocabulary: every line of the cases and samples, plus ordinary and odd lines.
const ODD = [
  '', ' ', '\t', '  ', 'plain text', 'GET /healthz 200 1.2ms', '2026-01-02T03:04:05Z INFO started', 'level=error msg="Error: x"',
  'no Exceptions today', 'ErrorHandler installed', 'an Error:', 'Error', 'Exception', 'MyError', 'java.lang.Error',
  'Throwable:', 'Error (x):', 'Error [E]: y', 'Error [ E]: y', 'x Exception [CODE]: y', 'RuntimeError (boom):', '  Error (a): b',
  'errors: 0', 'ERROR something failed', '12:00 FATAL boom', 'SEVERE: x', 'panic: x Error: y', 'http: panic serving 1:2: Exception: z',
  'Traceback (most recent call last): Error:', 'a.rb:1:in `m\': Exception: x (E)', 'PHP Warning: Error: x', '}', '{', ' {',
  '^', '    ^^^', '    ~~^~~', '#0 x', '#12 f (a.dart:1)', '#1      main (file:///a.dart:1:1)', 'Stack trace:', '  thrown in x',
  'Next Foo', 'Node.js v20', 'Node.js vx', 'node:x:1', 'a.js:1', 'a.ts:1', 'x.mjs:3', ' a.js:1', 'goroutine 1 [x]:', 'goroutine x [y]:',
  'main.f()', 'a.b(c)', '\tx', ' x', 'created by x', 'runtime stack:', '[signal x', '\tpanic: again', 'Receiver: null',
  'Tried calling: x()', 'Found: y', '<asynchronous suspension>', 'Instance of \'X\'', "'a': b", 'FormatException: q', 'KeyboardInterrupt',
  'a.b.C: d', 'a..b: c', 'x (y): z', 'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:', '  [Previous line repeated 3 more times]',
  '    nested exception is:', '  nested exception is: x', ' ---> X', '--- End of inner exception stack trace ---', '\t... 3 more', '\t...3 more',
  '\t ... 2 levels...', "\tfrom x:1:in 'y'", '\tfrom x', 'Unhandled exception.', 'Unhandled exception. X', 'Unhandled exception:',
  "Emitted 'error' event on Server instance at:", 'x\r', 'Error: y\r', '\r', 'PHP Deprecated:  x', 'Fatal error: Uncaught Exception: x',
  'PHP Stack trace:', 'PHP   1. {main}() /a.php:0',
];
const VOCAB = [...new Set([...CASES.flatMap((c) => c.lines), ...samples.flatMap((s) => chomp(s.lines)), ...ODD])];
const word = fc.constantFrom('Error', 'Exception', 'Throwable', ':', ' ', 'panic: ', 'at ', '(', ')', '.', "'", '`', 'x', '1');
const lineArb = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...VOCAB) },
  { weight: 2, arbitrary: fc.array(word, { maxLength: 6 }).map((w) => w.join('')) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...VOCAB), fc.constantFrom(...VOCAB)).map(([a, b]) => a + b) },
);
const maskArb = fc.constantFrom(...MASKS.map(([, m]) => m), LANG.java | LANG.js, LANG.all & ~LANG.java);

describe('engine vs oracle: seeded random mixes', () => {
  it('same per-line actions and groups', () => {
    fc.assert(fc.property(maskArb, fc.array(lineArb, { minLength: 1, maxLength: 40 }), (mask, lines) => {
      expect(disagreement(mask, lines)).toBeNull();
      expect(groupsOf(engineActions(mask, lines))).toEqual(oracleGroups(mask, lines));
    }), { seed: 0x7a9e, numRuns: Number(process.env.LOGSIEVE_PROPERTY_RUNS ?? 1500) });
  });
  it('the vocabulary reaches traces of every language (the generator is not vacuous)', () => {
    const d = new OracleDetector('all', { leadLine: false });
    const langs = new Set(VOCAB.map((l) => (d.reset(), d.update(l).language)).filter((x) => x !== undefined));
    expect([...langs].sort()).toEqual(['csharp', 'dart', 'go', 'java', 'js', 'php', 'python', 'ruby']);
  });
});

// ---------------------------------------------------------------------------------------------------------------
/** The lead-line rule as the group stage applies it: engine actions, then a NO_TRACE lead line directly followed
 *  by a line that starts a trace (INSIDE from the start state) joins that line's group. */
function engineGroupsWithLead(mask: number, lines: readonly string[]): Group[] {
  const acts = engineActions(mask, lines);
  const groups = groupsOf(acts);
  const out: Group[] = [];
  for (let k = 0; k < groups.length; k++) {
    const [a, b] = groups[k];
    const next = groups[k + 1];
    if (a === b && acts[a] === ACT.NO_TRACE && next && acts[a + 1] === ACT.INSIDE && isLeadLine('scalar', lines[a])) {
      out.push([a, next[1]]);
      k++;
    } else out.push([a, b]);
  }
  return out;
}
const oracleLead = (line: string) => LEAD_LINE.test(line.endsWith('\r') ? line.slice(0, -1) : line);

describe('engine vs oracle: lead lines', () => {
  const LEADS = ['2026-01-02 03:04:05.123 ERROR 1 --- [main] c.e.App : Request failed', 'ERROR:root:request failed', 'SEVERE: x',
    'E0102 03:04:05.123456   1 a.go:1] x', '[FATAL] y', 'CRITICAL z\r', 'ERRORS=0', 'level=error x', 'F0102 3:04:05 x'];
  const leadArb = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...LEADS) },
    { weight: 2, arbitrary: lineArb },
    { weight: 1, arbitrary: fc.array(fc.constantFrom('ERROR', 'FATAL', 'SEVERE', 'CRITICAL', 'E0102 03:04:05', '_', 'x', ' ', '0', ':', '\r'), { maxLength: 6 }).map((w) => w.join('')) },
  );
  it('isLeadLine = the oracle\'s LEAD_LINE', () => {
    for (const l of [...LEADS, ...VOCAB]) expect(isLeadLine('scalar', l), JSON.stringify(l)).toBe(oracleLead(l));
    fc.assert(fc.property(leadArb, (l) => {
      expect(isLeadLine('scalar', l)).toBe(oracleLead(l));
    }), { seed: 0x1ead2, numRuns: 1000 });
  });
  it('the documented rule over engine actions gives the oracle\'s groups with leadLine on', () => {
    for (const c of CASES) expect(engineGroupsWithLead(LANG.all, c.lines), c.name).toEqual(oracleGroups(LANG.all, c.lines, true));
    fc.assert(fc.property(maskArb, fc.array(leadArb, { minLength: 1, maxLength: 30 }), (mask, lines) => {
      expect(engineGroupsWithLead(mask, lines)).toEqual(oracleGroups(mask, lines, true));
    }), { seed: 0x1ead3, numRuns: 800 });
  });
});
