// The YAML that kubeconfig files are written in, read without a YAML library: block mappings, block
// sequences (also `- key: value` items), plain / 'single' / "double" quoted scalars, comments, `{}` / `[]`
// and flow sequences of scalars. That is what kubectl, kind, k3s, minikube and cloud CLIs write. Anything
// else (anchors, tags, block scalars, multi-document streams) is refused with its line number and a hint;
// a JSON kubeconfig (`kubectl config view --raw --flatten -o json`) is read with JSON.parse.

export class KubeconfigSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(`${message} (line ${line}; logsieve reads kubeconfig's plain YAML subset, or JSON from ` +
      '`kubectl config view --raw --flatten -o json`)');
    this.name = 'KubeconfigSyntaxError';
  }
}

interface Line {
  no: number;     // 1-based, for messages
  indent: number;
  text: string;   // without indentation and trailing comment
}

export function parseKubeconfigText(text: string): unknown {
  const t = text.replace(/^\uFEFF/, '');
  if (/^\s*\{/.test(t)) return JSON.parse(t);
  const lines = splitLines(t);
  if (lines.length === 0) return {};
  const p = new Parser(lines);
  const v = p.block(lines[0].indent);
  if (p.i < lines.length) throw new KubeconfigSyntaxError('unexpected indentation', lines[p.i].no);
  return v;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    if (/^\s*(#.*)?$/.test(r)) continue;
    if (r === '---' && out.length === 0) continue;
    if (r === '---' || r === '...') throw new KubeconfigSyntaxError('more than one YAML document', i + 1);
    if (/^\s*\t/.test(r)) throw new KubeconfigSyntaxError('a tab in indentation', i + 1);
    const indent = r.length - r.trimStart().length;
    out.push({ no: i + 1, indent, text: stripComment(r.slice(indent), i + 1) });
  }
  return out;
}

/** Drops a ` #…` comment that is outside quotes. */
function stripComment(s: string, no: number): string {
  let q = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = '';
    } else if (c === '"' || c === "'") {
      // quotes open a scalar only at its start (after `key: `, `- ` or at the start)
      if (/(^|[:\[,{-]\s*)$/.test(s.slice(0, i))) q = c;
    } else if (c === '#' && (i === 0 || s[i - 1] === ' ')) {
      return s.slice(0, i).trimEnd();
    }
  }
  if (q) throw new KubeconfigSyntaxError('an unterminated quoted string', no);
  return s.trimEnd();
}

class Parser {
  i = 0;
  constructor(private readonly lines: Line[]) {}

  /** The block (mapping or sequence) whose lines start at `indent`. */
  block(indent: number): unknown {
    const first = this.lines[this.i];
    if (first.text === '-' || first.text.startsWith('- ')) return this.sequence(indent);
    return this.mapping(indent, {});
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      if (l.indent < indent) break;
      if (l.indent > indent) throw new KubeconfigSyntaxError('unexpected indentation', l.no);
      if (!(l.text === '-' || l.text.startsWith('- '))) break;
      const rest = l.text.slice(1).trimStart();
      if (rest === '') {
        this.i++;
        out.push(this.nested(indent));
      } else if (keyOf(rest) !== undefined) {
        // `- key: value`: a mapping whose keys sit where `key` sits
        const itemIndent = indent + (l.text.length - rest.length);
        this.lines[this.i] = { no: l.no, indent: itemIndent, text: rest };
        out.push(this.mapping(itemIndent, {}));
      } else {
        this.i++;
        out.push(scalar(rest, l.no));
      }
    }
    return out;
  }

  private mapping(indent: number, out: Record<string, unknown>): Record<string, unknown> {
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      if (l.indent < indent) break;
      if (l.indent > indent) throw new KubeconfigSyntaxError('unexpected indentation', l.no);
      const kv = keyOf(l.text);
      if (kv === undefined) {
        if (l.text.startsWith('- ') || l.text === '-') break; // a sequence at the parent's key indentation
        throw new KubeconfigSyntaxError(`expected \`key: value\`, found \`${l.text.slice(0, 40)}\``, l.no);
      }
      const [key, rest] = kv;
      this.i++;
      if (rest === '') {
        const next = this.lines[this.i];
        // a sequence may sit at the key's own indentation (`users:\n- name: …`)
        if (next && (next.indent > indent || (next.indent === indent && (next.text === '-' || next.text.startsWith('- '))))) {
          out[key] = this.block(next.indent);
        } else {
          out[key] = null;
        }
      } else {
        out[key] = scalar(rest, l.no);
      }
    }
    return out;
  }

  private nested(parentIndent: number): unknown {
    const next = this.lines[this.i];
    if (!next || next.indent <= parentIndent) return null;
    return this.block(next.indent);
  }
}

/** `key: rest` → [key, rest], or undefined when the line is not a mapping entry. */
function keyOf(text: string): [string, string] | undefined {
  let key: string;
  let after: number;
  if (text[0] === '"' || text[0] === "'") {
    const end = quotedEnd(text, 0);
    if (end < 0) return undefined;
    key = scalar(text.slice(0, end + 1), 0) as string;
    after = end + 1;
    if (text[after] !== ':') return undefined;
  } else {
    const m = /^([^\s:#\[\]{},][^:]*?|[^\s:#\[\]{},]*?):(?:\s|$)/.exec(text);
    if (!m) return undefined;
    key = m[1];
    after = m[1].length;
  }
  return [key, text.slice(after + 1).trim()];
}

function quotedEnd(s: string, start: number): number {
  const q = s[start];
  for (let i = start + 1; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') i++;
    else if (s[i] === q) {
      if (q === "'" && s[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** The items of a flow collection's inside, split at commas outside quotes; nested collections refused. */
function splitFlow(inner: string, no: number): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if ((c === '"' || c === "'") && /(^|[,:]\s*|^\s*)$/.test(inner.slice(start, i))) {
      const end = quotedEnd(inner, i);
      if (end < 0) throw new KubeconfigSyntaxError('an unterminated quoted string', no);
      i = end;
    } else if (c === '{' || c === '[') {
      throw new KubeconfigSyntaxError('a nested flow collection', no);
    } else if (c === ',') {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = inner.slice(start).trim();
  if (last !== '') out.push(last); // `[a, b,]` has two items
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', '0': '\0', ' ': ' ' };

function scalar(s: string, no: number): unknown {
  if (s[0] === '"') {
    if (quotedEnd(s, 0) !== s.length - 1) throw new KubeconfigSyntaxError('text after a quoted string', no);
    return s.slice(1, -1).replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
      if (e[0] === 'u' || e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
      const r = ESCAPES[e];
      if (r === undefined) throw new KubeconfigSyntaxError(`an unknown escape \\${e}`, no);
      return r;
    });
  }
  if (s[0] === "'") {
    if (quotedEnd(s, 0) !== s.length - 1) throw new KubeconfigSyntaxError('text after a quoted string', no);
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (s[0] === '{' && s.endsWith('}')) {
    const out: Record<string, unknown> = {};
    for (const item of splitFlow(s.slice(1, -1), no)) {
      const kv = keyOf(item);
      if (!kv) throw new KubeconfigSyntaxError(`expected \`key: value\` in \`${s.slice(0, 40)}\``, no);
      out[kv[0]] = scalar(kv[1], no);
    }
    return out;
  }
  if (s[0] === '[' && s.endsWith(']')) return splitFlow(s.slice(1, -1), no).map((x) => scalar(x, no));
  if (/^[&*!|>{\[%@`]/.test(s)) throw new KubeconfigSyntaxError(`unsupported YAML \`${s.slice(0, 20)}\``, no);
  if (s === 'null' || s === '~' || s === 'Null' || s === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(s)) return true;
  if (/^(false|False|FALSE)$/.test(s)) return false;
  if (/^[-+]?[0-9]+(\.[0-9]+)?$/.test(s)) return Number(s);
  return s;
}
