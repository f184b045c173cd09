// The naive oracle of the enrich stage (issue 8), written from docs/enrich.md and independent of the engine
// (assembly/enrich/path.ts, level.ts): one RegExp per path layout and per level rule, on the bytes read as
// latin1 so that string offsets are byte offsets. Used by test/enrich/*.test.ts properties against both builds.

export const LEVEL = { none: 0, trace: 1, debug: 2, info: 3, warn: 4, error: 5, fatal: 6 } as const;
export const SHAPE = { none: 0, pods: 1, containers: 2, docker: 3 } as const;

export interface PathMeta {
  shape: number;
  namespace?: string;
  pod?: string;
  podId?: string;
  container?: string;
  dockerId?: string;
  restart: number;
}

const latin1 = (b: Uint8Array | string) => (typeof b === 'string' ? b : Buffer.from(b).toString('latin1'));

// ---- paths ----
const LABEL = '[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?';
const SUB = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${SUB}(?:\\.${SUB})*`;
const UID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}';
const PODS = new RegExp(
  `(?:^|/)pods/(${LABEL})_(${SUBDOMAIN})_(${UID})/(${LABEL})/(0|[1-9][0-9]{0,8})\\.log(?:\\.[0-9]{8}-[0-9]{6}(?:\\.gz)?)?$`);
const CONTAINERS = new RegExp(`(?:^|/)containers/(${SUBDOMAIN})_(${LABEL})_(${LABEL})-([0-9a-f]{64})\\.log$`);
const DOCKER = /(?:^|\/)containers\/([0-9a-f]{64})\/\1-json\.log(?:\.[0-9]+)?$/;

export function parsePathOracle(path: Uint8Array | string): PathMeta {
  const s = latin1(path);
  let m = PODS.exec(s);
  if (m && m[2].length <= 253) {
    return { shape: SHAPE.pods, namespace: m[1], pod: m[2], podId: m[3], container: m[4], restart: Number(m[5]) };
  }
  m = CONTAINERS.exec(s);
  if (m && m[1].length <= 253) {
    return { shape: SHAPE.containers, pod: m[1], namespace: m[2], container: m[3], dockerId: m[4], restart: -1 };
  }
  m = DOCKER.exec(s);
  if (m) return { shape: SHAPE.docker, dockerId: m[1], restart: -1 };
  return { shape: SHAPE.none, restart: -1 };
}

// ---- levels ----
export const LOOK = 1024;
const WORDS: Record<string, number> = {
  trace: 1, trc: 1, verbose: 1, vrb: 1,
  debug: 2, dbg: 2,
  info: 3, inf: 3, information: 3, informational: 3, notice: 3,
  warn: 4, warning: 4, wrn: 4,
  error: 5, err: 5, severe: 5,
  fatal: 6, ftl: 6, critical: 6, crit: 6, panic: 6, emerg: 6, emergency: 6, alert: 6,
};
/** ASCII-only case folding (toLowerCase would fold latin1 letters too). */
const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) | 32));
export const wordLevelOracle = (w: string): number => (Object.hasOwn(WORDS, asciiLower(w)) ? WORDS[asciiLower(w)] : 0);

const TIME = String.raw`\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d(?::?\d\d)?)?`;
const TS = String.raw`(?:(?:\d{4}-\d\d-\d\d|\d{4}\/\d\d\/\d\d)[T ]|\d\d-\d\d )?${TIME}`;
const KLOG = /^[ \t]*([IWEF])\d{4} \d\d:\d\d:\d\d/;
const BRACKET_TS = new RegExp(`^\\[${TS}`);
const BARE_TS = new RegExp(`^${TS}[ \\t]+`);
const SERILOG_TAIL = /^[ \t]+([A-Za-z]*)[ \t]*\]/;
const LOGCAT = /^([VDIWEFA])\/[^ \t:(]+(?:\([ \t]*\d+\))?:/;
const LOGFMT_START = /^[A-Za-z_][A-Za-z0-9_.\-]*=/;
const PAIR = /([A-Za-z_][A-Za-z0-9_.\-]*)=(?:"((?:[^"\\]|\\[\s\S])*)"|([^ \t"]*))/y;
const BRACKET_WORD = /^\[[ \t]*([A-Za-z]*)[ \t]*\]/;
const BARE_WORD = /^([A-Za-z]*)(?=$|[ \t:|,;])/;
const MONOLOG = /^[A-Za-z_][A-Za-z0-9_\-]*\.([A-Za-z]*):/;
const THREAD = /^\[[^\[\]]{1,64}\][ \t]*/;
const LEVEL_KEY = /^(?:level|lvl|severity)$/i;
const LOGCAT_LEVEL: Record<string, number> = { V: 1, D: 2, I: 3, W: 4, E: 5, F: 6, A: 6 };
const KLOG_LEVEL: Record<string, number> = { I: 3, W: 4, E: 5, F: 6 };

function logfmt(s: string): number {
  let i = 0;
  for (;;) {
    PAIR.lastIndex = i;
    const m = PAIR.exec(s);
    if (!m) return 0;
    const value = m[2] ?? m[3];
    if (/^(?:level|lvl|severity)$/i.test(m[1])) {
      const l = wordLevelOracle(value);
      if (l) return l;
    }
    const rest = /^[ \t]+/.exec(s.slice(PAIR.lastIndex));
    if (!rest) return 0;
    i = PAIR.lastIndex + rest[0].length;
  }
}

function words(s: string): number {
  let m = BRACKET_WORD.exec(s);
  if (m && wordLevelOracle(m[1])) return wordLevelOracle(m[1]);
  m = BARE_WORD.exec(s);
  return m ? wordLevelOracle(m[1]) : 0;
}

// JSON: sticky regexes for the tokens; the object/array skip counts brackets (strings skipped whole).
const WS = /[ \t\n\r]*/y;
const STR = /"(?:[^"\\]|\\[\s\S])*"/y;
const SCALAR = /[^ \t\n\r,}\]]+/y;
function sticky(re: RegExp, s: string, i: number): number {
  re.lastIndex = i;
  const m = re.exec(s);
  return m ? re.lastIndex : -1;
}
const ws = (s: string, i: number) => sticky(WS, s, i);
function skipValue(s: string, i: number): number {
  if (s[i] === '"') return sticky(STR, s, i);
  if (s[i] === '{' || s[i] === '[') {
    let depth = 0;
    while (i < s.length) {
      if (s[i] === '"') {
        i = sticky(STR, s, i);
        if (i < 0) return -1;
        continue;
      }
      if (s[i] === '{' || s[i] === '[') depth++;
      else if (s[i] === '}' || s[i] === ']') if (--depth === 0) return i + 1;
      i++;
    }
    return -1;
  }
  return sticky(SCALAR, s, i);
}
function valueLevel(tok: string): number {
  if (tok.startsWith('"')) return tok.includes('\\') ? 0 : wordLevelOracle(tok.slice(1, -1));
  return /^[1-6]0$/.test(tok) ? Number(tok[0]) : 0;
}
/** [level, end] where end = -1 on a malformed object (stop). */
function members(s: string, i: number, top: boolean): [number, number] {
  let j = ws(s, i + 1);
  if (s[j] === '}') return [0, j + 1];
  for (;;) {
    if (s[j] !== '"') return [0, -1];
    const ke = sticky(STR, s, j);
    if (ke < 0) return [0, -1];
    const key = s.slice(j + 1, ke - 1);
    j = ws(s, ke);
    if (s[j] !== ':') return [0, -1];
    j = ws(s, j + 1);
    if (j >= s.length) return [0, -1];
    let ve: number;
    if (top && s[j] === '{' && asciiLower(key) === 'log') {
      const [l, e] = members(s, j, false);
      if (l || e < 0) return [l, e];
      ve = e;
    } else {
      ve = skipValue(s, j);
      if (ve < 0) return [0, -1];
      if (LEVEL_KEY.test(key) || (top && asciiLower(key) === 'log.level')) {
        const l = valueLevel(s.slice(j, ve));
        if (l) return [l, ve];
      }
    }
    j = ws(s, ve);
    if (s[j] === '}') return [0, j + 1];
    if (s[j] !== ',') return [0, -1];
    j = ws(s, j + 1);
  }
}

export function detectLevelOracle(line: Uint8Array | string): number {
  const s = latin1(line).slice(0, LOOK);
  const i = /^[ \t]*/.exec(s)![0].length;
  if (i >= s.length) return 0;
  if (s[i] === '{') return members(s, i, true)[0];
  const k = KLOG.exec(s);
  if (k) return KLOG_LEVEL[k[1]];
  let h = i;
  const t = s.slice(i);
  if (t[0] === '[') {
    const m = BRACKET_TS.exec(t);
    if (m) {
      const after = t.slice(m[0].length);
      if (after[0] === ']') h = i + m[0].length + 1 + /^[ \t]*/.exec(after.slice(1))![0].length;
      else {
        const sm = SERILOG_TAIL.exec(after);
        if (sm && wordLevelOracle(sm[1])) return wordLevelOracle(sm[1]);
      }
    }
  } else {
    const m = BARE_TS.exec(t);
    if (m) h = i + m[0].length;
  }
  const r = s.slice(h);
  if (r.length === 0) return 0;
  const lc = LOGCAT.exec(r);
  if (lc) return LOGCAT_LEVEL[lc[1]];
  if (LOGFMT_START.test(r)) return logfmt(r);
  const w = words(r);
  if (w) return w;
  const mono = MONOLOG.exec(r);
  if (mono) return wordLevelOracle(mono[1]);
  const th = THREAD.exec(r);
  return th ? words(r.slice(th[0].length)) : 0;
}
