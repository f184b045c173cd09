// Conformance with Fluent Bit's multiline test vectors (../shared/conformance/fluent-bit-multiline, see its
// README): every case through the ENGINE (createEngine, both builds), mapped onto logsieve's design:
//  - `text` feeds with the built-in docker / cri parsers: the lines as written, each ended with '\n', one source
//    with format `auto` (the engine decodes the framing itself);
//  - every other feed (raw text for the python / ruby / go / endswith parsers, `{"log": …}` objects for java and
//    elastic): each element as the content of a CRI `F` line (its own trailing '\n' is its line end, which CRI
//    content cannot hold), stdout, so only the group stage decides the joining;
//  - issue_4034 feeds CRI lines as objects to the cri parser on key `log`: the content IS CRI framing, so it is fed
//    as CRI text; issue_3817_1's two stages (cri, then a custom regex) are one engine with user rules;
//  - Fluent Bit's parsers → `multiline.detectors` (java, python, ruby, go) or `multiline.rules` translated from the
//    custom parser (table PLANS); no detectors for the docker / cri-only cases (partial joining is always on);
//  - end of input (`destroy` / `flush_pending_now`) → `flush()` for flush_pending_now, then `close()`; both release
//    every held piece and group. The clock is fixed: no idle release can happen, as upstream has none here.
// Each case's records' `log` must equal expected_output exactly, unless the case is in DEPARTURES: then it must
// equal OUR expected output (derived from upstream's by the stated differences) and the reason is given there and
// in docs/multiline.md ("Fluent Bit multiline vectors"). Departures are checked to really depart.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import type { MultilineOptions } from '../../bindings/core/options.ts';
import { BUILDS } from '../helpers/engine.ts';

const dir = fileURLToPath(new URL('../../../shared/conformance/fluent-bit-multiline/', import.meta.url));
const present = existsSync(`${dir}cases.json`);
if (!present) {
  console.warn(`\n!!!!!!!! fluent-bit-multiline conformance corpus NOT FOUND at ${dir} — conformance tests SKIPPED !!!!!!!!\n`);
}

interface Parser { name: string; builtin: boolean; key_content?: string; type?: string; rules?: Array<{ state: string; regex: string; next_state: string }>; match_str?: string; negate?: boolean }
interface Case {
  name: string;
  stages: Array<{ parsers: Parser[]; feed: 'text' | 'object' }>;
  end_of_input: 'destroy' | 'flush_pending_now';
  checks_record_count?: boolean;
  input: string[];
  expected_output: string[];
}
const cases: Case[] = present ? JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) : [];

/** How a case is fed: `text` = its lines as written (CRI / json-file framing); `cri` = each element as CRI content. */
interface Plan { feed: 'text' | 'cri'; multiline?: MultilineOptions; docker?: 'as-docker-writes' }
const PLANS: Record<string, Plan> = {
  docker: { feed: 'text', docker: 'as-docker-writes' },
  cri: { feed: 'text' },
  container_mix: { feed: 'text', docker: 'as-docker-writes' },
  docker_cri_chain: { feed: 'text' },
  java: { feed: 'cri', multiline: { detectors: ['java'] } },
  python: { feed: 'cri', multiline: { detectors: ['python'] } },
  ruby: { feed: 'cri', multiline: { detectors: ['ruby'] } },
  go: { feed: 'cri', multiline: { detectors: ['go'] } },
  // start_state /^\[/ → elastic_cont; elastic_cont /^\s+/ → elastic_cont: a start rule and a continue rule
  elastic: { feed: 'cri', multiline: { detectors: 'none', rules: { start: '^\\[', continue: '^\\s+' } } },
  // endswith "\" negated: a line ending in a backslash begins a record, the next line not ending in one ends it
  endswith: { feed: 'cri', multiline: { detectors: 'none', rules: { start: '\\\\$', end: '(?:^|[^\\\\])$' } } },
  // stage 1 cri on the text, stage 2 start_state /- $/ → cont; cont /^([1-9]).*$/ → cont
  issue_3817_1: { feed: 'text', multiline: { detectors: 'none', rules: { start: '- $', continue: '^([1-9]).*$' } } },
  issue_4034: { feed: 'text' },
  issue_4949: { feed: 'cri', multiline: { detectors: ['python', 'java'] } },
};

const chomp = (s: string) => s.replace(/\n$/, '');
const chompAll = (c: Case) => c.expected_output.map(chomp);
const isCriLine = (l: string) => /^\d{4}-\d\d-\d\dT\S+ (stdout|stderr) [PF] /.test(l);
const TRAILING_NL = 'no trailing "\\n": a record\'s log is its lines joined with "\\n" (README, record schema); Fluent Bit keeps the Docker `log` value\'s "\\n" and ends every buffered line of its text-fed and content-key parsers with one';

/**
 * What we expect instead of expected_output, and why. Every reason is also in docs/multiline.md,
 * "Fluent Bit multiline vectors".
 */
interface Departure { reasons: string[]; expected: (c: Case) => string[] }
const DEPARTURES: Record<string, Departure> = {
  docker: {
    reasons: [
      'input mapped to what Docker writes: upper-case `Z` in `time` (Go\'s RFC3339Nano, which the engine requires like the kubelet; the vector\'s `z` is a bad_timestamp) and the raw LF inside input[3]\'s JSON string written as the escape `\\n` (json-file is LF-framed, Docker always escapes it; raw, it splits the line into two bad_json error records)',
      TRAILING_NL,
      'the non-JSON line is an error record (raw line as log) that does not touch held pieces (ARCHITECTURE.md, error records): the held stderr piece `dd` is not flushed by it and joins `ee` as `ddee`, after the error record — 5 records, not 6',
    ],
    expected: (c) => {
      const e = chompAll(c);
      return [e[0], e[1], e[2], e[4], e[3] + e[5]];
    },
  },
  container_mix: {
    reasons: [
      'input mapped to what Docker writes (upper-case `Z`, raw LF in input[5] escaped), as for `docker`',
      TRAILING_NL,
      'one format per source: the first valid line (json-file) decides it, so the 7 CRI lines are bad_json error records (raw line as log); a Kubernetes log file is written by one runtime. Error lines leave held pieces alone, so `bbcc` still joins `dd-out` as upstream',
    ],
    expected: (c) => {
      const e = chompAll(c);
      return [e[0], e[1], e[2], ...c.input.filter(isCriLine), e[6], e[7]];
    },
  },
  java: { reasons: [TRAILING_NL], expected: chompAll },
  python: { reasons: [TRAILING_NL], expected: chompAll },
  ruby: { reasons: [TRAILING_NL], expected: chompAll },
  go: { reasons: [TRAILING_NL], expected: chompAll },
  elastic: { reasons: [TRAILING_NL], expected: chompAll },
  issue_4949: { reasons: [TRAILING_NL], expected: chompAll },
  endswith: {
    reasons: [
      TRAILING_NL,
      'translated to start `\\\\$` + end `(?:^|[^\\\\])$`: exact for one continued line (all this case has); a chain of 3+ lines (`a\\`, `b\\`, `c`) is split, because a `start` line begins a new record while one is held — our rules cannot say "the PREVIOUS line ended in a backslash" (checked below)',
    ],
    expected: chompAll,
  },
  issue_3817_1: {
    reasons: [
      '`another isolated line` is not a CRI line: an error record (raw line as log), which passes at once and leaves groups alone (ARCHITECTURE.md, group stage), so the held `[DEBUG] 2 …` record comes out after it, at end of input',
    ],
    expected: (c) => {
      const e = c.expected_output;
      return [e[0], e[2], e[1]];
    },
  },
};

/** What made each record, ours: a detector name, `custom`, `error`, or `-` (a line or partial join). */
const KINDS: Record<string, (c: Case) => string[]> = {
  docker: () => ['-', '-', '-', 'error', '-'],
  cri: (c) => c.expected_output.map(() => '-'),
  container_mix: (c) => ['-', '-', '-', ...c.input.filter(isCriLine).map(() => 'error'), '-', '-'],
  docker_cri_chain: (c) => c.expected_output.map(() => '-'),
  java: () => ['java', '-'],
  python: () => ['python', '-'],
  ruby: () => ['ruby', '-'],
  go: () => ['go', '-'],
  elastic: () => ['custom', '-'],
  endswith: () => ['custom', 'custom', '-', '-'],
  issue_3817_1: () => ['custom', 'error', 'custom'],
  issue_4034: (c) => c.expected_output.map(() => '-'),
  issue_4949: () => ['python', '-'],
};

interface Rec { stream: string; log: string; multiline?: string; logLines?: number; error?: string }

/** Docker's own rendering of a vector line: `…z"` time → `…Z"`, a raw LF inside the JSON → the `\n` escape. */
const asDockerWrites = (l: string) => (l.startsWith('{') ? l.replace(/(\d)z"/g, '$1Z"').replace(/\n/g, '\\n') : l);
const criWrap = (content: string) => `2024-05-01T12:00:01.000000001Z stdout F ${chomp(content)}\n`;

function feedOf(c: Case): string[] {
  const plan = PLANS[c.name];
  if (plan.feed === 'cri') return c.input.map(criWrap);
  return c.input.map((l) => `${plan.docker ? asDockerWrites(l) : l}\n`);
}

function run(build: (typeof BUILDS)[number], lines: string[], multiline: MultilineOptions | undefined, eoi: Case['end_of_input']): Rec[] {
  const engine = createEngine({ build, multiline, clock: () => 0 });
  const src = engine.source(undefined, { format: 'auto' });
  const out: Rec[] = [];
  const take = (b: { toObjects(): Rec[] }) => out.push(...b.toObjects());
  for (const l of lines) take(src.push(l));
  if (eoi === 'flush_pending_now') take(src.flush());
  take(src.close());
  return out;
}

const exact = new Map<string, Set<string>>();

describe.skipIf(!present)('fluent-bit-multiline conformance: corpus and tables', () => {
  it('has the 13 cases, each with a plan and a record-kind list; departures name existing cases', () => {
    expect(cases).toHaveLength(13);
    const names = cases.map((c) => c.name);
    expect(Object.keys(PLANS).sort()).toEqual([...names].sort());
    expect(Object.keys(KINDS).sort()).toEqual([...names].sort());
    for (const n of Object.keys(DEPARTURES)) expect(names, n).toContain(n);
  });

  it('the verbatim Docker vector lines are not json-file lines as Docker writes them (why PLANS maps them)', () => {
    const c = cases.find((x) => x.name === 'docker')!;
    const got = run('simd', c.input.map((l) => `${l}\n`), undefined, c.end_of_input);
    // lower-case `z`: every JSON line is bad_timestamp (the plain line too, tried as CRI: no line decodes); the raw
    // LF splits input[3] in two, and its first half `{"log": "cc` is bad_json
    const bt = 'bad_timestamp';
    expect(got.map((r) => r.error)).toEqual([bt, bt, bt, 'bad_json', bt, bt, bt, bt]);
  });
});

describe.skipIf(!present).each(BUILDS)('fluent-bit-multiline conformance (%s)', (build) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const plan = PLANS[name];
    const dep = DEPARTURES[name];
    const got = run(build, feedOf(c), plan.multiline, c.end_of_input);
    const want = dep ? dep.expected(c) : c.expected_output;
    if (dep) expect(want, `${name} is listed as a departure but equals upstream`).not.toEqual(c.expected_output);
    expect(got.map((r) => r.log)).toEqual(want);
    if (c.checks_record_count) expect(got).toHaveLength(c.expected_output.length);
    expect(got.map((r) => (r.error ? 'error' : r.multiline ?? '-'))).toEqual(KINDS[name](c));
    // a grouped record counts its lines; the others carry no group fields
    for (const r of got) expect(r.logLines).toBe(r.multiline ? r.log.split('\n').length : undefined);
    if (!dep) (exact.get(build) ?? exact.set(build, new Set()).get(build)!).add(name);
  });

  it('endswith translation: a chain of three continued lines is split after the first (documented limit)', () => {
    const got = run(build, ['a\\', 'b\\', 'c', 'd'].map(criWrap), PLANS.endswith.multiline, 'destroy');
    expect(got.map((r) => [r.log, r.multiline ?? '-'])).toEqual([['a\\', 'custom'], ['b\\\nc', 'custom'], ['d', '-']]);
  });
});

afterAll(() => {
  if (!present) return;
  for (const [build, names] of exact) {
    console.log(`fluent-bit-multiline (${build}): ${names.size}/${cases.length} exact matches with upstream (${[...names].join(', ')}); ` +
      `${Object.keys(DEPARTURES).length} documented departures`);
  }
});
