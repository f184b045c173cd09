// Conformance: every `portable` case of the Rust regex crate's test suite (../shared/conformance/regex/),
// on both builds. Prints pass counts per file; every portable case must pass except the commented SKIP list.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRegexWith, RegexSyntaxError, type Span } from '../../bindings/regex/index.ts';
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { builds, compile, iterate } from './helpers.ts';

const file = fileURLToPath(new URL('../../../shared/conformance/regex/rust-regex-tests.json', import.meta.url));
const present = existsSync(file);
if (!present) {
  console.warn(`\n!!!!!!!! regex conformance corpus not found at ${file}: conformance tests SKIPPED !!!!!!!!\n`);
}

interface Case {
  id: string;
  file: string;
  regex: string | string[];
  haystack: string;
  haystack_hex?: string;
  matches: any[];
  options: { anchored?: boolean; case_insensitive?: boolean; compiles?: boolean; match_limit?: number };
  portable: boolean;
}

/** Portable cases we skip, each with its reason. (Empty: every portable case is expected to pass.) */
const SKIP = new Map<string, string>([]);

function expected(t: Case): { groups: boolean; spans: (Span | null)[][] } {
  const groups = t.matches.length > 0 && Array.isArray(t.matches[0][0]);
  const conv = (p: number[] | null) => (p && p.length === 2 ? { start: p[0], end: p[1] } : null);
  const spans = t.matches.map((m: any) => (groups ? m.map(conv) : [conv(m)]));
  return { groups, spans };
}

function run(build: (typeof builds)[number], t: Case): string | null {
  const pattern = (t.options.case_insensitive ? '(?i)' : '') + (t.regex as string);
  let re;
  try {
    re = compile(build, pattern);
  } catch (e) {
    if (t.options.compiles === false && e instanceof RegexSyntaxError) return null;
    return `compile error: ${(e as Error).message}`;
  }
  try {
    if (t.options.compiles === false) return 'compiled, expected a compile error';
    const bytes = t.haystack_hex !== undefined ? Uint8Array.from(Buffer.from(t.haystack_hex, 'hex')) : new TextEncoder().encode(t.haystack);
    const { groups, spans } = expected(t);
    const limit = t.options.match_limit ?? Infinity;
    let got = iterate(re, bytes, groups);
    if (t.options.anchored) {
      // anchored iteration = the leading run of adjacent matches starting at 0 (as the corpus README says)
      const run: typeof got = [];
      let end = 0;
      for (const m of got) {
        if (m[0]!.start !== end) break;
        run.push(m);
        end = m[0]!.end;
      }
      got = run;
      // and an anchored find at 0 must agree with the first element
      const a = groups ? re.captures(bytes, 0, true) : re.find(bytes, 0, true);
      const first = got.length ? (groups ? got[0] : got[0][0]) : null;
      if (JSON.stringify(a) !== JSON.stringify(first)) return `anchored find ${JSON.stringify(a)} != ${JSON.stringify(first)}`;
    }
    got = got.slice(0, limit);
    const want = spans.slice(0, limit);
    if (JSON.stringify(got) !== JSON.stringify(want)) return `got ${JSON.stringify(got)} want ${JSON.stringify(want)}`;
    // test() must agree with "there is a match"
    if (re.test(bytes) !== spans.length > 0 && !t.options.anchored) return `test() = ${!(spans.length > 0)}`;
    // the DFA (fullMatch, test) must agree with the Pike VM alone
    const pike = compileRegexWith(sharedInstance(build), pattern, { engine: 'pike' });
    try {
      if (re.fullMatch(bytes) !== pike.fullMatch(bytes)) return `fullMatch: DFA ${re.fullMatch(bytes)}, Pike VM ${pike.fullMatch(bytes)}`;
      if (re.test(bytes) !== pike.test(bytes)) return `test: fast path ${re.test(bytes)}, Pike VM ${pike.test(bytes)}`;
    } finally {
      pike.free();
    }
    return null;
  } finally {
    re.free();
  }
}

describe.skipIf(!present)('regex conformance (Rust regex suite, portable cases)', () => {
  const cases: Case[] = present ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const portable = cases.filter((t) => t.portable);
  for (const build of builds) {
    it(`${build}: every portable case passes (except the commented skips)`, () => {
      const perFile = new Map<string, { pass: number; total: number; skipped: number }>();
      const failures: string[] = [];
      for (const t of portable) {
        const row = perFile.get(t.file) ?? { pass: 0, total: 0, skipped: 0 };
        perFile.set(t.file, row);
        row.total++;
        if (SKIP.has(t.id)) {
          row.skipped++;
          continue;
        }
        const err = run(build, t);
        if (err === null) row.pass++;
        else failures.push(`${t.id} /${t.regex}/ on ${JSON.stringify(t.haystack)}: ${err}`);
      }
      const lines = [...perFile].map(([f, r]) => `  ${f.padEnd(26)} ${r.pass}/${r.total}${r.skipped ? ` (${r.skipped} skipped)` : ''}`);
      const pass = [...perFile.values()].reduce((a, r) => a + r.pass, 0);
      console.log(`regex conformance [${build}]: ${pass}/${portable.length} portable cases pass\n${lines.join('\n')}`);
      expect(failures).toEqual([]);
    });
  }
});
