// require('logsieve') works without Node's require-of-ESM (off by default before Node 22.12): the package
// ships a CommonJS bundle behind the `require` condition, which finds its .wasm beside it as the ES module does.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectWithPackedLogsieve } from '../helpers/packed.ts';

let dir: string;
beforeAll(() => {
  dir = projectWithPackedLogsieve('cjs');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a script with `node` in the scratch project; returns what it printed as JSON. */
function run(args: string[], script: string): any {
  const out = execFileSync(process.execPath, [...args, '-e', script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out);
}

// The same checks for either module system: both builds parse a line, regexes compile, the stream is a Transform.
const checks = `
  const line = Buffer.from('2024-05-01T12:00:01Z stdout F hello\\n');
  const ndjson = ['simd', 'scalar'].map((build) => l.createEngine({ build }).source('a.log').pushNdjson(line).toString());
  const stream = l.createLogStream();
  console.log(JSON.stringify({
    ndjson,
    regex: l.compileRegex('hel+o').test('say hello'),
    transform: stream instanceof require('node:stream').Transform,
    exports: Object.keys(l).sort(),
  }));
  stream.destroy();
`;
const want = {
  ndjson: Array(2).fill('{"time":"2024-05-01T12:00:01.000000000Z","stream":"stdout","log":"hello","file":"a.log"}\n'),
  regex: true,
  transform: true,
};

describe('CommonJS entry', () => {
  it('require("logsieve") with require-of-ESM disabled loads dist/node.cjs and works', () => {
    const got = run(['--no-experimental-require-module'], `
      const l = require('logsieve');
      if (!require.resolve('logsieve').endsWith('/dist/node.cjs')) throw new Error(require.resolve('logsieve'));
      ${checks}`);
    expect(got).toMatchObject(want);
    expect(got.exports).toEqual(['Batch', 'COUNTER_NAMES', 'Engine', 'FilterSyntaxError', 'LogRecord', 'MAX_INPUT_BYTES',
      'MAX_PATTERN_BYTES', 'PAYLOAD_CONTENT_TYPES', 'PAYLOAD_KINDS', 'PayloadBatch', 'RecordStore', 'Regex', 'RegexSyntaxError',
      'STORE_LEVELS', 'STORE_STREAMS', 'Source', 'compileRegex', 'createEngine', 'createLogStream']);
  });

  it('import "logsieve" still gets the ES module, with the same exports', () => {
    const got = run(['--input-type=module'], `
      import { createRequire } from 'node:module';
      const require = createRequire(process.cwd() + '/');
      const l = await import('logsieve');
      if (!import.meta.resolve('logsieve').endsWith('/dist/node.js')) throw new Error(import.meta.resolve('logsieve'));
      ${checks}`);
    expect(got).toMatchObject(want);
    expect(got.exports).toContain('createLogStream');
  });
});
