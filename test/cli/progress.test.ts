// The progress line on stderr (bindings/cli/progress.ts): its drawing on a fake clock, and when the CLI shows it.
import { describe, expect, it } from 'vitest';
import { Progress } from '../../bindings/cli/progress.ts';
import { pretendTty, runCli } from './run-cli.ts';
import { screen } from './screen.ts';

function fakeRun(totalFiles: number) {
  let now = 0;
  let out = '';
  const p = new Progress((s) => (out += s), totalFiles, () => now, 250);
  return {
    p,
    at(ms: number) {
      now = ms;
    },
    take() {
      const s = out;
      out = '';
      return s;
    },
  };
}

describe('Progress', () => {
  it('draws at start, then at most once per interval, on one line', () => {
    const r = fakeRun(3);
    r.p.start();
    expect(r.take()).toBe('\rlogsieve: 0/3 files, 0.0 MB, 0.0 MB/s');
    r.at(100);
    r.p.read(1_000_000);
    r.p.fileDone();
    expect(r.take()).toBe(''); // within the interval
    r.at(400);
    r.p.read(1_000_000);
    expect(r.take()).toBe('\rlogsieve: 1/3 files, 2.0 MB, 5.0 MB/s');
    r.at(500);
    r.p.fileDone();
    expect(r.take()).toBe('');
    r.at(2400);
    r.p.fileDone();
    expect(screen('\rlogsieve: 1/3 files, 2.0 MB, 5.0 MB/s' + r.take())).toEqual(['logsieve: 3/3 files, 2.0 MB, 0.8 MB/s']);
  });

  it('a shorter line covers a longer one; clear() leaves the line empty, once', () => {
    const r = fakeRun(10);
    r.p.start();
    r.at(1000);
    r.p.read(123_456_789_000);
    r.at(2000);
    r.p.read(0);
    const drawn = r.take();
    expect(screen(drawn)).toEqual(['logsieve: 0/10 files, 123456.8 MB, 61728.4 MB/s']);
    r.p.clear();
    const cleared = r.take();
    expect(screen(drawn + cleared)).toEqual([]);
    expect(cleared.endsWith('\r')).toBe(true); // the cursor is back at the line start for what comes next
    r.p.clear();
    expect(r.take()).toBe(''); // nothing shown, nothing to clear
  });

  it('after clear(), the next due update draws again', () => {
    const r = fakeRun(2);
    r.p.start();
    r.p.clear();
    r.take();
    r.at(300);
    r.p.fileDone();
    expect(r.take()).toBe('\rlogsieve: 1/2 files, 0.0 MB, 0.0 MB/s');
  });
});

describe('logsieve progress', () => {
  const counters = /^logsieve: files=4 bytes=\d+ lines=\d+ records=\d+ /;

  it('--progress forces it on: drawn at start, cleared before the counters', () => {
    const r = runCli(['--progress', 'examples']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\rlogsieve: 0\/4 files, 0\.0 MB, 0\.0 MB\/s/);
    const shown = screen(r.stderr);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(counters);
    const quiet = runCli(['--quiet', '--progress', 'examples']); // progress, but no counters
    expect(quiet.stderr).toMatch(/^\rlogsieve: 0\/4 files/);
    expect(screen(quiet.stderr)).toEqual([]);
  });

  it('on by itself when stderr is a terminal and stdout is not; off with --quiet or when stdout is the terminal too', () => {
    const onTty = runCli(['examples'], { nodeArgs: pretendTty('stderr') });
    expect(onTty.code).toBe(0);
    expect(onTty.stderr).toMatch(/^\rlogsieve: 0\/4 files/);
    expect(screen(onTty.stderr)).toEqual([expect.stringMatching(counters)]);
    expect(runCli(['--quiet', 'examples'], { nodeArgs: pretendTty('stderr') }).stderr).toBe('');
    expect(runCli(['examples'], { nodeArgs: pretendTty('stderr', 'stdout') }).stderr).not.toContain('\r');
    expect(runCli(['examples']).stderr).not.toContain('\r');
  });

  it('a message during a run is printed on a clean line', () => {
    const r = runCli(['examples', 'does/not/exist.log'], { nodeArgs: pretendTty('stderr') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('\rlogsieve: 0/4 files');
    const shown = screen(r.stderr);
    expect(shown).toHaveLength(2);
    expect(shown[0]).toMatch(/^logsieve: cannot read does\/not\/exist\.log: ENOENT/);
    expect(shown[1]).toMatch(/^logsieve: files=4 /);
  });
});
