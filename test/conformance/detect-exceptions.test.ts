// Conformance of the exception-trace detector (assembly/group/detect) with the detect-exceptions corpus
// (../shared/conformance/detect-exceptions, see its README): every sample on both builds, lines fed WITHOUT their
// '\n' (as CRI / json-file content arrives), through the test grouping driver (test/group/detect/driver.ts).
// Departures from upstream are listed in DEPARTURES with their reason and checked against OUR expectation;
// docs/multiline.md documents each.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILDS } from '../helpers/engine.ts';
import { ACT_NAME, LANG, actions, group, groupsOf, type Group } from '../group/detect/driver.ts';

const dir = fileURLToPath(new URL('../../../shared/conformance/detect-exceptions/', import.meta.url));
const present = existsSync(`${dir}expected.json`) && existsSync(`${dir}scenarios.json`);
if (!present) {
  console.warn(`\n!!!!!!!! detect-exceptions conformance corpus NOT FOUND at ${dir} — conformance tests SKIPPED !!!!!!!!\n`);
}

type Action = 'inside_trace' | 'end_trace' | 'start_trace' | 'no_trace';
interface Sample {
  lang: string; name: string; file: string; n_lines: number; lines: string[];
  expected_groups: Group[]; expected_groups_lang_only: Group[]; expected_groups_all_chomped: Group[];
  detector_actions_all: Action[]; sequence: { lines: string[]; expected_groups: Group[] };
}
interface Scenario { desc: string; languages: string[]; options: Record<string, number>; lines: string[]; expected_groups: Group[] }

const samples: Sample[] = present ? JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) : [];
const scenarios: Scenario[] = present ? JSON.parse(readFileSync(`${dir}scenarios.json`, 'utf8')) : [];
const chomp = (lines: readonly string[]) => lines.map((l) => (l.endsWith('\n') ? l.slice(0, -1) : l));
const langOf = (lang: string): number => (lang === 'none' ? LANG.all : LANG[lang as keyof typeof LANG]);
const langsOf = (names: string[]): number => names.reduce((m, n) => m | LANG[(n === 'py' ? 'python' : n === 'rb' ? 'ruby' : n === 'javascript' ? 'js' : n) as keyof typeof LANG], 0);

/** One group covering the whole sample. */
const whole = (s: Sample): Group[] => [[0, s.n_lines - 1]];
/** The `sequence` grouping when the sample is one group: text, sample, text, sample, sample. */
const seqWhole = (s: Sample): Group[] => {
  const k = s.n_lines;
  return [[0, 0], [1, k], [k + 1, k + 1], [k + 2, 2 * k + 1], [2 * k + 2, 3 * k + 1]];
};

/**
 * Departures, by sample name: what we expect instead of upstream, and why. `groups` replaces
 * expected_groups_all_chomped (all languages) and `langOnly` expected_groups_lang_only; `sequence` the sequence
 * grouping; `actions(sample)` the per-line actions instead of detector_actions_all.
 */
interface Departure {
  reason: string;
  groups?: (s: Sample) => Group[];
  langOnly?: (s: Sample) => Group[];
  sequence?: (s: Sample) => Group[];
  actions?: (s: Sample) => Action[];
}
const DEPARTURES: Record<string, Departure> = {
  CLIENT_JS_EXC: {
    reason: 'end of content counts as end of line: `Error` alone on a line starts a trace without its "\\n" (upstream needs [:\\r\\n] after it, so chomped lines never group)',
    groups: (s) => s.expected_groups,
  },
  V8_JS_EXC: {
    reason: 'end of content counts as end of line: `V8 errors stack trace` alone on a line starts a trace without its "\\n"',
    groups: (s) => s.expected_groups,
  },
  OUTPLUGIN_RUBY_EXC: {
    reason: 'standard Ruby backtraces (`file:N:in \'m\': msg (Class)` + `<ws>from file:N:in` lines) are detected (upstream has only the Rails rules)',
    groups: whole,
    langOnly: whole,
    sequence: seqWhole,
    actions: (s) => s.lines.map(() => 'inside_trace'),
  },
  PYTHON_EXC: {
    reason: 'the final `Type: message` line does not end the trace (a chained exception may follow); the next unmatched line ends it',
    actions: (s) => s.detector_actions_all.map((a) => (a === 'end_trace' ? 'inside_trace' : a)),
  },
  OUTPLUGIN_PYTHON_EXC: {
    reason: 'the final `Type: message` line does not end the trace (a chained exception may follow); the next unmatched line ends it',
    actions: (s) => s.detector_actions_all.map((a) => (a === 'end_trace' ? 'inside_trace' : a)),
  },
};

const tally = { groups: 0, langOnly: 0, sequence: 0, actions: 0 };

describe.skipIf(!present).each(BUILDS)('detect-exceptions conformance (%s)', (build) => {
  it('lists only departures of samples that exist', () => {
    const names = new Set(samples.map((s) => s.name));
    for (const name of Object.keys(DEPARTURES)) expect(names.has(name), name).toBe(true);
    expect(samples).toHaveLength(43);
  });

  describe.each(samples.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const dep = DEPARTURES[s.name];
    const lines = chomp(s.lines);

    it('all languages, chomped: groups', () => {
      expect(group(build, LANG.all, lines)).toEqual(dep?.groups ? dep.groups(s) : s.expected_groups_all_chomped);
      tally.groups++;
    });

    it('own language only, chomped: groups', () => {
      expect(group(build, langOf(s.lang), lines)).toEqual(dep?.langOnly ? dep.langOnly(s) : s.expected_groups_lang_only);
      tally.langOnly++;
    });

    it('sequence (text, sample, text, sample, sample), chomped: groups', () => {
      expect(group(build, LANG.all, chomp(s.sequence.lines))).toEqual(dep?.sequence ? dep.sequence(s) : s.sequence.expected_groups);
      tally.sequence++;
    });

    it('per-line actions (all languages)', () => {
      const got = actions(build, LANG.all, lines).map((a) => ACT_NAME[a]);
      expect(got).toEqual(dep?.actions ? dep.actions(s) : s.detector_actions_all);
      tally.actions++;
    });
  });

  describe('scenarios.json (detection only)', () => {
    // max_lines / max_bytes are the group stage's limits, not the detector's: detect-exceptions-scenarios.test.ts
    // runs the scenarios that set them through the engine; here, the ones without limits.
    for (const sc of scenarios.filter((x: { options: object }) => Object.keys(x.options).length === 0)) {
      it(sc.desc, () => {
        const langs = sc.languages.includes('all') ? LANG.all : langsOf(sc.languages);
        expect(group(build, langs, chomp(sc.lines))).toEqual(sc.expected_groups);
      });
    }
  });
});

describe.skipIf(!present)('detect-exceptions conformance: driver sanity', () => {
  it('the grouping driver reproduces upstream groups from upstream actions', () => {
    const code = { no_trace: 0, inside_trace: 1, end_trace: 2, start_trace: 3 } as const;
    for (const s of samples) expect(groupsOf(s.detector_actions_all.map((a) => code[a])), s.name).toEqual(s.expected_groups);
  });
});
