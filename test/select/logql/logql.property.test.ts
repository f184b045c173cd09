// Generated queries × generated records: the engine's bits (both builds, fast and reference programs) equal
// the naive oracle's (test/oracle/logql.ts). Seeded: deterministic.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { LogQL, run } from './driver.ts';
import { oracleRun, type ORecord } from '../../oracle/logql.ts';

const words = ['error', 'ERROR', 'Error', 'timeout', 'ok', 'GET', 'a', 'b', 'é', 'k', 'K', 'x.y', 'level', 'api'];
const keys = ['status', 'level', 'msg', 'a', 'b', 'dur', 'size', 'app', 'x.y', 'namespace', 'pod', 'Nest', ' sp ', '9lives', 'é'];
const numbers = ['0', '1', '200', '404', '503', '-3', '2.5', '1e3', 'abc', ''];
const durations = ['1s', '1.5s', '250ms', '1m30s', '2h', '0', 'x', '-1s', '90s', '1us', '1µs'];
const sizes = ['1KB', '2KiB', '20MB', '1024', '1 kb', '5', 'Mb', '3.5GB', 'x'];
const scalar = fc.oneof(fc.constantFrom(...words), fc.constantFrom(...numbers), fc.constantFrom(...durations), fc.constantFrom(...sizes));

const jsonValue = fc.oneof(
  { weight: 4, arbitrary: scalar.map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.constantFrom('0', '200', '503', '-3', '2.5', '1000', 'true', 'false', 'null', '[1,"a"]') },
  { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 3 }).chain((ks) =>
      fc.tuple(...ks.map(() => scalar)).map((vs) => '{' + ks.map((k, i) => `${JSON.stringify(k)}:${JSON.stringify(vs[i])}`).join(',') + '}')) },
);
const jsonLine = fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 5 }).chain((ks) =>
  fc.tuple(...ks.map(() => jsonValue)).map((vs) => '{' + ks.map((k, i) => `${JSON.stringify(k)}:${vs[i]}`).join(', ') + '}'));
const logfmtPair = fc.tuple(fc.constantFrom(...keys.filter((k) => !k.includes(' ')), '', '"q"'), fc.oneof(scalar, scalar.map((s) => JSON.stringify(s)), fc.constantFrom('', '"a\\"b"', 'a=b', '"unterminated')))
  .map(([k, v]) => (k === '"q"' ? `${k}` : `${k}=${v}`));
const logfmtLine = fc.array(fc.oneof(logfmtPair, fc.constantFrom(...words)), { maxLength: 5 }).map((a) => a.join(' '));
const plainLine = fc.array(fc.constantFrom(...words, ' ', '{', '}'), { maxLength: 6 }).map((a) => a.join(' '));
const line = fc.oneof(jsonLine, logfmtLine, plainLine, jsonLine.map((l) => l.slice(0, -1)));

const kube = fc.option(fc.record({
  namespace: fc.constantFrom('prod', 'dev', ''),
  pod: fc.constantFrom('api-1', ''),
  container: fc.constantFrom('app'),
  labels: fc.record({ 'app.kubernetes.io/name': fc.constantFrom('api', 'web'), tier: fc.constantFrom('db', 'x') }, { requiredKeys: [] }),
}), { nil: null });
const record: fc.Arbitrary<ORecord> = fc.record({ kube, stream: fc.integer({ min: 0, max: 2 }), level: fc.integer({ min: 0, max: 6 }), line });

const names = ['status', 'level', 'msg', 'a', 'dur', 'size', 'app', 'x_y', 'namespace', 'namespace_extracted', 'pod_extracted', 'Nest_a', 'sp', '_9lives', '_', 'stream', 'app_kubernetes_io_name', 'tier', 'missing', '__error__'];
const str = fc.constantFrom(...words, '', 'api', 'prod', '503');
const regex = fc.constantFrom('err.*', '(?i)error', 'a|b', '.*', '', 'x\\.y', '[0-9]+', '(?i)k', 'e', 'api|web', 'pro.');
const q = (s: string) => JSON.stringify(s);
const strLeaf = fc.tuple(fc.constantFrom(...names), fc.constantFrom('=', '!='), str).map(([n, o, v]) => `${n}${o}${q(v)}`);
const reLeaf = fc.tuple(fc.constantFrom(...names), fc.constantFrom('=~', '!~'), regex).map(([n, o, v]) => `${n}${o}${q(v)}`);
const typedLeaf = fc.tuple(fc.constantFrom(...names), fc.constantFrom('>', '>=', '<', '<=', '==', '!=', '='),
  fc.constantFrom('200', '500', '2.5', '-1', '1e3', '1s', '250ms', '1m30s', '1h', '1KB', '1KiB', '20MB', '5B')).map(([n, o, v]) => `${n} ${o} ${v}`);
const leaf = fc.oneof(strLeaf, reLeaf, typedLeaf);
const expr = fc.letrec((tie) => ({
  e: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), fc.constantFrom(' and ', ' or ', ', ', ' '), tie('e')).map(([a, o, b]) => `${a}${o}${b}`),
    tie('e').map((e) => `(${e})`)),
})).e as fc.Arbitrary<string>;
const lineFilter = fc.tuple(fc.constantFrom('|=', '!=', '|~', '!~'), fc.array(fc.oneof(str, regex), { minLength: 1, maxLength: 3 }))
  .map(([o, alts]) => `${o} ${alts.map(q).join(' or ')}`);
const selector = fc.array(fc.tuple(fc.constantFrom('namespace', 'app_kubernetes_io_name', 'stream', 'level', 'tier', 'missing'), fc.constantFrom('=', '!=', '=~', '!~'), fc.constantFrom('prod', 'api', 'stdout', 'error', '', 'a.*', 'pro', 'db|x'))
  .map(([n, o, v]) => `${n}${o}${q(v)}`), { maxLength: 3 }).map((ms) => `{${ms.join(', ')}}`);
const stages = fc.tuple(fc.array(lineFilter, { maxLength: 2 }), fc.constantFrom('', ' | json', ' | logfmt'), fc.array(expr, { maxLength: 2 }), fc.array(lineFilter, { maxLength: 1 }))
  .map(([a, p, f, b]) => [...a, p, ...f.map((e) => `| ${e}`), ...b].filter((s) => s !== '').join(' '));
const query = fc.tuple(fc.option(selector, { nil: '' }), stages).map(([s, p]) => `${s} ${p}`.trim()).filter((s) => s !== '' && s !== '{}');

for (const build of ['simd', 'scalar'] as const) {
  describe(`LogQL against the oracle (${build})`, () => {
    const l = new LogQL(build);
    test('generated queries × records: engine = reference program = oracle', () => {
      const seen = new Map<number, number>();
      fc.assert(fc.property(query, fc.array(record, { minLength: 1, maxLength: 4 }), (qs, recs) => {
        for (const r of recs) {
          const want = oracleRun(qs, r);
          seen.set(want, (seen.get(want) ?? 0) + 1);
          expect(run(l, qs, r), `${qs} on ${JSON.stringify(r)}`).toBe(want);
          expect(run(l, qs, r, true), `reference: ${qs} on ${JSON.stringify(r)}`).toBe(want);
        }
      }), { seed: 20251201, numRuns: 1000 });
      // the generators reach every outcome: dropped, kept, kept with LabelFilterErr, kept with JSONParserErr
      for (const bits of [0, 1, 3, 7]) expect(seen.get(bits) ?? 0, `outcome ${bits}: ${[...seen]}`).toBeGreaterThan(5);
    });
  });
}
