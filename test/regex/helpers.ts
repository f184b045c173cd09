// Shared helpers for the regex tests: the two builds, and Rust-style match iteration over bytes.
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { compileRegexWith, nextCodePoint, type Regex, type Span } from '../../bindings/regex/index.ts';

export const builds = ['simd', 'scalar'] as const;
export type BuildName = (typeof builds)[number];

export function compile(build: BuildName, pattern: string): Regex {
  return compileRegexWith(sharedInstance(build), pattern);
}

/**
 * Every successive non-overlapping match, as the Rust regex test suite defines them: each search starts where
 * the previous match ended; after an empty match one code point later; an empty match that starts exactly
 * where the previous match ended is not reported. With `groups`, each element is the full capture list.
 */
export function iterate(re: Regex, bytes: Uint8Array, groups: boolean, limit = Infinity): (Span | null)[][] {
  const out: (Span | null)[][] = [];
  let at = 0;
  let lastEnd = -1;
  while (at <= bytes.length && out.length < limit) {
    const caps = groups ? re.captures(bytes, at) : null;
    const m = groups ? (caps ? caps[0] : null) : re.find(bytes, at);
    if (!m) break;
    if (m.start === m.end && m.end === lastEnd) {
      at = nextCodePoint(bytes, at);
      continue;
    }
    out.push(groups ? caps! : [m]);
    lastEnd = m.end;
    at = m.end === m.start ? nextCodePoint(bytes, m.end) : m.end;
  }
  return out;
}
