// Properties of the label-selector compiler against the naive oracle (test/oracle/selector.ts): on generated
// selectors (gen.ts) and label sets, both builds give the oracle's validity, canonical text, matches, error
// message and error position, and the oracle's token stream.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SelectorDriver } from './driver.ts';
import { labelPairs, selectorText, toBytes } from './gen.ts';
import { oracleLabels, oracleLex, oracleMatches, oracleParse } from '../../oracle/selector.ts';

const drivers = [new SelectorDriver('simd'), new SelectorDriver('scalar')];
const RUNS = 2000;

describe('label selectors: engine = oracle', () => {
  it('validity, canonical text, matches, error message and position (both builds)', () => {
    fc.assert(
      fc.property(selectorText, fc.array(labelPairs, { minLength: 1, maxLength: 4 }), (text, sets) => {
        const bytes = toBytes(text);
        const want = oracleParse(bytes);
        for (const d of drivers) {
          d.compile(bytes, (got) => {
            if (want.ok) {
              expect(got).toMatchObject({ ok: true, canonical: want.canonical });
              if (got.ok) {
                for (const pairs of sets) expect(got.matches(pairs)).toBe(oracleMatches(want.reqs, oracleLabels(pairs)));
              }
            } else {
              expect(got).toEqual({ ok: false, pos: want.pos, error: want.error });
            }
          });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('matches on selectors built only from valid requirements (many label sets)', () => {
    const valid = selectorText.filter((t) => oracleParse(toBytes(t)).ok);
    fc.assert(
      fc.property(valid, fc.array(labelPairs, { minLength: 4, maxLength: 12 }), (text, sets) => {
        const bytes = toBytes(text);
        const want = oracleParse(bytes);
        if (!want.ok) return;
        const results = drivers.map((d) => d.compile(bytes, (got) => (got.ok ? sets.map((s) => got.matches(s)) : null)));
        expect(results[0]).toEqual(sets.map((s) => oracleMatches(want.reqs, oracleLabels(s))));
        expect(results[1]).toEqual(results[0]);
      }),
      { numRuns: 500 },
    );
  });

  it('token stream', () => {
    fc.assert(
      fc.property(selectorText, (text) => {
        const bytes = toBytes(text);
        const latin = Array.from(bytes, (c) => String.fromCharCode(c)).join('');
        const want = oracleLex(latin).slice(0, -1).map((t) => [t.kind, t.start, t.text.length]);
        for (const d of drivers) expect(d.lex(bytes).map((t) => [t.kind, t.start, t.len])).toEqual(want);
      }),
      { numRuns: RUNS },
    );
  });
});
