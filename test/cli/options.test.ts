// Command-line options (bindings/cli/options.ts), checked through the real command.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { criLines, pretendTty, records, root, runCli, scratchDir, stderrLines } from './run-cli.ts';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const readmeCommandLine = readme.slice(readme.indexOf('## Command line'), readme.indexOf('\n## ', readme.indexOf('## Command line') + 1));
const helpText = () => runCli(['--help']).stdout;
/** Every long option a text names (`--format`, `--max-record-bytes`, …; not the bare `--`). */
const longOptions = (text: string) => new Set(text.match(/--[a-z][a-z-]*/g) ?? []);

/** A bad option: status 2, one line on stderr saying what was wrong, nothing on stdout. */
function expectUsageError(args: string[], mentions: RegExp) {
  const r = runCli(args);
  expect(r.code, args.join(' ')).toBe(2);
  expect(r.stdout, args.join(' ')).toBe('');
  const lines = stderrLines(r.stderr);
  expect(lines, args.join(' ')).toHaveLength(1);
  expect(lines[0]).toMatch(/^logsieve: /);
  expect(lines[0]).toMatch(mentions);
  expect(lines[0]).not.toMatch(/Error|    at /); // a message, not a stack
}

describe('logsieve options', () => {
  let dir: ReturnType<typeof scratchDir> | undefined;
  afterEach(() => {
    dir?.remove();
    dir = undefined;
  });

  it('a bad option or value: exit 2 with one line on stderr, nothing on stdout', () => {
    expectUsageError(['--bogus'], /--bogus/);
    expectUsageError(['--format', 'xml'], /--format.*xml/);
    expectUsageError(['--format'], /--format/);
    expectUsageError(['--max-record-bytes', '0'], /--max-record-bytes/);
    expectUsageError(['--max-record-bytes=1.5'], /--max-record-bytes/);
    expectUsageError(['--max-record-bytes', 'lots'], /--max-record-bytes/);
    expectUsageError(['--scalar=yes'], /--scalar/);
    expectUsageError(['--quiet=1'], /--quiet/);
  });

  it('a --max-record-bytes value the engine refuses: exit 2 with one line, not a stack', () => {
    expectUsageError(['--max-record-bytes', '3000000000'], /--max-record-bytes 3000000000: .*268435456/);
    expectUsageError(['--max-record-bytes=99999999999999999999'], /--max-record-bytes/);
  });

  it('--max-held-bytes: a bad or refused value is exit 2 with one line naming it', () => {
    expectUsageError(['--max-held-bytes', '0'], /--max-held-bytes/);
    expectUsageError(['--max-held-bytes', '2147483648'], /--max-held-bytes 2147483648: .*1073741824/);
  });

  it('unknown single-dash options are rejected, not taken as paths', () => {
    expectUsageError(['-Z'], /-Z/);
    expectUsageError(['-x.log'], /-x\.log/);
  });

  it('-- ends the options: what follows is a path even if it starts with a dash', () => {
    dir = scratchDir();
    writeFileSync(join(dir.path, '-x.log'), criLines('dash', 3));
    const r = runCli(['-q', '--', '-x.log'], { cwd: dir.path });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(records(r.stdout).map((o) => [o.log, o.file])).toEqual([['dash 0', '-x.log'], ['dash 1', '-x.log'], ['dash 2', '-x.log']]);
    const missing = runCli(['--', '--format'], { cwd: dir.path }); // a path named --format, which does not exist
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^logsieve: cannot read --format: .*ENOENT/m);
  });

  it('--version and -V print the package version', () => {
    for (const flag of ['--version', '-V']) {
      const r = runCli([flag]);
      expect(r.code, flag).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it('--help and -h print the usage on stdout and exit 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^usage: logsieve \[--format cri\|docker\|auto\]/);
      expect(r.stderr).toBe('');
    }
  });

  it('--help lists every option `npm start` passes, and README "Command line" lists every option --help does', () => {
    const help = longOptions(helpText());
    const start = longOptions(pkg.scripts.start);
    expect(start.size).toBeGreaterThan(0);
    for (const o of start) expect(help, `npm start passes ${o}`).toContain(o);
    const documented = longOptions(readmeCommandLine);
    for (const o of help) expect(documented, `README lacks ${o}`).toContain(o);
    for (const o of documented) expect(help, `--help lacks ${o}`).toContain(o);
  });

  it('every option --help lists is accepted', () => {
    const grepFile = join(mkdtempSync(join(tmpdir(), 'logsieve-grep-')), 'rules');
    writeFileSync(grepFile, 'Regex log ^ok\nExclude log nope\n');
    const needsValue: Record<string, string> = {
      '--format': 'cri', '--max-record-bytes': '100', '--max-held-bytes': '1000', '--multiline': 'all',
      '--multiline-start': '^ok', '--multiline-idle': '2s', '--multiline-max-lines': '10',
      '--pods': 'examples/pods.json', '--selector': '!nothere', '--query': '|= "ok"', '--grep': 'Regex log ok',
      '--grep-file': grepFile,
    };
    // options that only make sense beside another one
    const with_: Record<string, string[]> = { '--multiline-continue': ['--multiline-start', '^ok'], '--multiline-end': ['--multiline-start', '^ok'] };
    for (const o of longOptions(helpText())) {
      if (o === '--help' || o === '--version') continue;
      const extra = o in with_ ? [...with_[o], o, 'x'] : [o, ...(o in needsValue ? [needsValue[o]] : [])];
      const r = runCli([...extra, '-'], { input: criLines('ok', 1) });
      expect(r.code, `${o}: ${r.stderr}`).toBe(0);
      expect(records(r.stdout).map((x) => x.log)).toEqual(['ok 0']);
    }
  });

  it('no path while stdin is a terminal: the usage on stderr and exit 2 instead of waiting', () => {
    const r = runCli([], { nodeArgs: pretendTty('stdin') });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/usage: logsieve/);
    // "-" still reads a terminal stdin when asked for explicitly
    const explicit = runCli(['-q', '-'], { nodeArgs: pretendTty('stdin'), input: criLines('tty', 1) });
    expect(explicit.code).toBe(0);
    expect(records(explicit.stdout).map((x) => x.log)).toEqual(['tty 0']);
  });
});

describe('multiline options', () => {
  it('--multiline groups a trace into one record; bad values and bad regexes exit 2 with one line', () => {
    const TS = '2024-05-01T12:00:01Z';
    const trace = ['java.lang.IllegalStateException: boom', '\tat a.B.c(B.java:1)', '\tat a.B.d(B.java:2)']
      .map((l) => `${TS} stdout F ${l}\n`).join('');
    const r = runCli(['--quiet', '--multiline', 'java', '-'], { input: trace });
    expect(r.code).toBe(0);
    expect(records(r.stdout).map((x) => [x.multiline, x.logLines])).toEqual([['java', 3]]);
    expectUsageError(['--multiline', 'cobol'], /--multiline: unknown detector "cobol"/);
    expectUsageError(['--multiline-start', 'a('], /--multiline-start: .*position|--multiline-start: .*1/);
    expectUsageError(['--multiline-end', 'x'], /need --multiline-start/);
    expectUsageError(['--multiline-idle', 'soon'], /--multiline-idle/);
    expectUsageError(['--multiline-max-lines', '0'], /--multiline-max-lines/);
  });

  it('--multiline-start joins user records', () => {
    const TS = '2024-05-01T12:00:01Z';
    const input = ['[1] a', 'b', '[2] c'].map((l) => `${TS} stdout F ${l}\n`).join('');
    const r = runCli(['--quiet', '--multiline-start', '^\\[', '-'], { input });
    expect(records(r.stdout).map((x) => x.log)).toEqual(['[1] a\nb', '[2] c']);
  });
});
