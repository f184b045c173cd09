// Format detection of `auto` sources and the BOM (engine/segment.ts; ARCHITECTURE.md "Record semantics"):
// hand-written cases of what users hit — a BOM before a Docker file, `tail -c +N`, blank first lines, lines of
// another format first — each pushed whole and split at every byte.
import { describe, expect, it } from 'vitest';
import { BUILDS } from '../helpers/engine.ts';
import { run } from '../decode/util.ts';

const T = '2024-05-01T12:00:01Z';
const dockerLine = (log: string) => `{"log":"${log}\\n","stream":"stdout","time":"${T}"}\n`;
const BOM = '\ufeff';

/** The records of `input` pushed whole, checked equal for every single split point. */
function records(input: string, build: 'simd' | 'scalar') {
  const whole = run(input, { build });
  const bytes = Buffer.from(input);
  for (let i = 1; i < bytes.length; i++) {
    const split = run([bytes.subarray(0, i), bytes.subarray(i)], { build });
    expect(split.map((r) => [r.log, r.error, r.format])).toEqual(whole.map((r) => [r.log, r.error, r.format]));
  }
  return whole.map((r) => ({ log: r.log, error: r.error, format: r.format }));
}

describe.each(BUILDS)('auto format detection (%s)', (build) => {
  it('a UTF-8 BOM before a Docker file is skipped: every line decodes (BOM split across pushes too)', () => {
    expect(records(`${BOM}${dockerLine('a')}${dockerLine('b')}`, build)).toEqual([
      { log: 'a', error: undefined, format: 'docker' }, { log: 'b', error: undefined, format: 'docker' },
    ]);
  });

  it('a BOM before a CRI file, and with a forced format', () => {
    expect(records(`${BOM}${T} stdout F a\n`, build)).toEqual([{ log: 'a', error: undefined, format: 'cri' }]);
    expect(run(`${BOM}${dockerLine('a')}`, { build, format: 'docker' }).map((r) => r.log)).toEqual(['a']);
  });

  it('a first line cut at its start (tail -c +30) is an error record; the Docker lines after it decode', () => {
    const full = dockerLine('first') + dockerLine('second') + dockerLine('third');
    const cut = Buffer.from(full).subarray(30).toString();
    const rs = records(cut, build);
    expect(rs[0]).toMatchObject({ error: 'bad_timestamp', format: 'cri' });
    expect(rs.slice(1)).toEqual([
      { log: 'second', error: undefined, format: 'docker' }, { log: 'third', error: undefined, format: 'docker' },
    ]);
  });

  it('blank first lines decide nothing', () => {
    const rs = records(`\n\r\n \n${dockerLine('a')}`, build);
    expect(rs.map((r) => r.error)).toEqual(['bad_timestamp', 'bad_timestamp', 'bad_timestamp', undefined]);
    expect(rs.at(-1)!.format).toBe('docker');
  });

  it('lines of another format first: the first valid line decides, later ones of the other format are errors', () => {
    const rs = records(`not a log line\n${T} stdout F a\n${dockerLine('b')}`, build);
    expect(rs).toEqual([
      { log: 'not a log line', error: 'bad_timestamp', format: 'cri' },
      { log: 'a', error: undefined, format: 'cri' },
      { log: dockerLine('b').slice(0, -1), error: 'bad_timestamp', format: 'cri' },
    ]);
  });

  it('the look-ahead is bounded: after 100 non-blank lines with no valid one, the first line\'s format stays', () => {
    const junk = ['{junk', ...Array.from({ length: 99 }, (_, i) => `junk ${i}`)].join('\n');
    const rs = run(`${junk}\n${T} stdout F a\n`, { build });
    expect(rs.length).toBe(101);
    expect(rs.at(-1)).toMatchObject({ error: 'bad_json', format: 'docker' });
    const rs99 = run(`${junk.split('\n').slice(0, 99).join('\n')}\n${T} stdout F a\n`, { build });
    expect(rs99.at(-1)).toMatchObject({ log: 'a', error: undefined, format: 'cri' });
  });
});
