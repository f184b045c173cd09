// The detect-exceptions corpus's limit scenarios (../shared/conformance/detect-exceptions/scenarios.json, those with
// max_lines / max_bytes) through the ENGINE's group stage, both builds. The detector-level conformance test skips
// them because limits belong to the group stage; here they run with `multiline.maxLines` / `maxBytes`.
//
// We assert OUR continuation form, not upstream's grouping (documented departure, README "Multiline" → Limits,
// oracle G3): at a limit upstream flushes and resets its detector, so the rest of the trace comes out line by line;
// the engine flags the first part `truncated` and keeps grouping the rest of the trace as one continuation record
// (flagged only if cut in turn). The engine is also checked record for record against the naive oracle
// (test/oracle/group.ts), which test/oracle/group.test.ts holds to the same expectations.
//
// maxBytes counts the record's log as it comes out: its lines joined with '\n' (no trailing '\n'). Upstream counts
// each line with its own '\n', one byte more for the same lines, so a cap can let one more line in here than there
// (`max_bytes 245` below).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import type { Detector as DetectorName } from '../../bindings/core/options.ts';
import { BUILDS } from '../helpers/engine.ts';
import { groupOracle, type GroupInput } from '../oracle/group.ts';

const dir = fileURLToPath(new URL('../../../shared/conformance/detect-exceptions/', import.meta.url));
const present = existsSync(`${dir}scenarios.json`);
if (!present) {
  console.warn(`\n!!!!!!!! detect-exceptions corpus NOT FOUND at ${dir} — engine limit scenarios SKIPPED !!!!!!!!\n`);
}

interface Scenario { desc: string; languages: string[]; options: { max_lines?: number; max_bytes?: number }; lines: string[]; expected_groups: number[][] }
const all: Scenario[] = present ? JSON.parse(readFileSync(`${dir}scenarios.json`, 'utf8')) : [];
const limited = all.filter((sc) => sc.options.max_lines !== undefined || sc.options.max_bytes !== undefined);

/** A record as [first line, last line, truncated, what joined it ('-' = a line alone)]. */
type View = [number, number, boolean, string];

/**
 * Our expected records per limit scenario (keyed by its options), and why they differ from upstream's groups.
 * The line numbers are the scenario's input lines (0-based).
 */
const OURS: Array<{ options: Scenario['options']; records: View[]; why: string }> = [
  {
    options: { max_lines: 3 },
    records: [[0, 2, true, 'java'], [3, 5, false, 'java']],
    why: 'cut after 3 lines as upstream; the 3 remaining frames stay one continuation record (upstream: one per line)',
  },
  {
    options: { max_bytes: 245 },
    records: [[0, 3, true, 'java'], [4, 5, false, 'java']],
    why: 'lines 0-3 joined are exactly 245 bytes (upstream counts 246 with the last line\'s "\\n"), so the cut is one line later; the rest is one continuation record',
  },
  {
    options: { max_bytes: 201 },
    records: [[0, 2, true, 'java'], [3, 5, false, 'java']],
    why: 'lines 0-2 joined are 200 bytes, with line 3 they would be 245 > 201: cut where upstream cuts; the rest is one continuation record',
  },
  {
    options: { max_lines: 2 },
    records: [[0, 1, true, 'python'], [2, 3, false, 'python'], [4, 5, true, 'java'], [6, 7, true, 'java'], [8, 8, false, 'java']],
    why: 'every 2 lines a cut, and the python trace goes on after its cut (upstream: lines 2 and 3 alone); the java trace that follows is cut every 2 lines, its last part not truncated',
  },
  {
    options: { max_lines: 1000 },
    records: [[0, 0, false, '-'], [1, 5, false, 'java'], [6, 6, false, '-']],
    why: 'no departure: the limit is not reached',
  },
];

const chomp = (l: string) => l.replace(/\n$/, '');
const DETECTOR: Record<string, DetectorName> = { py: 'python', rb: 'ruby', javascript: 'js' };
const detectorsOf = (sc: Scenario) => (sc.languages.includes('all') ? 'all' as const : sc.languages.map((l) => DETECTOR[l] ?? (l as DetectorName)));
const limitsOf = (sc: Scenario) => ({ maxLines: sc.options.max_lines, maxBytes: sc.options.max_bytes });

interface Rec { stream: string; log: string; multiline?: string; logLines?: number; truncated?: boolean }

/** The lines as CRI content (stdout) through one source; close releases the last group. */
function runEngine(build: (typeof BUILDS)[number], sc: Scenario): Rec[] {
  const engine = createEngine({ build, multiline: { detectors: detectorsOf(sc), ...limitsOf(sc) }, clock: () => 0 });
  const src = engine.source(undefined, { format: 'cri' });
  const out: Rec[] = [];
  for (const l of sc.lines) out.push(...src.push(`2024-05-01T12:00:01Z stdout F ${chomp(l)}\n`).toObjects());
  out.push(...src.close().toObjects());
  return out;
}

/** Records as line ranges: they come out in input order on one stream, so counts add up. */
function viewOf(recs: Array<{ lines: number; truncated: boolean; joined?: string }>): View[] {
  let i = 0;
  return recs.map((r) => {
    const v: View = [i, i + r.lines - 1, r.truncated, r.joined ?? '-'];
    i += r.lines;
    return v;
  });
}

const enc = new TextEncoder();
const dec = new TextDecoder();

describe.skipIf(!present)('detect-exceptions limit scenarios: corpus', () => {
  it('has 5 limit scenarios, each with our expectation', () => {
    expect(limited).toHaveLength(5);
    for (const sc of limited) expect(OURS.filter((o) => JSON.stringify(o.options) === JSON.stringify(sc.options)), sc.desc).toHaveLength(1);
  });
});

describe.skipIf(!present).each(BUILDS)('detect-exceptions limit scenarios through the engine (%s)', (build) => {
  it.each(limited.map((sc) => [sc.desc, sc] as const))('%s', (_desc, sc) => {
    const ours = OURS.find((o) => JSON.stringify(o.options) === JSON.stringify(sc.options))!;
    const lines = sc.lines.map(chomp);
    const got = runEngine(build, sc);
    const view = viewOf(got.map((r) => ({ lines: r.logLines ?? 1, truncated: r.truncated === true, joined: r.multiline })));
    expect(view, ours.why).toEqual(ours.records);
    // each record is its lines joined with '\n'; all on stdout; nothing lost
    for (const [a, b] of view) expect(got[view.findIndex((v) => v[0] === a)].log).toBe(lines.slice(a, b + 1).join('\n'));
    expect(got.every((r) => r.stream === 'stdout')).toBe(true);
    // limits hold: no record over maxLines; none of several lines over maxBytes (the joined log's bytes)
    for (const r of got) {
      if (sc.options.max_lines !== undefined) expect(r.logLines ?? 1).toBeLessThanOrEqual(sc.options.max_lines);
      if (sc.options.max_bytes !== undefined && (r.logLines ?? 1) > 1) expect(enc.encode(r.log).length).toBeLessThanOrEqual(sc.options.max_bytes);
    }
    // the departure is real where claimed: upstream's groups differ exactly when the limit cuts a trace
    const cut = ours.records.some((v) => v[2]);
    expect(view.map(([a, b]) => [a, b]).toString() !== sc.expected_groups.toString()).toBe(cut);
  });

  it.each(limited.map((sc) => [sc.desc, sc] as const))('%s: the engine gives the oracle\'s records', (_desc, sc) => {
    const inputs: GroupInput[] = sc.lines.map((l) => ({ time: 0n, stream: 'stdout' as const, log: enc.encode(chomp(l)) }));
    inputs.push({ close: true });
    const oracle = groupOracle(inputs, { detectors: detectorsOf(sc), ...limitsOf(sc) }).map((r) => [dec.decode(r.log), r.truncated, r.lines, r.detector ?? '-']);
    const engine = runEngine(build, sc).map((r) => [r.log, r.truncated === true, r.logLines ?? 1, r.multiline ?? '-']);
    expect(engine).toEqual(oracle);
  });
});
