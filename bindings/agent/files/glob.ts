// Glob patterns for file discovery: `*` and `?` within one path segment, `[abc]` / `[!a-z]` classes, `{a,b}`
// alternatives (within one segment: no `/` inside braces), and `**` for any number of directories. Node 20
// has no fs.glob, and this much is not worth a runtime dependency.

/** A pattern compiled two ways: per segment (to walk directories) and whole (to test a path). */
export interface Glob {
  readonly pattern: string;
  /** The leading directory with no wildcard: where a walk starts. */
  readonly base: string;
  /** The segments after `base`: `'**'` or a RegExp for one name. */
  readonly segments: readonly ('**' | RegExp)[];
  /** Tests a whole path. */
  readonly regexp: RegExp;
}

const SPECIAL = /[*?[{]/;

/** One segment's pattern (no `/`) → regexp source; `**` inside a whole-path pattern may cross `/`. */
function translate(pattern: string, wholePath: boolean): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (wholePath && pattern[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches the rest
        const slash = pattern[i + 2] === '/';
        out += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        if (body[0] === '!') body = '^' + body.slice(1);
        out += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '\\' && i + 1 < pattern.length) out += '\\' + pattern[++i];
    else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return out + ')'.repeat(braces);
}

export function compileGlob(pattern: string): Glob {
  const parts = pattern.split('/');
  let firstWild = parts.findIndex((p) => SPECIAL.test(p));
  if (firstWild < 0) firstWild = parts.length - 1; // a plain path: its directory is the base
  const base = parts.slice(0, firstWild).join('/') || (pattern.startsWith('/') ? '/' : '.');
  const segments = parts.slice(firstWild).map((p) => (p === '**' ? '**' : new RegExp('^' + translate(p, false) + '$')));
  return { pattern, base, segments, regexp: new RegExp('^' + translate(pattern, true) + '$') };
}

export function matchesAny(globs: readonly Glob[], path: string): boolean {
  return globs.some((g) => g.regexp.test(path));
}
