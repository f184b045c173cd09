// A naive LogQL oracle (docs/logql.md), written from the spec, independent of the engine: its own small
// parser, evaluation with JS strings, Buffer.indexOf, RegExp (flag `u`; `s` for stream-selector regexes;
// anchored with ^(?:…)$ for label regexes) and JSON.parse. Covers what the property tests generate:
// selectors, line filters with `or`, `| json`, `| logfmt`, label filters with and / , / juxtaposition / or /
// parentheses. Returns the same bits as logql_line_match (bit 0 keep, bit 1 __error__, bit 2 JSONParserErr),
// 0 when the stream selector does not match. Numbers in generated JSON are canonical (String(Number(t)) ===
// t), so JSON.parse loses nothing the engine keeps.

export interface OKube { namespace?: string; pod?: string; container?: string; labels?: Record<string, string> }
export interface ORecord { kube?: OKube | null; stream: number; level: number; line: string }

const LEVELS = ['', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'];

type Tok = { k: string; v: string; raw?: string };

function lex(q: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const two = ['|=', '|~', '!=', '!~', '=~', '==', '>=', '<='];
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (q[j] !== '"') {
        if (q[j] === '\\') {
          const e = q[j + 1];
          s += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"' } as Record<string, string>)[e] ?? '';
          j += 2;
        } else s += q[j++];
      }
      out.push({ k: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = q.indexOf('`', i + 1);
      out.push({ k: 'str', v: q.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    const t2 = q.slice(i, i + 2);
    if (two.includes(t2)) { out.push({ k: t2, v: t2 }); i += 2; continue; }
    if ('{},()|=<>'.includes(c)) { out.push({ k: c, v: c }); i++; continue; }
    const m = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?[A-Za-zµ0-9.]*/i.exec(q.slice(i));
    if (m && /[\d.+-]/.test(c)) { out.push({ k: 'num', v: m[0] }); i += m[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(q.slice(i));
    if (id) { out.push({ k: 'id', v: id[0] }); i += id[0].length; continue; }
    throw new Error(`oracle lex: ${q.slice(i)}`);
  }
  return out;
}

type Val = { type: 'number'; v: number } | { type: 'duration'; v: bigint } | { type: 'bytes'; v: bigint };
type Expr =
  | { k: 'str'; name: string; op: string; v: string }
  | { k: 'typed'; name: string; op: string; v: Val }
  | { k: 'and' | 'or'; a: Expr; b: Expr };
type Stage = { k: 'line'; op: string; alts: string[] } | { k: 'json' } | { k: 'logfmt' } | { k: 'filter'; e: Expr };
export interface OQuery { sel: { name: string; op: string; v: string }[]; stages: Stage[] }

// ---- typed values (Go semantics, from the spec) ----
export function goFloat(s: string): number | null {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s[0] === '-' ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}
const GO_UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };
const MAX63 = 1n << 63n;
export function goDuration(s: string): bigint | null {
  let neg = false;
  if (s[0] === '-' || s[0] === '+') { neg = s[0] === '-'; s = s.slice(1); }
  if (s === '0') return 0n;
  if (s === '') return null;
  let total = 0n;
  const re = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return null;
    const unit = GO_UNITS[m[3]];
    if (unit === undefined) return null;
    let v = BigInt(m[1] || '0');
    if (v > MAX63) return null;
    v *= unit;
    if (v > MAX63) return null;
    const frac = m[2] ?? '';
    if (frac.length > 0) {
      // Go: as many fraction digits as fit, then f * (unit / scale) in float64
      let f = 0n; let scale = 1; let over = false;
      for (const d of frac) {
        if (over) continue;
        if (f > (MAX63 - 1n) / 10n) { over = true; continue; }
        const y = f * 10n + BigInt(d);
        if (y > MAX63) { over = true; continue; }
        f = y; scale *= 10;
      }
      if (f > 0n) v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX63) return null;
    }
    total += v;
    if (total > MAX63) return null;
    s = s.slice(m[0].length);
  }
  if (neg) return -total;
  return total > MAX63 - 1n ? null : total;
}
const PROM: [string, bigint][] = [['y', 31536000000n], ['w', 604800000n], ['d', 86400000n], ['h', 3600000n], ['m', 60000n], ['s', 1000n], ['ms', 1n]];
function promDuration(s: string): bigint | null {
  if (s === '0') return 0n;
  const m = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(s);
  if (!m || s === '') return null;
  let ms = 0n;
  PROM.forEach(([, mul], i) => { if (m[i + 1]) ms += BigInt(m[i + 1]) * mul; });
  return ms * 1000000n;
}
const BYTE_UNITS: Record<string, bigint> = { '': 1n, b: 1n };
['k', 'm', 'g', 't', 'p', 'e'].forEach((p, i) => {
  BYTE_UNITS[p] = BYTE_UNITS[p + 'b'] = 1000n ** BigInt(i + 1);
  BYTE_UNITS[p + 'i'] = BYTE_UNITS[p + 'ib'] = 1024n ** BigInt(i + 1);
});
export function humanBytes(s: string): bigint | null {
  const m = /^[\d.,]*/.exec(s)!;
  const num = m[0].replace(/,/g, '');
  if (!/^(\d+\.?\d*|\.\d+)$/.test(num)) return null;
  const unit = BYTE_UNITS[s.slice(m[0].length).trim().toLowerCase()];
  if (unit === undefined) return null;
  const f = Number(num) * Number(unit);
  if (f >= 2 ** 64) return null;
  return BigInt(Math.trunc(f));
}
function literal(t: string): Val {
  // as Loki's lexer: a duration, else a size, else a number
  const num = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(t)![0];
  if (t.length > num.length) {
    const d = promDuration(t) ?? goDuration(t);
    if (d !== null) return { type: 'duration', v: d };
    const b = humanBytes(t);
    if (b !== null) return { type: 'bytes', v: b };
    throw new Error(`oracle literal ${t}`);
  }
  return { type: 'number', v: goFloat(t)! };
}

// ---- parser ----
export function parseQuery(q: string): OQuery {
  const t = lex(q);
  let i = 0;
  const peek = () => t[i];
  const isWord = (w: string) => peek()?.k === 'id' && peek().v.toLowerCase() === w;
  const res: OQuery = { sel: [], stages: [] };
  if (peek()?.k === '{') {
    i++;
    while (peek().k !== '}') {
      const name = t[i++].v; const op = t[i++].k; const v = t[i++].v;
      res.sel.push({ name, op, v });
      if (peek().k === ',') i++;
    }
    i++;
  }
  while (i < t.length) {
    const k = peek().k;
    if (k === '|=' || k === '!=' || k === '|~' || k === '!~') {
      i++;
      const alts = [t[i++].v];
      while (isWord('or') && t[i + 1]?.k === 'str') { i++; alts.push(t[i++].v); }
      res.stages.push({ k: 'line', op: k, alts });
      continue;
    }
    i++; // |
    if (isWord('json') || isWord('logfmt')) { res.stages.push({ k: peek().v.toLowerCase() as 'json' }); i++; continue; }
    // label filter: operands and operators; `,`/juxtaposition shift, `and` over `or` (Loki's yacc)
    const vals: Expr[] = []; const ops: string[] = [];
    const reduce = () => { const op = ops.pop()!; const b = vals.pop()!; const a = vals.pop()!; vals.push({ k: op === 'or' ? 'or' : 'and', a, b }); };
    let want = true;
    for (;;) {
      if (want) {
        if (peek()?.k === '(') { ops.push('('); i++; continue; }
        const name = t[i++].v; const op = t[i++].k; const v = t[i++];
        vals.push(v.k === 'str' ? { k: 'str', name, op, v: v.v } : { k: 'typed', name, op, v: literal(v.v) });
        want = false;
        continue;
      }
      let op = '';
      if (isWord('and')) op = 'and'; else if (isWord('or')) op = 'or';
      else if (peek()?.k === ',') op = ',';
      else if (peek()?.k === 'id' || peek()?.k === '(') op = 'juxt';
      else if (peek()?.k === ')') { while (ops[ops.length - 1] !== '(') reduce(); ops.pop(); i++; continue; }
      else break;
      while (ops.length > 0) {
        const top = ops[ops.length - 1];
        if (top === 'and' && (op === 'and' || op === 'or')) reduce();
        else if (top === 'or' && op === 'or') reduce();
        else break;
      }
      ops.push(op);
      if (op !== 'juxt') i++;
      want = true;
    }
    while (ops.length) reduce();
    res.stages.push({ k: 'filter', e: vals[0] });
  }
  return res;
}

// ---- evaluation ----
function sanitize(parts: string[]): string {
  let out = '';
  for (const raw of parts) {
    const p = raw.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
    if (p === '') continue;
    if (out.length > 0) out += '_';
    else if (/^[0-9]/.test(p)) out += '_';
    for (const ch of p) out += /[A-Za-z0-9_]/.test(ch) ? ch : '_';
  }
  return out;
}
function streamLabels(r: ORecord): Map<string, string> {
  const m = new Map<string, string>();
  const k = r.kube;
  const keys = Object.keys(k?.labels ?? {}).sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b))));
  for (const key of keys) { const s = sanitize([key]); if (!m.has(s)) m.set(s, k!.labels![key]); }
  if (k?.namespace) m.set('namespace', k.namespace);
  if (k?.pod) m.set('pod', k.pod);
  if (k?.container) m.set('container', k.container);
  if (r.stream === 0) m.set('stream', 'stdout'); else if (r.stream === 1) m.set('stream', 'stderr');
  if (r.level > 0) m.set('level', LEVELS[r.level]); else m.delete('level');
  for (const f of ['namespace', 'pod', 'container', 'stream', 'level']) if (!(f === 'namespace' && k?.namespace) && !(f === 'pod' && k?.pod) && !(f === 'container' && k?.container) && !(f === 'stream' && r.stream < 2) && !(f === 'level' && r.level > 0)) m.delete(f);
  return m;
}
const fixValue = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/g, ' ');

function jsonPairs(line: string): [string, string][] | null {
  let v: unknown;
  try { v = JSON.parse(line); } catch { return null; }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const out: [string, string][] = [];
  const walk = (o: Record<string, unknown>, prefix: string[]) => {
    for (const [k, x] of Object.entries(o)) {
      if (x === null || Array.isArray(x)) continue;
      if (typeof x === 'object') walk(x as Record<string, unknown>, [...prefix, k]);
      else out.push([sanitize([...prefix, k]), typeof x === 'string' ? fixValue(x) : String(x)]);
    }
  };
  walk(v as Record<string, unknown>, []);
  return out;
}
function logfmtPairs(line: string): [string, string][] {
  const out: [string, string][] = [];
  const re = /[\x00-\x20]*([^\x00-\x20]*)/y;
  let i = 0;
  while (i < line.length) {
    while (i < line.length && line.charCodeAt(i) <= 32) i++;
    if (i >= line.length) break;
    let j = i;
    while (j < line.length && line[j] !== '=' && line.charCodeAt(j) > 32 && line[j] !== '"') j++;
    const key = line.slice(i, j);
    const skip = () => { while (j < line.length && line.charCodeAt(j) > 32) j++; i = j; };
    if (line[j] === '"' || (line[j] === '=' && key === '') || key.includes('\uFFFD')) { if (line[j] === '=' || line[j] === '"') skip(); else i = j; continue; }
    if (line[j] !== '=') { i = j; continue; }
    j++;
    if (j >= line.length || line.charCodeAt(j) <= 32) { i = j; continue; }
    if (line[j] === '"') {
      let k = j + 1; let esc = false; let hasEsc = false;
      while (k < line.length && (esc || line[k] !== '"')) { if (esc) esc = false; else if (line[k] === '\\') { esc = true; hasEsc = true; } k++; }
      if (k >= line.length) break;
      let val: string | null = line.slice(j + 1, k);
      if (hasEsc) { try { val = JSON.parse('"' + val.replace(/\\'/g, "'") + '"') as string; } catch { val = null; } }
      i = k + 1;
      if (val) out.push([sanitize([key]), fixValue(val)]);
      continue;
    }
    let k = j;
    while (k < line.length && line.charCodeAt(k) > 32 && line[k] !== '=' && line[k] !== '"') k++;
    if (k < line.length && (line[k] === '=' || line[k] === '"')) { j = k; skip(); continue; }
    out.push([sanitize([key]), fixValue(line.slice(j, k))]);
    i = k;
  }
  void re;
  return out;
}

function reFull(src: string, dotAll: boolean): RegExp {
  let flags = 'u'; let p = src;
  if (p.startsWith('(?i)')) { flags += 'i'; p = p.slice(4); }
  return new RegExp(`^(?:${p})$`, flags + (dotAll ? 's' : ''));
}
function reSearch(src: string): RegExp {
  let flags = 'u'; let p = src;
  if (p.startsWith('(?i)')) { flags += 'i'; p = p.slice(4); }
  return new RegExp(p, flags);
}

export function oracleRun(query: string, r: ORecord): number {
  const q = parseQuery(query);
  const base = streamLabels(r);
  for (const m of q.sel) {
    const v = base.get(m.name) ?? '';
    const ok = m.op === '=' ? v === m.v : m.op === '!=' ? v !== m.v : m.op === '=~' ? reFull(m.v, true).test(v) : !reFull(m.v, true).test(v);
    if (!ok) return 0;
  }
  const labels = new Map(base);
  let err = '';
  const lineBuf = Buffer.from(r.line);
  for (const st of q.stages) {
    if (st.k === 'line') {
      const any = st.alts.some((a) => (st.op === '|=' || st.op === '!=' ? lineBuf.indexOf(Buffer.from(a)) >= 0 : reSearch(a).test(r.line)));
      if ((st.op === '|=' || st.op === '|~') !== any) return 0;
    } else if (st.k === 'json' || st.k === 'logfmt') {
      const pairs = st.k === 'json' ? jsonPairs(r.line) : logfmtPairs(r.line);
      if (pairs === null) { if (!err) err = 'JSONParserErr'; continue; }
      const seen = new Set<string>();
      for (const [k0, v] of pairs) {
        if (k0 === '') continue;
        const k = base.has(k0) ? k0 + '_extracted' : k0;
        if (seen.has(k)) continue;
        seen.add(k);
        if (st.k === 'logfmt' && v === '') continue;
        labels.set(k, v);
      }
    } else {
      // explicit stack evaluation is not needed here: the oracle may recurse
      const ev = (e: Expr): boolean => {
        if (e.k === 'and') { const a = ev(e.a); const b = ev(e.b); return a && b; }
        if (e.k === 'or') return ev(e.a) || ev(e.b);
        if (e.k === 'str') {
          const v = e.name === '__error__' ? err : labels.get(e.name) ?? '';
          return e.op === '=' ? v === e.v : e.op === '!=' ? v !== e.v : e.op === '=~' ? reFull(e.v, false).test(v) : !reFull(e.v, false).test(v);
        }
        const raw = labels.get(e.name);
        if (raw === undefined) return false;
        const parsed = e.v.type === 'number' ? goFloat(raw) : e.v.type === 'duration' ? goDuration(raw) : humanBytes(raw);
        if (parsed === null) { if (!err) err = 'LabelFilterErr'; return true; }
        const a = parsed as number | bigint; const b = e.v.v;
        switch (e.op) {
          case '=': case '==': return a === b;
          case '!=': return a !== b;
          case '>': return a > b;
          case '>=': return a >= b;
          case '<': return a < b;
          default: return a <= b;
        }
      };
      if (!ev(st.e)) return 0;
    }
  }
  return 1 | (err ? 2 : 0) | (err === 'JSONParserErr' ? 4 : 0);
}
