// Which files a run reads (bindings/cli/inputs.ts): directory walks, symlinks, FIFOs, odd names.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHILD_TIMEOUT_MS, criLines, records, runCli, scratchDir, spawnCli, stderrLines } from './run-cli.ts';

const mkfifo = (path: string) => execFileSync('mkfifo', [path]);

describe('logsieve inputs', () => {
  let dir: ReturnType<typeof scratchDir>;
  afterEach(() => dir?.remove());

  it('a directory symlinked into itself: each file read once', () => {
    dir = scratchDir();
    writeFileSync(join(dir.path, 'a.log'), criLines('a', 2));
    symlinkSync('.', join(dir.path, 'loop'));
    const r = runCli(['-q', dir.path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(records(r.stdout).map((o) => [o.log, o.file])).toEqual([['a 0', join(dir.path, 'a.log')], ['a 1', join(dir.path, 'a.log')]]);
  });

  it('two symlink loops (exponentially many routes) end, each file read once', () => {
    dir = scratchDir();
    mkdirSync(join(dir.path, 'sub'));
    writeFileSync(join(dir.path, 'sub/a.log'), criLines('a', 1));
    symlinkSync('..', join(dir.path, 'sub/up'));
    symlinkSync('.', join(dir.path, 'sub/here'));
    const r = runCli(['-q', dir.path]);
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
    expect(records(r.stdout).map((o) => o.log)).toEqual(['a 0']);
  });

  it('one file reached through /var/log/pods and /var/log/containers symlinks: read once', () => {
    dir = scratchDir();
    const pods = join(dir.path, 'var/log/pods/ns_pod_uid/app');
    const containers = join(dir.path, 'var/log/containers');
    mkdirSync(pods, { recursive: true });
    mkdirSync(containers, { recursive: true });
    writeFileSync(join(pods, '0.log'), criLines('rec', 3));
    symlinkSync(join(pods, '0.log'), join(containers, 'pod_ns_app-0123.log'));
    const both = runCli(['-q', join(dir.path, 'var/log/pods'), containers]);
    expect(both.code).toBe(0);
    expect(records(both.stdout).map((o) => [o.log, o.file])).toEqual(
      ['rec 0', 'rec 1', 'rec 2'].map((log) => [log, join(pods, '0.log')]), // the first route names it
    );
    const parent = runCli(['-q', dir.path]);
    expect(records(parent.stdout).map((o) => o.log)).toEqual(['rec 0', 'rec 1', 'rec 2']);
    const twice = runCli(['-q', join(pods, '0.log'), join(pods, '0.log')]);
    expect(records(twice.stdout)).toHaveLength(3);
  });

  it('a FIFO named *.log inside a directory is skipped, the rest is read', () => {
    dir = scratchDir();
    writeFileSync(join(dir.path, 'a.log'), criLines('a', 1));
    mkfifo(join(dir.path, 'b.log'));
    writeFileSync(join(dir.path, 'c.log'), criLines('c', 1));
    const r = runCli([dir.path]);
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
    expect(records(r.stdout).map((o) => o.log)).toEqual(['a 0', 'c 0']);
    expect(r.stderr).toMatch(/^logsieve: files=2 /m);
  });

  it('a FIFO named on the command line is read like stdin', async () => {
    dir = scratchDir();
    const fifo = join(dir.path, 'pipe');
    mkfifo(fifo);
    const { child, ended } = spawnCli(['-q', fifo]);
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    // the writer is a child too, so nothing in this process blocks on the FIFO
    const writer = spawn(process.execPath, ['-e', 'require("fs").writeFileSync(process.argv[1], process.argv[2])', fifo, criLines('fifo', 2)]);
    const writerKiller = setTimeout(() => writer.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    const end = await ended;
    clearTimeout(writerKiller);
    writer.kill('SIGKILL'); // already gone unless the CLI never opened the FIFO
    expect(end.code).toBe(0);
    expect(records(stdout).map((o) => [o.log, o.file])).toEqual([['fifo 0', fifo], ['fifo 1', fifo]]);
  });

  it('unreadable entries in a walk are reported (exit 1), the other files still read', () => {
    dir = scratchDir();
    writeFileSync(join(dir.path, 'a.log'), criLines('a', 1));
    symlinkSync('nowhere.log', join(dir.path, 'dangling.log'));
    symlinkSync('self.log', join(dir.path, 'self.log'));
    symlinkSync('gone', join(dir.path, 'not-a-log')); // dangling, and not a *.log: nothing to read there
    const r = runCli(['-q', dir.path]);
    expect(r.code).toBe(1);
    expect(records(r.stdout).map((o) => o.log)).toEqual(['a 0']);
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`logsieve: cannot read ${join(dir.path, 'dangling.log')}: ENOENT: no such file or directory`);
    expect(lines[1]).toBe(`logsieve: cannot read ${join(dir.path, 'self.log')}: ELOOP: too many symbolic links encountered`);
  });

  it('file names that are not UTF-8 are read; `file` shows bad bytes as U+FFFD', () => {
    dir = scratchDir();
    const dirBytes = Buffer.from(dir.path);
    const name = (bytes: number[]) => Buffer.concat([dirBytes, Buffer.from('/'), Buffer.from(bytes), Buffer.from('.log')]);
    writeFileSync(name([0xfe]), criLines('fe', 1));
    writeFileSync(name([0xff]), criLines('ff', 1));
    const r = runCli(['-q', dir.path]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(records(r.stdout).map((o) => [o.log, o.file])).toEqual([
      ['fe 0', `${dir.path}/\uFFFD.log`],
      ['ff 0', `${dir.path}/\uFFFD.log`],
    ]);
  });
});
