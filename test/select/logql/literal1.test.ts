// The single-literal scan (scan/literals_{simd,swar}.ts, simdFindLiteral1 / swarFindLiteral1: packed pair,
// two vectors or words per step, an exact loop and a case-masked one) agrees with the reference program at
// every offset and length: the literal at the start and the end of the line, lines shorter than one vector,
// invalid UTF-8, the empty literal, (?i) literals, and a line ending at the last byte of wasm memory.
import { describe, expect, test } from 'vitest';
import { LogQL } from './driver.ts';

const enc = new TextEncoder();
const LITS = ['#never#', 'x', 'ab', 'error', 'Zq', 'abcdefghijklmnopq', '\xff\xfe', 'é'];
const lineOf = (len: number, fill: number) => new Uint8Array(len).fill(fill);

for (const build of ['simd', 'scalar'] as const) {
  describe(`single literal (${build})`, () => {
    const l = new LogQL(build);
    const check = (query: string, line: Uint8Array) => {
      const fast = l.compile(query);
      const ref = l.compile(query, true);
      try {
        expect(l.lineMatch(fast, 0, 0, 0, line), `${query} on ${Array.from(line).join(',')}`).toBe(l.lineMatch(ref, 0, 0, 0, line));
      } finally {
        l.free(fast);
        l.free(ref);
      }
    };

    test('every offset in lines of 0..80 bytes, |= and !=, exact and (?i)', () => {
      for (const s of LITS) {
        const b = s.startsWith('\xff') ? new Uint8Array([0xff, 0xfe]) : enc.encode(s);
        for (const op of ['|=', '!=']) {
          const queries = [`${op} ${JSON.stringify(s)}`];
          if (/^[a-zA-Z#]+$/.test(s)) queries.push(`${op === '|=' ? '|~' : '!~'} ${JSON.stringify('(?i)' + s)}`);
          for (const query of s.startsWith('\xff') ? [] : queries) {
            for (let len = 0; len <= 80; len++) {
              check(query, lineOf(len, 0x2e));
              for (let at = 0; at + b.length <= len; at++) {
                const line = lineOf(len, 0x2e);
                line.set(b, at);
                check(query, line);
                if (/[a-z]/.test(s)) check(query, enc.encode(new TextDecoder().decode(line).toUpperCase()));
              }
              // the literal cut by the line's end (a prefix of it at the end)
              if (len >= 1 && b.length > 1) {
                const line = lineOf(len, 0x2e);
                const cut = b.subarray(0, Math.min(b.length - 1, len));
                line.set(cut, len - cut.length);
                check(query, line);
              }
            }
          }
        }
      }
    });

    test('invalid UTF-8 around and inside the line', () => {
      for (const len of [0, 1, 7, 15, 16, 17, 31, 32, 33, 48, 70]) {
        const line = new Uint8Array(len).map((_, i) => [0xff, 0xc3, 0x80, 0xfe, 0x23][i % 5]);
        for (const query of ['|= "#"', '!= "#never#"', '|= "ab"', '|~ "(?i)ab"']) check(query, line);
        if (len >= 5) {
          line.set(enc.encode('error'), len - 5);
          check('|= "error"', line);
          check('!= "error"', line);
          check('|~ "(?i)ERROR"', line);
        }
      }
    });

    test('the empty literal keeps every line for |=, drops it for !=', () => {
      for (const len of [0, 1, 16, 40]) {
        const line = lineOf(len, 0x61);
        const a = l.compile('|= ""');
        const b = l.compile('!= ""');
        try {
          expect(l.lineMatch(a, 0, 0, 0, line) & 1).toBe(1);
          expect(l.lineMatch(b, 0, 0, 0, line) & 1).toBe(0);
        } finally {
          l.free(a);
          l.free(b);
        }
        check('|= ""', line);
        check('!= ""', line);
      }
    });

    test('a line ending at the last byte of wasm memory', () => {
      const e = l.w.exports as any;
      const mem = (l.w as any).memory as WebAssembly.Memory;
      mem.grow(1); // a page of our own past the allocator's heap: nothing else lives there
      for (const query of ['|= "#never#"', '!= "#never#"', '|= "error"', '|~ "(?i)error"', '|= "x"']) {
        const fast = l.compile(query);
        const ref = l.compile(query, true);
        try {
          for (const len of [0, 1, 5, 7, 15, 16, 17, 31, 32, 33, 100]) {
            for (const tail of ['', 'error', '#never#', 'x', 'ERROR']) {
              const top = mem.buffer.byteLength;
              const u8 = new Uint8Array(mem.buffer);
              const line = lineOf(len, 0x2e);
              const t = enc.encode(tail).subarray(0, len);
              line.set(t, len - t.length);
              u8.set(line, top - len);
              const got = e.logql_line_match(fast, 0, 0, 0, top - len, len) >>> 0;
              const want = e.logql_line_match(ref, 0, 0, 0, top - len, len) >>> 0;
              expect(got, `${query} on ${JSON.stringify(new TextDecoder().decode(line))} at memory's end`).toBe(want);
            }
          }
        } finally {
          l.free(fast);
          l.free(ref);
        }
      }
    });
  });
}
