// The candidate pass of the interpreted build (the Fluent Bit module, HOST_INTERPRETED): it checks each byte the
// SWAR plain test flags with its neighbours (candAt) instead of refining the word. Against a JS oracle of the exact
// rules in assembly/group/detect/candidates.ts's header: from every start offset it never passes over a candidate,
// and what it returns is n or a byte of a kind asked for. The scalar build, compiled from the same source, is held
// to the same.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HarnessBuild, compileHarness } from '../../helpers/asc-harness.ts';
import { wamrLibc } from '../../helpers/wamr-libc.ts';

const HARNESS = 'test/group/detect/__cand_harness__.ts';
const HARNESS_SRC = `
import { nextCandidate } from "../../../assembly/group/detect/candidates";
export function next(p: usize, n: usize, i: usize, keep: u32): usize { return nextCandidate(p, n, i, keep); }
export function heapBase(): usize { return __heap_base; }
`;
const K_COLON = 0x01, K_QUOTE = 0x02, K_CR = 0x04, K_LEAD = 0x80;

/** The exact rules: ':' after c e g n p r ] or before 'i'; '\'' after ' '; '\r'; C E F S before A E R. */
function exact(line: Uint8Array, k: number, keep: number): boolean {
  const c = line[k], before = k > 0 ? line[k - 1] : 0, after = k + 1 < line.length ? line[k + 1] : 0;
  if (c === 0x3a) return (keep & K_COLON) !== 0 && (after === 0x69 || 'cegnpr]'.includes(String.fromCharCode(before)) && before !== 0);
  if (c === 0x27) return (keep & K_QUOTE) !== 0 && before === 0x20;
  if (c === 0x0d) return (keep & K_CR) !== 0;
  return (keep & K_LEAD) !== 0 && 'CEFS'.includes(String.fromCharCode(c)) && (after === 0x41 || after === 0x45 || after === 0x52);
}

/** A byte of a kind asked for (the plain test's values: a false positive there is re-checked by the caller). */
function kindByte(c: number, keep: number): boolean {
  return (c === 0x3a && (keep & K_COLON) !== 0) || (c === 0x27 && (keep & K_QUOTE) !== 0) || (c === 0x0d && (keep & K_CR) !== 0)
    || ((keep & K_LEAD) !== 0 && 'CEFSUV'.includes(String.fromCharCode(c)));
}

/**
 * A byte nextCandidate may stop at short of the first candidate (the contract allows false positives; the caller
 * re-checks the byte): a byte of a kind asked for, or, from the SWAR zero-byte tests (swarRefine: the word that
 * ends the line, and every word of the scalar build), a byte a borrow flags right above one. In this test's
 * alphabet only 'R' can be that (its lead test value, R & ~0x10 ^ 'C', is 0x01: one borrow from below makes it
 * wrap), above a flagged byte or another such 'R'.
 */
function mayStop(line: Uint8Array, r: number, keep: number): boolean {
  if (kindByte(line[r], keep)) return true;
  return (keep & K_LEAD) !== 0 && line[r] === 0x52 && r > 0 && (kindByte(line[r - 1], keep) || line[r - 1] === 0x52);
}

for (const build of ['interpreted', 'scalar'] as HarnessBuild[]) {
  describe(`candidate pass (${build} build) against the exact rules`, () => {
    let x: any;
    let memory: WebAssembly.Memory;
    let base: number;
    beforeAll(async () => {
      const bin = await compileHarness(HARNESS, HARNESS_SRC, build);
      const env = { abort() { throw new Error('abort'); }, ...wamrLibc(() => memory) };
      x = new WebAssembly.Instance(new WebAssembly.Module(bin as Uint8Array<ArrayBuffer>), { env }).exports;
      memory = x.memory;
      base = (Number(x.heapBase()) + 64) & ~15;
      if (base + 4096 > memory.buffer.byteLength) memory.grow(1);
    });

    it('never passes over a candidate, stops only at n, a byte of a kind asked for or a borrow above one; the caller\'s re-checking loop finds exactly the candidates', () => {
      const byte = fc.constantFrom(...': \'\rCEFSUVAERcegnpr]i"ax{}'.split('').map((ch) => ch.charCodeAt(0)));
      fc.assert(
        fc.property(fc.array(byte, { maxLength: 90 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 7 }), (arr, keepBits, align) => {
          const keep = keepBits & (K_COLON | K_QUOTE | K_CR | K_LEAD);
          const line = new Uint8Array(arr);
          const p = base + align;
          new Uint8Array(memory.buffer).set(line, p);
          for (let i = 0; i <= line.length; i++) {
            const r = Number(x.next(p, line.length, i, keep));
            let first = line.length;
            for (let k = i; k < line.length; k++) if (exact(line, k, keep)) { first = k; break; }
            if (r > first || r < i || (r < line.length && r < first && !mayStop(line, r, keep))) {
              throw new Error(`keep ${keep} from ${i} in ${JSON.stringify(String.fromCharCode(...line))}: got ${r}, first candidate ${first}`);
            }
          }
          // as startScan uses it: call again after each stop, keep the stops the exact rules accept
          const found: number[] = [];
          for (let i = 0, guard = 0; i < line.length && guard <= line.length; guard++) {
            const r = Number(x.next(p, line.length, i, keep));
            if (r < line.length && exact(line, r, keep)) found.push(r);
            i = r + 1;
          }
          const want = [...line.keys()].filter((k) => exact(line, k, keep));
          expect(found).toEqual(want);
        }),
        { numRuns: 500, seed: 0xca4d },
      );
    });

    it('a borrow false positive: "S" then "R" ends a word (the scalar refinement flags the R too), re-checked away', () => {
      const line = new TextEncoder().encode(':SRA::::');
      new Uint8Array(memory.buffer).set(line, base);
      const r = Number(x.next(base, line.length, 2, K_LEAD));
      expect(r === 2 || r === line.length).toBe(true); // the R (a false positive the caller re-checks) or none
      expect(exact(line, 2, K_LEAD)).toBe(false);
      expect(Number(x.next(base, line.length, 0, K_LEAD))).toBe(1); // "SR": the lead candidate itself
    });

    it('finds each rule\'s byte at every offset of a line of plain bytes', () => {
      const all = K_COLON | K_QUOTE | K_CR | K_LEAD;
      for (const s of ['Exception:', 'panic:', 'x :in', " 'E'", '\r', 'ERROR', 'FATAL', 'SEVERE', 'CRITICAL', ']:']) {
        for (let k = 0; k <= 40; k++) {
          const line = new TextEncoder().encode('x'.repeat(k) + s + 'y'.repeat(k % 9));
          new Uint8Array(memory.buffer).set(line, base);
          let want = line.length;
          for (let j = 0; j < line.length; j++) if (exact(line, j, all)) { want = j; break; }
          expect([s, k, Number(x.next(base, line.length, 0, all))]).toEqual([s, k, want]);
        }
      }
    });
  });
}
