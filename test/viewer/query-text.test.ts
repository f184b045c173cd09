// The query box's classification (bindings/viewer/query-text.ts) and how engine error positions map back to
// the text the user typed.
import { describe, expect, it } from 'vitest';
import { createEngine, FilterSyntaxError } from '../../bindings/node.ts';
import { classifyQuery, errorDisplay, logqlString } from '../../bindings/viewer/query-text.ts';

/** Compiles what the box would ask for; returns the error's position mapped into the typed text. */
function typedErrorPosition(typed: string): number {
  const q = classifyQuery(typed);
  try {
    createEngine(q.filter);
  } catch (err) {
    if (!(err instanceof FilterSyntaxError)) throw err;
    return q.toTyped(err.position);
  }
  throw new Error(`${typed} compiled`);
}

describe('query box classification', () => {
  it('empty and blank text is no filter', () => {
    for (const t of ['', '   ', '\t']) {
      expect(classifyQuery(t).kind).toBe('empty');
      expect(classifyQuery(t).filter).toEqual({});
    }
  });

  it('text starting with a stream selector or a pipeline stage is LogQL, as typed', () => {
    for (const t of ['{namespace="shop"}', '|= "x"', '!= "x"', '|~ "a.c"', '!~ "a"', '| json | status >= 500']) {
      expect(classifyQuery(t)).toMatchObject({ kind: 'logql', filter: { query: t } });
    }
    // leading blanks are not part of the query, and positions still count them
    expect(classifyQuery('  {a="b"}')).toMatchObject({ kind: 'logql', filter: { query: '{a="b"}' } });
  });

  it('"-l " then a label selector is the CLI\'s -l', () => {
    expect(classifyQuery('-l app=web,tier!=cache')).toMatchObject({ kind: 'selector', filter: { selector: 'app=web,tier!=cache' } });
    expect(classifyQuery('-l   env in (prod)')).toMatchObject({ kind: 'selector', filter: { selector: 'env in (prod)' } });
  });

  it('anything else is plain words: one case-sensitive line filter for the whole text', () => {
    expect(classifyQuery('connection refused')).toMatchObject({ kind: 'words', filter: { query: '|= "connection refused"' } });
    expect(classifyQuery(' timeout  ')).toMatchObject({ kind: 'words', filter: { query: '|= "timeout"' } });
    // quotes, backslashes and control characters are escaped, so any text is a valid literal
    expect(classifyQuery('say "hi" \\ now')).toMatchObject({ filter: { query: '|= "say \\"hi\\" \\\\ now"' } });
    expect(classifyQuery('-lnot a selector').kind).toBe('words');
  });

  it('plain words compile and keep exactly the records containing the text', () => {
    const engine = createEngine(classifyQuery('say "hi" \\ now').filter);
    const out = new TextDecoder().decode(engine.source('x').pushNdjson(
      '2024-01-01T00:00:00Z stdout F say "hi" \\ now!\n2024-01-01T00:00:00Z stdout F say hi now\n'));
    expect(out.trim().split('\n').map((l) => JSON.parse(l).log)).toEqual(['say "hi" \\ now!']);
  });

  it('logqlString maps every unit of the literal back to the character it came from', () => {
    const { literal, offsets } = logqlString('a"b\n');
    expect(literal).toBe('"a\\"b\\n"');
    expect(offsets).toEqual([0, 1, 1, 2, 3, 3]);
  });
});

describe('query box error positions (counted in the typed text, as the CLI prints them)', () => {
  it('a LogQL error is where the engine says, shifted by leading blanks', () => {
    const text = '{namespace="shop"} | json | bad';
    const engine = (() => {
      try {
        createEngine({ query: text });
      } catch (err) {
        return err as FilterSyntaxError;
      }
      throw new Error('compiled');
    })();
    expect(typedErrorPosition(text)).toBe(engine.position);
    expect(typedErrorPosition('   ' + text)).toBe(engine.position + 3);
  });

  it('a selector error is counted from the start of the box, past "-l "', () => {
    const sel = 'app in (checkout';
    let bare = -1;
    try {
      createEngine({ selector: sel });
    } catch (err) {
      bare = (err as FilterSyntaxError).position;
    }
    expect(bare).toBe(16); // README's example
    expect(typedErrorPosition(`-l ${sel}`)).toBe(bare + 3);
    expect(typedErrorPosition(` -l  ${sel}`)).toBe(bare + 5);
  });

  it('a position is never outside the typed text', () => {
    const q = classifyQuery('-l a=');
    expect(q.toTyped(1000)).toBe(5);
    expect(q.toTyped(-4)).toBe(0);
    const w = classifyQuery('x');
    expect(w.toTyped(0)).toBe(0);
    expect(w.toTyped(99)).toBe(1);
  });

  it('the error display has the message, the text and a caret under the position', () => {
    expect(errorDisplay('ab\tc', 'bad thing', 3)).toEqual({ message: 'bad thing at position 3', text: 'ab c', caret: '   ^' });
    expect(errorDisplay('ab', 'past the end', 9).caret).toBe('  ^');
  });
});
