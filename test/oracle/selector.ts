// A naive oracle for Kubernetes label selectors (`kubectl -l`), written from ../shared/facts/filters.md
// ("Kubernetes label selectors") and the token table of ../shared/conformance/k8s-selectors/README.md, not from
// the engine: it tokenizes the whole text into an array first, parses by recursive descent over that array,
// checks keys and values with the spec's regular expressions, compares integers as BigInt and sorts with
// Array.prototype.sort (stable). Text is handled as bytes (a latin1 string holds one byte per char), so
// invalid UTF-8 is fine; messages are built as bytes and decoded as a host's TextDecoder would.
//
// Error positions follow docs/select.md ("Error messages"): the offending token's start (the end of text, or
// the NUL that ended it, for "found ''"); the key's start for key errors; the first reported value's start for
// value errors (an empty value stands where the token after the operator starts).
//
// Known gap: Go's %q escapes unassigned code points; the oracle asks JS's \p{C}\p{Z} (a different Unicode
// version than Go's) and the engine a fixed table, so generators use only assigned characters.

export type OracleResult =
  | { ok: true; canonical: string; reqs: OReq[] }
  | { ok: false; pos: number; error: string };

export interface OReq { key: string; op: string; values: string[] } // latin1 strings (bytes)
export interface OTok { kind: string; start: number; text: string }

const latin1 = (b: Uint8Array): string => Array.from(b, (c) => String.fromCharCode(c)).join('');
const toBytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const utf8 = new TextEncoder();
const decoder = new TextDecoder();
/** A JS (UTF-16) string → its UTF-8 bytes as a latin1 string. */
export const bytesText = (s: string): string => latin1(utf8.encode(s));
/** A latin1 byte string → what a host's TextDecoder shows. */
export const shown = (s: string): string => decoder.decode(toBytes(s));

const SYMBOLS = ['==', '!=', '=', '!', '(', ')', ',', '>', '<'];
const SYMBOL_KIND: Record<string, string> = {
  '==': 'DoubleEqualsToken', '!=': 'NotEqualsToken', '=': 'EqualsToken', '!': 'DoesNotExistToken',
  '(': 'OpenParToken', ')': 'ClosedParToken', ',': 'CommaToken', '>': 'GreaterThanToken', '<': 'LessThanToken',
};
const isWhite = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSym = (c: string) => '=!(),><'.includes(c);

/** All tokens, the last one EndOfStringToken. */
export function oracleLex(text: string): OTok[] {
  const out: OTok[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && isWhite(text[i])) i++;
    if (i >= text.length || text[i] === '\0') {
      out.push({ kind: 'EndOfStringToken', start: i, text: '' });
      return out;
    }
    let tok: OTok;
    const sym = SYMBOLS.find((s) => text.startsWith(s, i));
    if (sym) {
      tok = { kind: SYMBOL_KIND[sym], start: i, text: sym };
    } else {
      let j = i;
      while (j < text.length && !isWhite(text[j]) && !isSym(text[j]) && text[j] !== '\0') j++;
      const word = text.slice(i, j);
      tok = { kind: word === 'in' ? 'InToken' : word === 'notin' ? 'NotInToken' : 'IdentifierToken', start: i, text: word };
    }
    out.push(tok);
    i += tok.text.length;
    if (text[i] === '\0') i++; // a NUL right after a token is eaten with it
  }
}

// ---- key and value rules (the spec's regular expressions, on bytes) ----
const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CHARS = "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const DNS_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

export function oracleKeyProblems(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) return [`a valid label key must consist of ${CHARS} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  const errs: string[] = [];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix === '') errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errs.push('prefix part must be no more than 253 bytes');
      if (!DNS_RE.test(prefix)) errs.push(`prefix part ${DNS_MSG}`);
    }
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 bytes');
  if (!NAME_RE.test(name)) errs.push(`name part must consist of ${CHARS}`);
  return errs;
}

export function oracleValueProblems(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 bytes');
  if (!VALUE_RE.test(value)) errs.push(VALUE_MSG);
  return errs;
}

/** Go's strconv.ParseInt(s, 10, 64), or null. */
export function oracleInt64(s: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : null;
}

// ---- Go's quoting ----
/** Decodes one code point the way Go does at byte i: [codePoint, width], invalid → [-1, 1]. */
function goRune(s: string, i: number): [number, number] {
  const b = (k: number) => (i + k < s.length ? s.charCodeAt(i + k) : -1);
  const c0 = b(0);
  if (c0 < 0x80) return [c0, 1];
  const cont = (x: number, lo = 0x80, hi = 0xbf) => x >= lo && x <= hi;
  if (c0 >= 0xc2 && c0 <= 0xdf && cont(b(1))) return [((c0 & 0x1f) << 6) | (b(1) & 0x3f), 2];
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const lo = c0 === 0xe0 ? 0xa0 : 0x80;
    const hi = c0 === 0xed ? 0x9f : 0xbf;
    if (cont(b(1), lo, hi) && cont(b(2))) return [((c0 & 0x0f) << 12) | ((b(1) & 0x3f) << 6) | (b(2) & 0x3f), 3];
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const lo = c0 === 0xf0 ? 0x90 : 0x80;
    const hi = c0 === 0xf4 ? 0x8f : 0xbf;
    if (cont(b(1), lo, hi) && cont(b(2)) && cont(b(3))) {
      return [((c0 & 0x07) << 18) | ((b(1) & 0x3f) << 12) | ((b(2) & 0x3f) << 6) | (b(3) & 0x3f), 4];
    }
  }
  return [-1, 1];
}
const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
const printable = (cp: number) => cp === 0x20 || !/[\p{C}\p{Z}]/u.test(String.fromCodePoint(cp));

/** Go's %q of a byte string (result as bytes). */
export function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length;) {
    const [cp, w] = goRune(s, i);
    const ESC: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
    if (cp < 0) out += `\\x${hex(s.charCodeAt(i), 2)}`;
    else if (cp === 0x22 || cp === 0x5c) out += '\\' + String.fromCharCode(cp);
    else if (printable(cp)) out += s.slice(i, i + w);
    else if (ESC[cp]) out += ESC[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
    i += w;
  }
  return out + '"';
}

// ---- the parser ----
class Fail {
  constructor(readonly pos: number, readonly msg: string) {}
}
const WRAP = 'unable to parse requirement: ';

export function oracleParse(input: string | Uint8Array): OracleResult {
  const text = typeof input === 'string' ? bytesText(input) : latin1(input);
  if (text.length > 64 * 1024) return { ok: false, pos: 64 * 1024, error: `selector is longer than ${64 * 1024} bytes` };
  const toks = oracleLex(text);
  let at = 0;
  const peek = () => toks[at];
  const take = () => toks[Math.min(at++, toks.length - 1)];
  // keywords are identifiers wherever a key or value may stand
  const isIdent = (t: OTok) => t.kind === 'IdentifierToken' || t.kind === 'InToken' || t.kind === 'NotInToken';
  const found = (t: OTok, rest: string, wrap: boolean) => new Fail(t.start, (wrap ? WRAP : '') + `found '${t.text}'` + rest);

  function requirement(): OReq {
    let t = take();
    let op = '';
    if (t.kind === 'DoesNotExistToken') {
      op = '!';
      t = take();
    }
    if (!isIdent(t)) throw found(t, ', expected: identifier', true);
    const key = t.text;
    const keyErrs = oracleKeyProblems(key);
    if (keyErrs.length) throw new Fail(t.start, `${WRAP}<nil>: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
    if (op === '!') return { key, op, values: [] };
    if (peek().kind === 'EndOfStringToken' || peek().kind === 'CommaToken') return { key, op: 'exists', values: [] };
    const o = take();
    const OPS: Record<string, string> = {
      InToken: 'in', NotInToken: 'notin', EqualsToken: '=', DoubleEqualsToken: '==', NotEqualsToken: '!=',
      GreaterThanToken: '>', LessThanToken: '<',
    };
    op = OPS[o.kind];
    if (!op) throw found(o, ', expected: in, notin, =, ==, !=, gt, lt', true);
    let vals: { v: string; pos: number }[];
    if (op === 'in' || op === 'notin') vals = valueSet();
    else if (peek().kind === 'EndOfStringToken' || peek().kind === 'CommaToken') vals = [{ v: '', pos: peek().start }];
    else {
      const v = take();
      if (!isIdent(v)) throw found(v, ', expected: identifier', true);
      vals = [{ v: v.text, pos: v.start }];
    }
    if (op === 'in' || op === 'notin') {
      // a set: sorted, each value once (the first occurrence's position)
      const seen = new Map<string, number>();
      for (const x of vals) if (!seen.has(x.v)) seen.set(x.v, x.pos);
      vals = [...seen.keys()].sort(byBytes).map((v) => ({ v, pos: seen.get(v)! }));
    }
    const errs: { pos: number; msg: string }[] = [];
    if ((op === '>' || op === '<') && oracleInt64(vals[0].v) === null) {
      errs.push({ pos: vals[0].pos, msg: `values[0]: Invalid value: ${goQuote(vals[0].v)}: for 'Gt', 'Lt' operators, the value must be an integer` });
    }
    vals.forEach((x, i) => {
      const p = oracleValueProblems(x.v);
      if (p.length) errs.push({ pos: x.pos, msg: `values[${i}][${key}]: Invalid value: ${goQuote(x.v)}: ${p.join('; ')}` });
    });
    if (errs.length === 1) throw new Fail(errs[0].pos, WRAP + errs[0].msg);
    if (errs.length > 1) {
      const listed = errs.slice(0, 100).map((e) => e.msg).join(', ') + (errs.length > 100 ? `, and ${errs.length - 100} more` : '');
      throw new Fail(errs[0].pos, `${WRAP}[${listed}]`);
    }
    return { key, op, values: vals.map((x) => x.v) };
  }

  function valueSet(): { v: string; pos: number }[] {
    const open = take();
    if (open.kind !== 'OpenParToken') throw found(open, " expected: '('", true);
    if (peek().kind === 'ClosedParToken') return [{ v: '', pos: take().start }];
    if (!isIdent(peek()) && peek().kind !== 'CommaToken') throw found(peek(), ", expected: ',', ')' or identifier", true);
    // VALUE? ("," VALUE?)* ")"
    const out: { v: string; pos: number }[] = [];
    for (;;) {
      const t = peek();
      if (isIdent(t)) {
        out.push({ v: take().text, pos: t.start });
      } else if (t.kind === 'CommaToken' || t.kind === 'ClosedParToken') {
        out.push({ v: '', pos: t.start });
      } else {
        throw found(t, ", expected: ',', or identifier", true);
      }
      const sep = take();
      if (sep.kind === 'ClosedParToken') return out;
      if (sep.kind !== 'CommaToken') throw found(sep, ", expected: ',' or ')'", true);
    }
  }

  try {
    const reqs: OReq[] = [];
    if (peek().kind !== 'EndOfStringToken') {
      for (;;) {
        const t = peek();
        if (!isIdent(t) && t.kind !== 'DoesNotExistToken') throw found(t, ", expected: !, identifier, or 'end of string'", false);
        reqs.push(requirement());
        const sep = take();
        if (sep.kind === 'EndOfStringToken') break;
        if (sep.kind !== 'CommaToken') throw found(sep, ", expected: ',' or 'end of string'", false);
        const next = peek();
        if (!isIdent(next) && next.kind !== 'DoesNotExistToken') throw found(next, ", expected: identifier after ','", false);
      }
    }
    const sorted = [...reqs].sort((a, b) => byBytes(a.key, b.key));
    return { ok: true, canonical: shown(sorted.map(reqText).join(',')), reqs: sorted };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, pos: e.pos, error: shown(e.msg) };
    throw e;
  }
}

function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0; // latin1: one char per byte, so this is unsigned byte order
}

function reqText(r: OReq): string {
  if (r.op === 'exists') return r.key;
  if (r.op === '!') return '!' + r.key;
  if (r.op === 'in' || r.op === 'notin') return `${r.key} ${r.op} (${r.values.join(',')})`;
  return r.key + r.op + r.values[0];
}

/** Does the label set (latin1 key → latin1 value) satisfy the parsed requirements? */
export function oracleMatches(reqs: OReq[], labels: Map<string, string>): boolean {
  return reqs.every((r) => {
    const has = labels.has(r.key);
    const v = labels.get(r.key);
    switch (r.op) {
      case 'exists': return has;
      case '!': return !has;
      case '=': case '==': return has && v === r.values[0];
      case '!=': return !has || v !== r.values[0];
      case 'in': return has && r.values.includes(v!);
      case 'notin': return !has || !r.values.includes(v!);
      case '>': case '<': {
        if (!has) return false;
        const n = oracleInt64(v!);
        const want = oracleInt64(r.values[0])!;
        return n !== null && (r.op === '>' ? n > want : n < want);
      }
      default: throw new Error(`oracle: operator ${r.op}`);
    }
  });
}

/** Label pairs (UTF-8 bytes) as the oracle's map: a later pair with the same key wins. */
export function oracleLabels(pairs: [Uint8Array, Uint8Array][]): Map<string, string> {
  return new Map(pairs.map(([k, v]) => [latin1(k), latin1(v)]));
}
