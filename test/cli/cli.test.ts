// The `logsieve` command (bin/logsieve.js → dist/cli.js), run as a child process: what a run prints.
// Options are in options.test.ts, which files are read in inputs.test.ts.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function cli(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, ['bin/logsieve.js', ...args], { cwd: root, input, encoding: 'utf8', timeout: 60_000 });
  const lines = r.stdout.split('\n');
  expect(lines.pop()).toBe(''); // NDJSON: every line ends with \n
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, records: lines.map((l) => JSON.parse(l)) };
}

/** Every *.log file under a directory (what the CLI is expected to read). */
function logFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.log'))
    .map((e) => join(e.parentPath ?? (e as any).path, e.name).slice(root.length));
}
const countLines = (s: string) => s.split('\n').length - (s.endsWith('\n') ? 1 : 0);

describe('logsieve CLI', () => {
  it('examples/: exit 0, NDJSON that parses, counters on stderr, records name their file', () => {
    const r = cli(['examples/']);
    expect(r.code).toBe(0);
    const files = logFiles('examples');
    expect(files.length).toBe(4);
    expect(r.records.length).toBeGreaterThan(100);
    // each real file is read once, named by the first route of the sorted walk: the pod logs by their kubelet
    // links under var/log/containers (before var/log/pods), the Docker log by its own path
    const seen = [...new Set(r.records.map((o) => o.file))].map((f) => f.replace(/\/+/g, '/'));
    expect(seen.length).toBe(4);
    expect(seen.filter((f) => f.startsWith('examples/var/log/containers/'))).toHaveLength(3);
    expect(seen.map((f) => realpathSync(join(root, f))).sort()).toEqual(files.map((f) => realpathSync(join(root, f))).sort());
    for (const o of r.records) {
      expect(o.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      expect(['stdout', 'stderr', 'unknown']).toContain(o.stream);
      expect(typeof o.log).toBe('string');
    }
    const totalLines = files.reduce((n, f) => n + countLines(readFileSync(join(root, f), 'utf8')), 0);
    expect(r.stderr).toMatch(new RegExp(`^logsieve: files=4 bytes=\\d+ lines=${totalLines} records=${r.records.length} errors=\\d+`, 'm'));
    expect(r.stderr).toMatch(/truncated=\d+ pieces_joined=\d+ partial_released=\d+ lines_cut=\d+/);
  });

  it('--quiet leaves out the counters; --scalar gives the same output', () => {
    const a = cli(['--quiet', 'examples']);
    const b = cli(['--quiet', '--scalar', 'examples']);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(b.stdout).toBe(a.stdout);
  });

  it('reads stdin when no path is given or with -', () => {
    const input = '2024-05-01T12:00:01Z stdout F from stdin\n2024-05-01T12:00:02Z stderr P part\n';
    for (const args of [[], ['-']]) {
      const r = cli(['--quiet', ...args], input);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        '{"time":"2024-05-01T12:00:01.000000000Z","stream":"stdout","log":"from stdin"}\n'
        + '{"time":"2024-05-01T12:00:02.000000000Z","stream":"stderr","log":"part","partial":true}\n',
      );
    }
  });

  it('--format cri|docker forces the decoder (also as --format=…)', () => {
    const dockerLine = '{"log":"hi\\n","stream":"stdout","time":"2024-05-01T12:00:01Z"}\n';
    expect(cli(['-q', '--format', 'docker'], dockerLine).records).toEqual([{ time: '2024-05-01T12:00:01.000000000Z', stream: 'stdout', log: 'hi' }]);
    expect(cli(['-q', '--format=cri'], dockerLine).records).toEqual([
      { time: '1970-01-01T00:00:00.000000000Z', stream: 'unknown', log: dockerLine.trim(), error: 'bad_timestamp' },
    ]);
    expect(cli(['-q', '--format', 'docker'], '2024-05-01T12:00:01Z stdout F x\n').records[0].error).toBe('bad_json');
    expect(cli(['-q', '--format', 'auto'], dockerLine).records[0].log).toBe('hi');
  });

  it('--max-record-bytes cuts records', () => {
    const r = cli(['-q', '--max-record-bytes', '4'], '2024-05-01T12:00:01Z stdout F abcdefghij\n');
    expect(r.records.map((o) => [o.log, o.truncated ?? false])).toEqual([['abcd', true], ['efgh', true], ['ij', false]]);
  });

  it('a missing file: exit 1, a clear message, the other files still processed', () => {
    const coredns = logFiles('examples').find((f) => f.includes('coredns'))!;
    const r = cli(['does/not/exist.log', coredns]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/logsieve: cannot read does\/not\/exist\.log: .*ENOENT/);
    expect(r.records.length).toBeGreaterThan(10);
    expect(r.stdout).toBe(cli(['-q', coredns]).stdout); // the same records as the file alone
    expect(new Set(r.records.map((o) => o.file))).toEqual(new Set([coredns]));
  });
});
