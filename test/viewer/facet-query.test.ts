// A facet click composed into the query box's text (bindings/viewer/facet-query.ts); every result compiles.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { addFacetFilter, labelValue, parseSelector } from '../../bindings/viewer/facet-query.ts';
import { classifyQuery } from '../../bindings/viewer/query-text.ts';

/** The text is a query the engine compiles (the box would show no error). */
function compiles(typed: string): string {
  createEngine(classifyQuery(typed).filter);
  return typed;
}

describe('facet → query', () => {
  it('an empty box or a label selector becomes a stream selector', () => {
    expect(compiles(addFacetFilter('', 'namespace', 'shop'))).toBe('{namespace="shop"}');
    expect(compiles(addFacetFilter('-l app=web', 'pod', 'p-1'))).toBe('{pod="p-1"}');
  });

  it('plain words become a line filter after the selector', () => {
    expect(compiles(addFacetFilter('time out', 'level', 'error'))).toBe('{level="error"} |= "time out"');
  });

  it('a pipeline without a selector gets one in front', () => {
    expect(compiles(addFacetFilter('|= "x" | json', 'stream', 'stderr'))).toBe('{stream="stderr"} |= "x" | json');
  });

  it('a selector gains the matcher; one for the same field with = is replaced, others are kept', () => {
    expect(compiles(addFacetFilter('{pod=~"a.*"} |= "x"', 'namespace', 'shop'))).toBe('{pod=~"a.*", namespace="shop"} |= "x"');
    expect(compiles(addFacetFilter('{namespace="a", pod="p"}', 'namespace', 'b'))).toBe('{pod="p", namespace="b"}');
    expect(compiles(addFacetFilter('{namespace!="a"}', 'namespace', 'b'))).toBe('{namespace!="a", namespace="b"}');
    expect(compiles(addFacetFilter('{ }', 'container', 'c'))).toBe('{container="c"}');
    expect(compiles(addFacetFilter('{a=`x,}y`}|="q"', 'pod', 'p'))).toBe('{a=`x,}y`, pod="p"}|="q"');
  });

  it('a value with quotes or backslashes is escaped', () => {
    expect(compiles(addFacetFilter('', 'pod', 'a"b\\c'))).toBe('{pod="a\\"b\\\\c"}');
  });

  it('a selector still being typed gets the matcher in front', () => {
    expect(addFacetFilter('{namespace="sh', 'level', 'warn')).toBe('{level="warn", namespace="sh');
  });

  it('"none" level and "unknown" stream are the empty label (absent in the record)', () => {
    expect(labelValue('level', 'none')).toBe('');
    expect(labelValue('stream', 'unknown')).toBe('');
    expect(labelValue('namespace', 'none')).toBe('none');
  });

  it('parseSelector reads matchers and where the selector ends', () => {
    expect(parseSelector('{a="1", b=~"x\\"}"} | json')).toEqual({
      matchers: [{ name: 'a', op: '=', text: 'a="1"' }, { name: 'b', op: '=~', text: 'b=~"x\\"}"' }], end: 18,
    });
    expect(parseSelector('{a=}')).toBeNull();
    expect(parseSelector('{a="1" b="2"}')).toBeNull();
  });

  it('the composed query keeps exactly the clicked value\'s records', () => {
    const text = addFacetFilter('|= "hit"', 'level', labelValue('level', 'none'));
    const engine = createEngine(classifyQuery(text).filter);
    const out = new TextDecoder().decode(engine.source('x').pushNdjson(
      '2024-01-01T00:00:00Z stdout F hit plain\n2024-01-01T00:00:00Z stdout F ERROR hit\n2024-01-01T00:00:00Z stdout F miss\n'));
    expect(out.trim().split('\n').map((l) => JSON.parse(l).log)).toEqual(['hit plain']);
  });
});
