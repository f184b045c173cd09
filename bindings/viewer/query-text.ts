// The query box's one text → what the store is asked (docs/viewer.md "The query box"), and an engine error's
// position → a position in the text the user typed. Pure: tested in Node (test/viewer/query-text.test.ts).

import type { FilterRequest } from './protocol.ts';

export type QueryKind = 'empty' | 'logql' | 'selector' | 'words';

export interface ClassifiedQuery {
  kind: QueryKind;
  /** what the store is asked */
  filter: FilterRequest;
  /** maps a UTF-16 index in the compiled text (filter.query or filter.selector) to one in the typed text */
  toTyped(position: number): number;
}

/** How a LogQL query starts: a stream selector or a pipeline stage (the CLI's --query takes both). */
const LOGQL_START = /^(\{|\|=|!=|\|~|!~|\|)/;
/** `-l ` then a kubectl label selector (the CLI's -l). */
const SELECTOR_PREFIX = /^-l\s+/;

export function classifyQuery(typed: string): ClassifiedQuery {
  const lead = typed.length - typed.trimStart().length;
  const text = typed.slice(lead);
  const shift = (by: number) => (p: number) => Math.max(0, Math.min(typed.length, p + by));
  if (text.trim() === '') return { kind: 'empty', filter: {}, toTyped: shift(0) };
  if (LOGQL_START.test(text)) return { kind: 'logql', filter: { query: text }, toTyped: shift(lead) };
  const sel = SELECTOR_PREFIX.exec(text);
  if (sel) return { kind: 'selector', filter: { selector: text.slice(sel[0].length) }, toTyped: shift(lead + sel[0].length) };
  if (text === '-l') return { kind: 'selector', filter: { selector: '' }, toTyped: shift(typed.length) };
  // plain words: one LogQL line filter for the text as typed (trailing blanks are not part of it)
  const words = text.trimEnd();
  const { literal, offsets } = logqlString(words);
  const prefix = '|= ';
  return {
    kind: 'words',
    filter: { query: prefix + literal },
    toTyped: (p) => {
      // inside the literal: the typed character it came from; the prefix or the opening quote: the first word
      const i = p - prefix.length - 1;
      if (i < 0) return lead;
      return lead + (i < offsets.length ? offsets[i] : words.length);
    },
  };
}

/**
 * `text` as a LogQL double-quoted string (Go escapes: `\\`, `\"`, control characters), with, for each
 * UTF-16 unit of the content between the quotes, the index in `text` it came from.
 */
export function logqlString(text: string): { literal: string; offsets: number[] } {
  let out = '"';
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    let piece: string;
    if (c === '"' || c === '\\') piece = '\\' + c;
    else if (c === '\n') piece = '\\n';
    else if (c === '\r') piece = '\\r';
    else if (c === '\t') piece = '\\t';
    else if (c < ' ' || c === '\x7f') piece = '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
    else piece = c;
    out += piece;
    for (let k = 0; k < piece.length; k++) offsets.push(i);
  }
  return { literal: out + '"', offsets };
}

/** The error line under the box: `<reason> at position N`, then the typed text with a caret under N. */
export function errorDisplay(typed: string, reason: string, typedPosition: number): { message: string; text: string; caret: string } {
  const line = typed.replace(/[\r\n\t]/g, ' ');
  const at = Math.max(0, Math.min(typedPosition, line.length));
  return { message: `${reason} at position ${at}`, text: line, caret: ' '.repeat(at) + '^' };
}
