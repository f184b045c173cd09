// The naive oracle of the Fluent Bit grep rules (issue 8), written from docs/grep.md and Fluent Bit's grep.c
// (facts only), independent of assembly/select/grep: the rules text is parsed with RegExps, a record is a plain
// object like the one Fluent Bit's record accessor walks, and patterns are JS RegExps (the property tests only
// generate patterns that mean the same in JS and in the engine's RE2 syntax).

export interface GrepRecord {
  log?: string;
  stream?: string;
  level?: string;
  kubernetes?: Record<string, unknown>;
}
export interface OracleRule { type: 'regex' | 'exclude'; path: Array<string | number>; re: RegExp }
export interface OracleProgram { op: 'legacy' | 'and' | 'or'; rules: OracleRule[] }

const ACCESSOR = /^\$?([_A-Za-z][A-Za-z0-9_.\-/]*)((?:\[(?:'(?:[^']|'')*'|0|[1-9][0-9]*)\])*)$/;
const SUBKEY = /\[(?:'((?:[^']|'')*)'|([0-9]+))\]/g;
const KUBE_KEYS = new Set(['namespace_name', 'pod_name', 'pod_id', 'container_name', 'docker_id', 'restart_count', 'labels', 'annotations']);
const IGNORED = new Set(['name', 'match', 'match_regex', 'alias']);

function accessor(key: string): Array<string | number> | null {
  const m = ACCESSOR.exec(key);
  if (!m) return null;
  const path: Array<string | number> = [m[1]];
  for (const s of m[2].matchAll(SUBKEY)) path.push(s[1] !== undefined ? s[1].replaceAll("''", "'") : Number(s[2]));
  const [top, first] = path;
  if (top === 'log' || top === 'stream' || top === 'level') return path.length === 1 ? path : null;
  if (top !== 'kubernetes') return null;
  if (typeof first === 'string' && !KUBE_KEYS.has(first)) return null;
  return path;
}

/** flb_regex's /re/ and /re/opts forms; Ruby's line anchors (m in JS); Ruby's m is dotAll (s in JS). */
function pattern(p: string): RegExp | null {
  let src = p;
  let flags = 'm';
  const m = /^\/(.*)\/([imox]*)$/s.exec(p);
  if (m && /[imx]/.test(m[2])) {
    if (m[2].includes('x')) return null;
    src = m[1];
    if (m[2].includes('i')) flags += 'i';
    if (m[2].includes('m')) flags += 's';
  } else if (p.length > 1 && p.startsWith('/') && p.endsWith('/')) src = p.slice(1, -1);
  try {
    return new RegExp(src, flags);
  } catch {
    return null;
  }
}

/** The program, or null where the engine must report a compile error. */
export function grepCompileOracle(text: string): OracleProgram | null {
  let op: OracleProgram['op'] | undefined;
  const rules: OracleRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[ \t\r]+$/, '').replace(/^[ \t]+/, '');
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      if (line.toLowerCase() === '[filter]') continue;
      return null;
    }
    const d = /^([^ \t]+)[ \t]*(.*)$/s.exec(line)!;
    const name = d[1].toLowerCase();
    const value = d[2];
    if (name === 'name') {
      if (value.toLowerCase() !== 'grep') return null;
      continue;
    }
    if (IGNORED.has(name)) continue;
    if (name === 'logical_op') {
      const v = value.toLowerCase();
      if (op !== undefined || (v !== 'legacy' && v !== 'and' && v !== 'or')) return null;
      op = v;
      continue;
    }
    if (name !== 'regex' && name !== 'exclude') return null;
    const sp = value.indexOf(' ');
    if (sp <= 0) return null;
    const path = accessor(value.slice(0, sp));
    const re = pattern(value.slice(sp + 1));
    if (!path || !re) return null;
    rules.push({ type: name, path, re });
  }
  op ??= 'legacy';
  if (op !== 'legacy' && rules.some((r) => r.type !== rules[0].type)) return null;
  return { op, rules };
}

function lookup(rec: GrepRecord, path: Array<string | number>): unknown {
  let v: unknown = rec;
  for (const k of path) {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof k !== 'string' || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

const matches = (r: OracleRule, rec: GrepRecord) => {
  const v = lookup(rec, r.path);
  return typeof v === 'string' && r.re.test(v);
};

/** Is the record kept (Fluent Bit's grep_filter_data / grep_filter_data_and_or)? */
export function grepKeepOracle(p: OracleProgram, rec: GrepRecord): boolean {
  if (p.rules.length === 0) return true;
  if (p.op === 'legacy') {
    for (const r of p.rules) {
      const m = matches(r, rec);
      if (r.type === 'regex') return m;
      if (m) return false;
    }
    return true;
  }
  const found = p.op === 'or' ? p.rules.some((r) => matches(r, rec)) : p.rules.every((r) => matches(r, rec));
  return p.rules[0].type === 'regex' ? found : !found;
}
