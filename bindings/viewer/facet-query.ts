// A click on a facet value → the query box's new text: the value becomes a LogQL stream matcher
// (`{namespace="shop"}`), merged into the query already typed. Pure: tested in Node.
//
// The five facet fields are LogQL stream labels the engine knows (docs/logql.md "Stream labels"); a value
// the record does not have (no level, stream `unknown`, no pod metadata) is the empty label, `{level=""}`.

import type { FacetField } from './protocol.ts';
import { classifyQuery, logqlString } from './query-text.ts';

/** The label's value for a facet value as the facets panel shows it. */
export function labelValue(field: FacetField, shown: string): string {
  if (field === 'level' && shown === 'none') return '';
  if (field === 'stream' && shown === 'unknown') return '';
  return shown;
}

/**
 * The query text after adding `field = value`: an equality matcher for the same field is replaced (clicking
 * one namespace, then another, moves to the other), any other matcher and the pipeline are kept.
 *   ''                       → {namespace="shop"}
 *   '{pod="a"} |= "x"'       → {pod="a", namespace="shop"} |= "x"
 *   '|= "x"'                 → {namespace="shop"} |= "x"
 *   'timeout' (plain words)  → {namespace="shop"} |= "timeout"
 *   '-l app=web'             → {namespace="shop"}   (a label selector cannot be combined with LogQL)
 */
export function addFacetFilter(typed: string, field: FacetField, value: string): string {
  const matcher = `${field}=${logqlString(value).literal}`;
  const q = classifyQuery(typed);
  switch (q.kind) {
    case 'empty':
    case 'selector':
      return `{${matcher}}`;
    case 'words':
      return `{${matcher}} ${q.filter.query}`;
    case 'logql': {
      const text = q.filter.query ?? '';
      if (!text.startsWith('{')) return `{${matcher}} ${text}`;
      const sel = parseSelector(text);
      if (!sel) return `{${matcher}, ${text.slice(1).trimStart()}`; // a selector the user is still typing
      const kept = sel.matchers.filter((m) => !(m.name === field && m.op === '='));
      const rest = text.slice(sel.end);
      return `{${[...kept.map((m) => m.text), matcher].join(', ')}}${rest}`;
    }
  }
}

interface Matcher {
  name: string;
  op: string;
  /** as written */
  text: string;
}

/** The stream selector at the start of `text`: its matchers and where it ends, or null when it does not parse. */
export function parseSelector(text: string): { matchers: Matcher[]; end: number } | null {
  let i = 1;
  const matchers: Matcher[] = [];
  const skip = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  skip();
  if (text[i] === '}') return { matchers, end: i + 1 };
  for (;;) {
    skip();
    const start = i;
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!name) return null;
    i += name[0].length;
    skip();
    const op = /^(=~|!~|!=|=)/.exec(text.slice(i));
    if (!op) return null;
    i += op[0].length;
    skip();
    const end = stringEnd(text, i);
    if (end < 0) return null;
    i = end;
    matchers.push({ name: name[0], op: op[0], text: text.slice(start, i) });
    skip();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '}') return { matchers, end: i + 1 };
    return null;
  }
}

/** End (exclusive) of the LogQL string starting at i (`"…"` with escapes or `` `…` ``), or -1. */
function stringEnd(text: string, i: number): number {
  const quote = text[i];
  if (quote !== '"' && quote !== '`') return -1;
  for (let j = i + 1; j < text.length; j++) {
    if (quote === '"' && text[j] === '\\') j++;
    else if (text[j] === quote) return j + 1;
  }
  return -1;
}
