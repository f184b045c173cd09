// The LogQL parser: query bytes → a program (program.ts). Compile time only (may allocate managed objects);
// no recursion: label-filter expressions use explicit operator/operand stacks and an explicit post-order walk.
//
// Grammar (docs/logql.md):
//   query     := selector? stage*                 (at least one of the two)
//   selector  := "{" [matcher ("," matcher)*] "}"      matcher := IDENT ("=" | "!=" | "=~" | "!~") STRING
//   stage     := lineop STRING ("or" STRING)*           lineop := "|=" | "!=" | "|~" | "!~"
//              | "|" ("json" | "logfmt")                 (at most one parser stage)
//              | "|" expr
//   expr      := leaf | "(" expr ")" | expr "and" expr | expr "," expr | expr expr | expr "or" expr
//   leaf      := IDENT ("=" | "!=" | "=~" | "!~") STRING
//              | IDENT ("=" | "==" | "!=" | ">" | ">=" | "<" | "<=") (NUMBER | DURATION | BYTES)
// Precedence exactly as Loki's yacc grammar resolves it: `or` binds looser than `and`; `,` and juxtaposition
// have no precedence, so every conflict involving them shifts: `a, b or c` is `a and (b or c)`, `a or b c`
// is `a or (b and c)`. Keywords (`or`, `and`, `json`, …) are case-insensitive, as in Loki.
//
// Every error is reported with filterFail(byte position, message) and compile returns 0; everything a
// pipeline cannot express (metric queries, line_format, …) is refused there, never ignored.

import { Lexer, T_BYTES, T_CMP_EQ, T_COMMA, T_DURATION, T_EOF, T_EQ, T_ERROR, T_GT, T_GTE, T_IDENT, T_LBRACE, T_LBRACKET, T_LPAREN, T_LT, T_LTE, T_NEQ, T_NPA, T_NRE, T_NUMBER, T_PIPE, T_PIPE_EXACT, T_PIPE_MATCH, T_PIPE_PATTERN, T_RBRACE, T_RE, T_RPAREN, T_STRING, T_OTHER } from "./lexer";
import { filterFail } from "../error";
import { regexCompile } from "../../regex/regex";
import { errorMessage, errorPos } from "../../regex/errors";
import { FLAG_DOTNL } from "../../regex/parse";

export const MAX_QUERY_BYTES: usize = 262144;
export const MAX_NESTING: i32 = 64;
// regex compile flags for the reference program: the Pike VM alone, no literal fast paths
const REF_REGEX: i32 = 16 | 32 | 64;

export class Alt {
  bytes: Array<u8>;
  regex: usize = 0;
  constructor(bytes: Array<u8>) { this.bytes = bytes; }
}

export class Matcher {
  op: u32 = 0;
  name: i32 = 0;
  value: Array<u8> = new Array<u8>();
  regex: usize = 0;
}

export class Leaf {
  type: u32 = 0;
  op: u32 = 0;
  name: i32 = 0;
  str: Array<u8> = new Array<u8>();
  regex: usize = 0;
  num: f64 = 0;
  dur: i64 = 0;
  bytes: u64 = 0;
}

export class Stage {
  kind: u32 = 0;
  op: u32 = 0;
  alts: Array<Alt> = new Array<Alt>();
  code: Array<u32> = new Array<u32>();
}

// expression tree nodes (compile time): leaf index, or AND/OR of two nodes
const NODE_LEAF: i32 = 0;
const NODE_AND: i32 = 1;
const NODE_OR: i32 = 2;
// operators on the operator stack
const OPR_PAREN: i32 = 0;
const OPR_AND: i32 = 1; // `and`
const OPR_OR: i32 = 2;
const OPR_WEAK: i32 = 3; // `,` and juxtaposition: no precedence (always shift)

// filter code words (filter.ts runs them)
export const OP_LEAF: u32 = 0; // push leaf(operand)
export const OP_AND: u32 = 1; // pop b, pop a, push a && b
export const OP_ORJ: u32 = 2; // top true: jump forward operand words; else pop

export class Query {
  names: Array<Array<u8>> = new Array<Array<u8>>();
  matchers: Array<Matcher> = new Array<Matcher>();
  stages: Array<Stage> = new Array<Stage>();
  leaves: Array<Leaf> = new Array<Leaf>();
  regexes: Array<usize> = new Array<usize>(); // compiled so far (freed on error)
  maxDepth: i32 = 1; // filter evaluation stack needed
}

function copyArray(src: Array<u8>): Array<u8> {
  const a = new Array<u8>(src.length);
  for (let i = 0; i < src.length; i++) a[i] = src[i];
  return a;
}

function sameBytes(a: Array<u8>, b: Array<u8>): bool {
  if (a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
  return true;
}

// stages that Loki has and a filter cannot run, with why
function refusal(word: string): string | null {
  if (word == "line_format") return "`| line_format` is not supported: a filter keeps or drops records and does not rewrite them";
  if (word == "label_format") return "`| label_format` is not supported: a filter does not rewrite labels";
  if (word == "unwrap") return "`| unwrap` belongs to metric queries, which are not supported";
  if (word == "drop" || word == "keep") return "`| " + word + "` is not supported: it changes labels, not which records are kept";
  if (word == "decolorize") return "`| decolorize` is not supported: a filter does not rewrite lines";
  if (word == "pattern") return "the `| pattern` parser is not supported (use | json or | logfmt)";
  if (word == "regexp") return "the `| regexp` parser is not supported (use | json or | logfmt)";
  if (word == "unpack") return "the `| unpack` parser is not supported (use | json)";
  return null;
}

function isMetricWord(w: string): bool {
  return w == "rate" || w == "count_over_time" || w == "bytes_over_time" || w == "bytes_rate" || w == "sum" ||
    w == "avg" || w == "min" || w == "max" || w == "count" || w == "topk" || w == "bottomk" || w == "stddev" ||
    w == "stdvar" || w == "sort" || w == "sort_desc" || w == "absent_over_time" || w == "avg_over_time" ||
    w == "sum_over_time" || w == "max_over_time" || w == "min_over_time" || w == "first_over_time" ||
    w == "last_over_time" || w == "quantile_over_time" || w == "stddev_over_time" || w == "stdvar_over_time" ||
    w == "rate_counter" || w == "label_replace" || w == "vector" || w == "approx_topk";
}

export class Parser {
  lx: Lexer;
  q: Query = new Query();
  reference: bool;
  failed: bool = false;
  parserSeen: bool = false;

  constructor(base: usize, len: usize, reference: bool) {
    this.lx = new Lexer(base, len);
    this.reference = reference;
  }

  fail(pos: i32, msg: string): bool {
    if (!this.failed) filterFail(pos, msg);
    this.failed = true;
    return false;
  }

  /** Advances; false (error reported) on a lexical error. */
  advance(): bool {
    if (this.lx.next() == T_ERROR) return this.fail(this.lx.errPos, this.lx.errMsg);
    return true;
  }

  nameIndex(bytes: Array<u8>): i32 {
    const names = this.q.names;
    for (let i = 0; i < names.length; i++) if (sameBytes(names[i], bytes)) return i;
    names.push(copyArray(bytes));
    return names.length - 1;
  }

  identBytes(): Array<u8> {
    const lx = this.lx;
    const a = new Array<u8>();
    for (let i = lx.start; i < lx.tokEnd; i++) a.push(load<u8>(lx.base + <usize>i));
    return a;
  }

  /** Compiles the current string token as a regex (flags); 0 with the error reported. */
  regex(flags: i32): usize {
    const lx = this.lx;
    const s = lx.str;
    const buf = heap.alloc(<usize>s.length + 1);
    for (let i = 0; i < s.length; i++) store<u8>(buf + <usize>i, s[i]);
    const h = regexCompile(buf, s.length, flags | (this.reference ? REF_REGEX : 0));
    heap.free(buf);
    if (h == 0) {
      // positions map into the query only when the string had no escapes
      const at = lx.rawString ? lx.start + 1 + errorPos() : lx.start;
      this.fail(at, "invalid regex: " + errorMessage());
      return 0;
    }
    this.q.regexes.push(h);
    return h;
  }

  parse(): bool {
    if (!this.advance()) return false;
    const lx = this.lx;
    if (lx.tok == T_EOF) return this.fail(0, "empty query: expected a stream selector {…} or a line filter");
    if (lx.tok == T_LBRACE) {
      if (!this.selector()) return false;
    } else if (lx.tok == T_IDENT) {
      const w = lx.text().toLowerCase();
      if (isMetricWord(w)) return this.fail(lx.start, "metric queries (" + w + "(…)) are not supported: a filter is a log query, a stream selector and a pipeline");
      return this.fail(lx.start, "a query starts with a stream selector {…} or a line filter (|= != |~ !~)");
    } else if (lx.tok == T_LPAREN) {
      return this.fail(lx.start, "metric queries and parenthesised log queries are not supported: a filter is a stream selector and a pipeline");
    }
    return this.pipeline();
  }

  selector(): bool {
    const lx = this.lx;
    if (!this.advance()) return false;
    if (lx.tok == T_RBRACE) return this.advance();
    while (true) {
      if (lx.tok != T_IDENT) return this.fail(lx.start, "expected a label name in the stream selector");
      const m = new Matcher();
      m.name = this.nameIndex(this.identBytes());
      if (!this.advance()) return false;
      const op = lx.tok;
      if (op == T_EQ) m.op = 0;
      else if (op == T_NEQ) m.op = 1;
      else if (op == T_RE) m.op = 2;
      else if (op == T_NRE) m.op = 3;
      else return this.fail(lx.start, "expected = != =~ or !~ after the label name");
      if (!this.advance()) return false;
      if (lx.tok != T_STRING) return this.fail(lx.start, "expected a quoted string (\"…\" or `…`) as the label value");
      m.value = copyArray(lx.str);
      if (m.op >= 2) {
        // Prometheus label matchers: anchored, and `.` matches newlines
        m.regex = this.regex(FLAG_DOTNL);
        if (m.regex == 0) return false;
      }
      this.q.matchers.push(m);
      if (!this.advance()) return false;
      if (lx.tok == T_COMMA) {
        if (!this.advance()) return false;
        continue;
      }
      if (lx.tok == T_RBRACE) return this.advance();
      return this.fail(lx.start, "expected , or } in the stream selector");
    }
  }

  pipeline(): bool {
    const lx = this.lx;
    while (lx.tok != T_EOF) {
      const t = lx.tok;
      if (t == T_PIPE_EXACT || t == T_NEQ || t == T_PIPE_MATCH || t == T_NRE) {
        if (!this.lineFilter()) return false;
      } else if (t == T_PIPE_PATTERN || t == T_NPA) {
        return this.fail(lx.start, "pattern line filters (|> and !>) are not supported");
      } else if (t == T_PIPE) {
        if (!this.advance()) return false;
        if (lx.tok == T_IDENT) {
          const w = lx.text().toLowerCase();
          if (w == "json" || w == "logfmt") {
            if (this.parserSeen) return this.fail(lx.start, "only one parser stage (| json or | logfmt) per query is supported");
            this.parserSeen = true;
            const st = new Stage();
            st.kind = w == "json" ? 1 : 2;
            this.q.stages.push(st);
            if (!this.advance()) return false;
            if (lx.tok == T_IDENT || lx.tok == T_STRING) return this.fail(lx.start, "`| " + w + "` with parameters is not supported: use the form without arguments (it extracts what the label filters use)");
            if (lx.tok == T_OTHER && load<u8>(lx.base + <usize>lx.start) == 0x2d) return this.fail(lx.start, "`| " + w + "` flags (--strict, --keep-empty) are not supported");
            continue;
          }
          const r = refusal(w);
          if (r != null) return this.fail(lx.start, r);
          if (!this.labelFilter()) return false;
        } else if (lx.tok == T_LPAREN) {
          if (!this.labelFilter()) return false;
        } else {
          return this.fail(lx.start, "expected json, logfmt or a label filter after |");
        }
      } else if (t == T_LBRACKET) {
        return this.fail(lx.start, "range selectors ([5m]) belong to metric queries, which are not supported");
      } else if (t == T_LBRACE) {
        return this.fail(lx.start, "the stream selector {…} must come first");
      } else {
        return this.fail(lx.start, "expected a line filter (|= != |~ !~) or a | stage");
      }
    }
    return true;
  }

  lineFilter(): bool {
    const lx = this.lx;
    const st = new Stage();
    st.kind = 0;
    const t = lx.tok;
    st.op = t == T_PIPE_EXACT ? 0 : t == T_NEQ ? 1 : t == T_PIPE_MATCH ? 2 : 3;
    if (!this.advance()) return false;
    while (true) {
      if (lx.tok == T_IDENT && lx.isWord("ip")) return this.fail(lx.start, "ip() line filters are not supported");
      if (lx.tok != T_STRING) return this.fail(lx.start, "expected a quoted string after the line filter");
      const alt = new Alt(copyArray(lx.str));
      if (st.op >= 2) {
        alt.regex = this.regex(0);
        if (alt.regex == 0) return false;
      }
      st.alts.push(alt);
      if (!this.advance()) return false;
      if (lx.isWord("or")) {
        if (!this.advance()) return false;
        continue;
      }
      break;
    }
    this.q.stages.push(st);
    return true;
  }

  /** One label-filter leaf at the current IDENT; returns its leaf index or -1. */
  leaf(): i32 {
    const lx = this.lx;
    const lf = new Leaf();
    lf.name = this.nameIndex(this.identBytes());
    if (!this.advance()) return -1;
    const opTok = lx.tok;
    const opAt = lx.start;
    if (opTok != T_EQ && opTok != T_NEQ && opTok != T_RE && opTok != T_NRE && opTok != T_CMP_EQ &&
        opTok != T_GT && opTok != T_GTE && opTok != T_LT && opTok != T_LTE) {
      this.fail(lx.start, "expected a comparison (= != =~ !~ == > >= < <=) after the label name");
      return -1;
    }
    if (!this.advance()) return -1;
    const vt = lx.tok;
    if (vt == T_STRING) {
      if (opTok != T_EQ && opTok != T_NEQ && opTok != T_RE && opTok != T_NRE) {
        this.fail(lx.start, "a string compares with = != =~ or !~; for numbers write the value without quotes");
        return -1;
      }
      lf.type = 0;
      lf.op = opTok == T_EQ ? 0 : opTok == T_NEQ ? 1 : opTok == T_RE ? 2 : 3;
      lf.str = copyArray(lx.str);
      if (lf.op >= 2) {
        lf.regex = this.regex(0);
        if (lf.regex == 0) return -1;
      }
    } else if (vt == T_NUMBER || vt == T_DURATION || vt == T_BYTES) {
      if (opTok == T_RE || opTok == T_NRE) {
        this.fail(opAt, "=~ and !~ need a quoted regex");
        return -1;
      }
      lf.type = vt == T_NUMBER ? 1 : vt == T_DURATION ? 2 : 3;
      lf.op = opTok == T_EQ || opTok == T_CMP_EQ ? 0 : opTok == T_NEQ ? 1 : opTok == T_GT ? 2 : opTok == T_GTE ? 3 : opTok == T_LT ? 4 : 5;
      lf.num = lx.num;
      lf.dur = lx.dur;
      lf.bytes = lx.bytes;
    } else if (vt == T_IDENT && lx.isWord("ip")) {
      this.fail(lx.start, "ip() label filters are not supported");
      return -1;
    } else {
      this.fail(lx.start, "expected a quoted string, a number, a duration (250ms) or a size (20MB)");
      return -1;
    }
    if (!this.advance()) return -1;
    this.q.leaves.push(lf);
    return this.q.leaves.length - 1;
  }

  /** A label-filter expression (one pipeline stage), compiled into filter code. */
  labelFilter(): bool {
    const lx = this.lx;
    // tree nodes: kind, a, b
    const kind = new Array<i32>();
    const na = new Array<i32>();
    const nb = new Array<i32>();
    const vals = new Array<i32>();
    const ops = new Array<i32>();
    let depth = 0;
    let expectOperand = true;
    while (true) {
      if (expectOperand) {
        if (lx.tok == T_LPAREN) {
          if (++depth > MAX_NESTING) return this.fail(lx.start, "label filter parentheses nested deeper than " + MAX_NESTING.toString());
          ops.push(OPR_PAREN);
          if (!this.advance()) return false;
          continue;
        }
        if (lx.tok == T_IDENT) {
          const r = refusal(lx.text().toLowerCase());
          if (r != null) return this.fail(lx.start, r);
          const li = this.leaf();
          if (li < 0) return false;
          kind.push(NODE_LEAF);
          na.push(li);
          nb.push(0);
          vals.push(kind.length - 1);
          expectOperand = false;
          continue;
        }
        return this.fail(lx.start, "expected a label filter (name op value) or (");
      }
      let op = -1;
      let consume = true;
      if (lx.isWord("and")) op = OPR_AND;
      else if (lx.isWord("or")) op = OPR_OR;
      else if (lx.tok == T_COMMA) op = OPR_WEAK;
      else if (lx.tok == T_IDENT || lx.tok == T_LPAREN) {
        op = OPR_WEAK;
        consume = false;
      } else if (lx.tok == T_RPAREN && depth > 0) {
        while (ops[ops.length - 1] != OPR_PAREN) this.reduce(ops, vals, kind, na, nb);
        ops.pop();
        depth--;
        if (!this.advance()) return false;
        continue;
      } else break;
      // Loki's yacc: reduce only between `and`/`or` (or binds looser); anything with `,`/juxtaposition shifts
      while (ops.length > 0) {
        const top = ops[ops.length - 1];
        if (top == OPR_PAREN || top == OPR_WEAK || op == OPR_WEAK) break;
        if (top == OPR_AND || (top == OPR_OR && op == OPR_OR)) this.reduce(ops, vals, kind, na, nb);
        else break;
      }
      ops.push(op);
      if (consume && !this.advance()) return false;
      expectOperand = true;
    }
    if (depth > 0) return this.fail(lx.start, "missing ) in the label filter");
    while (ops.length > 0) this.reduce(ops, vals, kind, na, nb);
    if (DEBUG) assert(vals.length == 1);
    // post-order emission with an explicit stack: (node, state)
    const st = new Stage();
    st.kind = 3;
    const code = st.code;
    const stackN = new Array<i32>();
    const stackS = new Array<i32>();
    const stackPatch = new Array<i32>();
    stackN.push(vals[0]);
    stackS.push(0);
    stackPatch.push(0);
    let evalDepth = 0;
    let maxDepth = 1;
    while (stackN.length > 0) {
      const top = stackN.length - 1;
      const n = stackN[top];
      const s = stackS[top];
      const k = kind[n];
      if (k == NODE_LEAF) {
        code.push((OP_LEAF << 24) | <u32>na[n]);
        if (++evalDepth > maxDepth) maxDepth = evalDepth;
        stackN.pop(); stackS.pop(); stackPatch.pop();
        continue;
      }
      if (s == 0) {
        stackS[top] = 1;
        stackN.push(na[n]); stackS.push(0); stackPatch.push(0);
      } else if (s == 1) {
        stackS[top] = 2;
        if (k == NODE_OR) {
          stackPatch[top] = code.length;
          code.push(OP_ORJ << 24);
          evalDepth--; // ORJ pops when it does not jump
        }
        stackN.push(nb[n]); stackS.push(0); stackPatch.push(0);
      } else {
        if (k == NODE_AND) {
          code.push(OP_AND << 24);
          evalDepth--;
        } else {
          const at = stackPatch[top];
          code[at] = (OP_ORJ << 24) | <u32>(code.length - at - 1);
        }
        stackN.pop(); stackS.pop(); stackPatch.pop();
      }
    }
    if (maxDepth > this.q.maxDepth) this.q.maxDepth = maxDepth;
    this.q.stages.push(st);
    return true;
  }

  reduce(ops: Array<i32>, vals: Array<i32>, kind: Array<i32>, na: Array<i32>, nb: Array<i32>): void {
    const op = ops.pop();
    const b = vals.pop();
    const a = vals.pop();
    kind.push(op == OPR_OR ? NODE_OR : NODE_AND);
    na.push(a);
    nb.push(b);
    vals.push(kind.length - 1);
  }
}

