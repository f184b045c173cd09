// Rotation while a writer process appends at a high rate (bindings/agent/files/follower.ts): by rename
// (kubelet), by copytruncate (logrotate), by deletion. Real files, a real concurrent writer, events awaited.
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Tailer } from '../../../bindings/agent/files/tail.ts';
import { lineNumbers, Recorder, runWriter, scratchDir, signalOpens } from './helpers.ts';

const inodeOfKey = (key: string) => key.split(':').slice(0, 2).join(':');
const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

describe('rotation under a fast writer', () => {
  let dir: ReturnType<typeof scratchDir>;
  let tailer: Tailer | undefined;
  afterEach(async () => {
    await tailer?.stop();
    tailer = undefined;
    dir?.remove();
  });

  /** kubelet's layout: /var/log/containers/<pod>_<ns>_<container>-<id>.log → /var/log/pods/<ns>_<pod>_<uid>/<container>/0.log */
  function kubeletLayout(): { containers: string; log: string } {
    const podDir = join(dir.path, 'pods/ns_web_0123/app');
    const containers = join(dir.path, 'containers');
    mkdirSync(podDir, { recursive: true });
    mkdirSync(containers);
    const log = join(podDir, '0.log');
    symlinkSync(log, join(containers, 'web_ns_app-abcdef.log'));
    return { containers, log };
  }

  it('rename (0.log → 0.log.<timestamp>, new 0.log): every byte of every file read exactly once, in order', async () => {
    dir = scratchDir();
    const { containers, log } = kubeletLayout();
    tailer = new Tailer({ globs: [join(containers, '*.log')], rescanIntervalMs: 100, pollIntervalMs: 200, rotateWaitMs: 300 });
    const rec = new Recorder(tailer);
    const seen = join(dir.path, 'signals', 'seen-');
    mkdirSync(join(dir.path, 'signals'));
    signalOpens(tailer, seen);
    const done = runWriter({ file: log, mode: 'rename', rotations: 3, gapMs: 1000, seen });
    await tailer.start();
    const report = await done;

    // what is on disk now: the rotated files and the current one, each identified by its inode
    const podDir = join(log, '..');
    const onDisk = readdirSync(podDir).sort().map((name) => {
      const st = statSync(join(podDir, name), { bigint: true });
      return { name, inode: `${st.dev}:${st.ino}`, bytes: readFileSync(join(podDir, name)) };
    });
    expect(onDisk.map((f) => f.name)).toEqual(['0.log', '0.log.20261200-061500', '0.log.20261201-061500', '0.log.20261202-061500']);
    const current = onDisk.find((f) => f.name === '0.log')!;
    await rec.until(
      () => rec.opened.filter((r) => r.ended).length === 3 && rec.opened.some((r) => inodeOfKey(r.file.key) === current.inode && r.file.position === current.bytes.length),
      'the three rotated files ended and the current one read to its end',
    );

    expect(rec.opened).toHaveLength(4);
    expect(rec.opened.map((r) => r.endReason)).toEqual(['rotated', 'rotated', 'rotated', undefined]);
    for (const r of rec.opened) {
      expect(r.file.path).toBe(log); // the real file, not the symlink
      expect(r.file.startAt).toBe(0);
      const disk = onDisk.find((f) => f.inode === inodeOfKey(r.file.key))!;
      expect(disk).toBeDefined();
      expect(rec.bytesOf(r).equals(disk.bytes)).toBe(true); // exactly the file's bytes, once, in order
    }
    // across files, in rotation order, the lines are every line the writer wrote, once
    const all = rec.opened.flatMap((r) => lineNumbers(rec.bytesOf(r)));
    expect(all).toEqual(range(0, report.lines - 1));
    expect(rec.warnings).toEqual([]);
  });

  it('copytruncate: detected and reported; every line written after a truncate is read whole', async () => {
    dir = scratchDir();
    const log = join(dir.path, 'app.log');
    tailer = new Tailer({ globs: [join(dir.path, '*.log')], rescanIntervalMs: 100, pollIntervalMs: 200 });
    const rec = new Recorder(tailer);
    const seen = join(dir.path, 'signals', 'seen-');
    mkdirSync(join(dir.path, 'signals'));
    signalOpens(tailer, seen);
    const done = runWriter({ file: log, mode: 'copytruncate', rotations: 3, gapMs: 1000, seen });
    await tailer.start();
    const report = await done;
    const finalSize = statSync(log).size;
    await rec.until(() => rec.opened.length === 4 && rec.opened[3].file.position === finalSize, 'three truncations and the last content read');

    expect(rec.opened.map((r) => r.truncated)).toEqual([true, true, true, false]);
    expect(rec.log.filter((e) => e.startsWith('truncated'))).toHaveLength(3);
    for (let i = 0; i < 4; i++) {
      const r = rec.opened[i];
      const { first, last } = report.instances[i];
      const read = rec.bytesOf(r);
      if (i > 0) {
        // after a truncate reading starts again at 0 and every line written since is read, whole
        expect(r.file.startAt).toBe(0);
      }
      // the bytes read are a prefix of what the file held before its truncate (the copy; the last: the file)
      const held = readFileSync(i < 3 ? `${log}.${i + 1}` : log);
      expect(held.subarray(0, read.length).equals(read)).toBe(true);
      if (i === 3) expect(lineNumbers(read)).toEqual(range(first, last));
      else {
        // lines written just before a truncate, after our last read, are only in the copy (copytruncate's
        // nature): what was read is whole lines up to its last one, which the 'truncated' event reports
        const whole = read.subarray(0, read.lastIndexOf(10) + 1);
        const numbers = lineNumbers(whole);
        expect(numbers).toEqual(range(first, first + numbers.length - 1));
      }
    }
    expect(rec.warnings).toEqual([]);
  });

  it('delete (unlinked, then created again): what was written to each file is read, then it ends', async () => {
    dir = scratchDir();
    const log = join(dir.path, 'app.log');
    tailer = new Tailer({ globs: [join(dir.path, '*.log')], rescanIntervalMs: 100, pollIntervalMs: 200 });
    const rec = new Recorder(tailer);
    const seen = join(dir.path, 'signals', 'seen-');
    mkdirSync(join(dir.path, 'signals'));
    signalOpens(tailer, seen);
    const done = runWriter({ file: log, mode: 'delete', rotations: 3, gapMs: 1000, seen });
    await tailer.start();
    const report = await done;
    const finalSize = statSync(log).size;
    await rec.until(() => rec.opened.length === 4 && rec.opened.slice(0, 3).every((r) => r.ended) && rec.opened[3].file.position === finalSize, 'three deleted files ended, the last read');

    expect(rec.opened.map((r) => r.endReason)).toEqual(['deleted', 'deleted', 'deleted', undefined]);
    rec.opened.forEach((r, i) => {
      const { first, last } = report.instances[i];
      expect(lineNumbers(rec.bytesOf(r))).toEqual(range(first, last));
    });
    expect(rec.warnings).toEqual([]);
  });
});
