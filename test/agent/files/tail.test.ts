// The Tailer (bindings/agent/files/tail.ts) with checkpoints: restart where the checkpoint says, inode reuse,
// files identified again past 1 KiB, backpressure, the polling fallback, stop.
import { appendFileSync, mkdirSync, readFileSync, renameSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpoints } from '../../../bindings/agent/files/checkpoints.ts';
import { FINGERPRINT_BYTES, makeIdentity } from '../../../bindings/agent/files/identity.ts';
import { Tailer, type TailerOptions } from '../../../bindings/agent/files/tail.ts';
import { lineNumbers, lineOf, Recorder, scratchDir } from './helpers.ts';

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => lineOf(from + i)).join('');
const LINE = lineOf(0).length;

describe('Tailer', () => {
  let dir: ReturnType<typeof scratchDir>;
  let tailers: Tailer[] = [];
  afterEach(async () => {
    await Promise.all(tailers.map((t) => t.stop()));
    tailers = [];
    dir?.remove();
  });

  const tailer = (options: TailerOptions = {}) => {
    const t = new Tailer({ globs: [join(dir.path, 'logs/*.log')], rescanIntervalMs: 100, pollIntervalMs: 100, ...options });
    tailers.push(t);
    return { t, rec: new Recorder(t) };
  };
  const setUp = () => {
    dir = scratchDir();
    const logs = join(dir.path, 'logs');
    mkdirSync(logs);
    return logs;
  };

  it('restart from a checkpoint resumes at its offset, with its done offsets; a file without one starts at 0', async () => {
    const logs = setUp();
    const a = join(logs, 'a.log');
    writeFileSync(a, lines(0, 100));
    const cps1 = await Checkpoints.load(dir.path);
    const { t: t1, rec: rec1 } = tailer({ checkpoints: cps1 });
    await t1.start();
    await rec1.until(() => rec1.opened[0]?.file.position === 100 * LINE, 'a.log read');
    // the outputs acknowledged records up to line 40; the engine held nothing before it
    const file = rec1.opened[0].file;
    cps1.set(file.key, { path: file.path, at: 40 * LINE, done: { stdout: 40 * LINE, stderr: 38 * LINE, errors: 40 * LINE } });
    await cps1.save();
    await t1.stop();

    appendFileSync(a, lines(100, 150));
    writeFileSync(join(logs, 'b.log'), lines(0, 3));
    const cps2 = await Checkpoints.load(dir.path);
    const { t: t2, rec: rec2 } = tailer({ checkpoints: cps2 });
    await t2.start();
    const [ra, rb] = ['a.log', 'b.log'].map((n) => rec2.opened.find((r) => r.file.path === join(logs, n))!);
    expect(ra.file.startAt).toBe(40 * LINE);
    expect(ra.file.resume).toEqual({ at: 40 * LINE, done: { stdout: 40 * LINE, stderr: 38 * LINE, errors: 40 * LINE } });
    expect(ra.file.key).toBe(file.key);
    expect(rb.file.startAt).toBe(0);
    expect(rb.file.resume).toBeUndefined();
    await rec2.until(() => ra.file.position === 150 * LINE && rb.file.position === 3 * LINE, 'both read');
    expect(lineNumbers(rec2.bytesOf(ra))).toEqual(Array.from({ length: 110 }, (_, i) => 40 + i));
    expect(rec2.bytesOf(ra).equals(readFileSync(a).subarray(40 * LINE))).toBe(true);
    expect(t2.files().find((f) => f.path === a)).toMatchObject({ startAt: 40 * LINE, position: 150 * LINE, bytesRead: 110 * LINE });
  });

  it('a file renamed away while we were down is found by inode beside its old name and read from its checkpoint to its end', async () => {
    const logs = setUp();
    const log = join(logs, '0.log');
    writeFileSync(log, lines(0, 50));
    const cps1 = await Checkpoints.load(dir.path);
    const { t: t1, rec: rec1 } = tailer({ checkpoints: cps1 });
    await t1.start();
    await rec1.until(() => rec1.opened[0].file.position === 50 * LINE, 'read');
    const key = rec1.opened[0].file.key;
    cps1.set(key, { path: log, at: 20 * LINE, done: { stdout: 20 * LINE, stderr: 0, errors: 0 } });
    await cps1.save();
    await t1.stop();

    // while down: more lines, then kubelet's rotation, then the new file's first lines
    appendFileSync(log, lines(50, 60));
    renameSync(log, `${log}.20261201-061500`);
    writeFileSync(log, lines(60, 70));
    writeFileSync(join(logs, 'unrelated.txt'), 'x'); // beside it, of no concern
    const cps2 = await Checkpoints.load(dir.path);
    const { t: t2, rec: rec2 } = tailer({ checkpoints: cps2, rotateWaitMs: 0 });
    await t2.start();
    await rec2.until(() => rec2.opened.length === 2 && rec2.opened.some((r) => r.ended) && rec2.opened.every((r) => r.ended || r.file.position === 10 * LINE), 'both read');
    const rotated = rec2.opened.find((r) => r.file.key === key)!;
    expect(rotated.file.path).toBe(log); // the name it was followed under
    expect(rotated.file.startAt).toBe(20 * LINE);
    expect(rotated.endReason).toBe('rotated');
    expect(lineNumbers(rec2.bytesOf(rotated))).toEqual(Array.from({ length: 40 }, (_, i) => 20 + i));
    const fresh = rec2.opened.find((r) => r !== rotated)!;
    expect(fresh.file.startAt).toBe(0);
    expect(lineNumbers(rec2.bytesOf(fresh))).toEqual(Array.from({ length: 10 }, (_, i) => 60 + i));
  });

  it('copytruncate seen by size (shorter than what was read) and by first bytes (rewritten past it): both restart at 0', async () => {
    const logs = setUp();
    const a = join(logs, 'a.log');
    writeFileSync(a, lines(0, 100));
    // no watch, no timed poll: each look is this test's poll(), so what the follower sees is decided here
    const cps = await Checkpoints.load(dir.path);
    const { t, rec } = tailer({ watch: false, pollIntervalMs: 3_600_000, rescanIntervalMs: 3_600_000, checkpoints: cps });
    await t.start();
    await t.poll();
    expect(rec.opened[0].file.position).toBe(100 * LINE);
    cps.set(rec.opened[0].file.key, { path: a, at: 100 * LINE, done: { stdout: 100 * LINE, stderr: 0, errors: 0 } });

    truncateSync(a, 0);
    appendFileSync(a, lines(100, 110)); // shorter than what was read
    await t.poll();
    expect(rec.opened.map((r) => r.truncated)).toEqual([true, false]);
    expect(cps.size).toBe(0); // its offsets count bytes that are gone
    expect(rec.opened[1].file.startAt).toBe(0);
    expect(lineNumbers(rec.bytesOf(rec.opened[1]))).toEqual(Array.from({ length: 10 }, (_, i) => 100 + i));

    truncateSync(a, 0);
    appendFileSync(a, lines(200, 400)); // longer than what was read: only the first bytes tell
    await t.poll();
    expect(rec.opened.map((r) => r.truncated)).toEqual([true, true, false]);
    expect(lineNumbers(rec.bytesOf(rec.opened[2]))).toEqual(Array.from({ length: 200 }, (_, i) => 200 + i));
    expect(rec.opened[2].file.key).not.toBe(rec.opened[1].file.key); // other first bytes: another identity
    expect(rec.log.filter((e) => e.startsWith('open') || e.startsWith('truncated')).map((e) => e.split(' ')[0])).toEqual(['open', 'truncated', 'open', 'truncated', 'open']);
  });

  it('a checkpoint past the end of its file (cut while we were down) restarts the file at 0', async () => {
    const logs = setUp();
    const a = join(logs, 'a.log');
    writeFileSync(a, lines(0, 30));
    const st = statSync(a, { bigint: true });
    const cps = await Checkpoints.load(dir.path);
    cps.set(makeIdentity(st.dev, st.ino, readFileSync(a).subarray(0, FINGERPRINT_BYTES)).key, { path: a, at: 31 * LINE, done: { stdout: 0, stderr: 0, errors: 0 } });
    const { t, rec } = tailer({ checkpoints: cps });
    await t.start();
    expect(rec.opened[0].file.startAt).toBe(0);
    expect(rec.opened[0].file.resume).toBeUndefined();
    expect(cps.size).toBe(0); // the stale entry is dropped, so a restart before the next ack does not use it
  });

  it('inode reuse: a checkpoint for the same device and inode but other first bytes is another file (start at 0)', async () => {
    const logs = setUp();
    const a = join(logs, 'a.log');
    writeFileSync(a, lines(500, 600));
    const st = statSync(a, { bigint: true });
    // the checkpoint of the file that had this inode before: same dev:ino, its own first bytes
    const previous = makeIdentity(st.dev, st.ino, Buffer.from(lines(0, 100)).subarray(0, FINGERPRINT_BYTES));
    const cps = await Checkpoints.load(dir.path);
    cps.set(previous.key, { path: a, at: 50 * LINE, done: { stdout: 50 * LINE, stderr: 0, errors: 0 } });
    const { t, rec } = tailer({ checkpoints: cps });
    await t.start();
    expect(rec.opened[0].file.startAt).toBe(0);
    expect(rec.opened[0].file.key).not.toBe(previous.key);
    expect(cps.get(previous.key)?.goneSince).toBeTypeOf('number'); // matched no file: its retention runs
    await rec.until(() => rec.opened[0].file.position === 100 * LINE, 'the new file read from 0');
    expect(lineNumbers(rec.bytesOf(rec.opened[0]))[0]).toBe(500);
  });

  it('inode reuse for real: a deleted file read to its end, then a new file (maybe on the same inode) is read from 0', async () => {
    const logs = setUp();
    const a = join(logs, 'a.log');
    writeFileSync(a, lines(0, 10));
    const { t, rec } = tailer();
    await t.start();
    await rec.until(() => rec.opened[0].file.position === 10 * LINE, 'first file read');
    const firstInode = statSync(a).ino;
    unlinkSync(a);
    await rec.until(() => rec.opened[0].ended, 'first file ended');
    writeFileSync(a, lines(1000, 1005)); // ext4 often hands the freed inode to the next file
    await rec.until(() => rec.opened[1]?.file.position === 5 * LINE, 'second file read');
    expect(rec.opened[1].file.startAt).toBe(0);
    expect(rec.opened[1].file.key).not.toBe(rec.opened[0].file.key);
    expect(lineNumbers(rec.bytesOf(rec.opened[1]))).toEqual([1000, 1001, 1002, 1003, 1004]);
    // not an assertion (the filesystem decides; ext4 here does reuse it), but say when reuse did not happen
    if (statSync(a).ino !== firstInode) console.info('inode reuse test: the new file got another inode');
  });

  it('a file opened shorter than 1 KiB is identified again past it; its checkpoint moves to the new key', async () => {
    const logs = setUp();
    const a = join(logs, 'a.log');
    writeFileSync(a, lines(0, 2));
    const cps = await Checkpoints.load(dir.path);
    const { t, rec } = tailer({ checkpoints: cps });
    await t.start();
    const file = rec.opened[0].file;
    const shortKey = file.key;
    expect(shortKey).toMatch(new RegExp(`:${2 * LINE}:[0-9a-f]{16}$`));
    cps.set(shortKey, { path: a, at: 2 * LINE, done: { stdout: 2 * LINE, stderr: 0, errors: 0 } });
    appendFileSync(a, lines(2, 40));
    await rec.until(() => file.position === 40 * LINE && file.key !== shortKey, 'read past 1 KiB and identified');
    expect(rec.log).toContain(`identified ${shortKey} -> ${file.key}`);
    expect(file.key).toMatch(new RegExp(`:${FINGERPRINT_BYTES}:[0-9a-f]{16}$`));
    expect(cps.get(shortKey)).toBeUndefined();
    expect(cps.get(file.key)?.at).toBe(2 * LINE);
    expect(rec.opened).toHaveLength(1); // the same file, not a new one
  });

  it('a checkpoint taken while the file was short resumes it after it grew while we were down', async () => {
    const logs = setUp();
    const a = join(logs, 'a.log');
    writeFileSync(a, lines(0, 3));
    const cps1 = await Checkpoints.load(dir.path);
    const { t: t1, rec: rec1 } = tailer({ checkpoints: cps1 });
    await t1.start();
    const short = rec1.opened[0].file;
    cps1.set(short.key, { path: a, at: 3 * LINE, done: { stdout: 3 * LINE, stderr: 0, errors: 0 } });
    await cps1.save();
    await t1.stop();
    appendFileSync(a, lines(3, 60));
    const cps2 = await Checkpoints.load(dir.path);
    const { t: t2, rec: rec2 } = tailer({ checkpoints: cps2 });
    await t2.start();
    const file = rec2.opened[0].file;
    expect(file.startAt).toBe(3 * LINE);
    expect(cps2.keys()).toEqual([file.key]); // moved to the full identity
    await rec2.until(() => file.position === 60 * LINE, 'the rest read');
    expect(lineNumbers(rec2.bytesOf(rec2.opened[0]))[0]).toBe(3);
  });

  it('pause(): no data until resume(), then everything, in order', async () => {
    const logs = setUp();
    const a = join(logs, 'a.log');
    writeFileSync(a, lines(0, 10));
    const { t, rec } = tailer();
    await t.start();
    await rec.until(() => rec.opened[0].file.position === 10 * LINE, 'first lines read');
    t.pause();
    const chunks = rec.opened[0].chunks.length;
    appendFileSync(a, lines(10, 20));
    await t.poll(); // a look at every file: with reading paused, nothing comes
    await t.poll();
    expect(rec.opened[0].chunks.length).toBe(chunks);
    t.resume();
    await rec.until(() => rec.opened[0].file.position === 20 * LINE, 'the rest after resume');
    expect(lineNumbers(rec.bytesOf(rec.opened[0]))).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('polling alone (no fs.watch) follows a file; chunks are at most chunkBytes', async () => {
    const logs = setUp();
    const a = join(logs, 'a.log');
    writeFileSync(a, lines(0, 100));
    const { t, rec } = tailer({ watch: false, chunkBytes: 1000 });
    await t.start();
    expect(t.files()[0].watching).toBe(false);
    appendFileSync(a, lines(100, 200));
    await rec.until(() => rec.opened[0].file.position === 200 * LINE, 'all read by polling');
    expect(Math.max(...rec.opened[0].chunks.map((c) => c.length))).toBeLessThanOrEqual(1000);
    expect(lineNumbers(rec.bytesOf(rec.opened[0]))).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(t.files()[0]).toMatchObject({ bytesRead: 200 * LINE, position: 200 * LINE, rotated: false });
  });

  it('many files at once through two read slots and small chunks: each read whole, in order', async () => {
    const logs = setUp();
    for (let f = 0; f < 40; f++) writeFileSync(join(logs, `f${f}.log`), lines(f * 1000, f * 1000 + 200));
    const { t, rec } = tailer({ maxConcurrentReads: 2, chunkBytes: 4096 });
    await t.start();
    expect(rec.opened).toHaveLength(40);
    await rec.until(() => rec.opened.every((r) => r.file.position === 200 * LINE), 'every file read');
    for (const r of rec.opened) {
      const f = Number(/f(\d+)\.log$/.exec(r.file.path)![1]);
      expect(lineNumbers(rec.bytesOf(r))).toEqual(Array.from({ length: 200 }, (_, i) => f * 1000 + i));
    }
  });

  it('stop() ends nothing (the files are not finished) and no event comes after it', async () => {
    const logs = setUp();
    writeFileSync(join(logs, 'a.log'), lines(0, 5));
    const { t, rec } = tailer();
    await t.start();
    await rec.until(() => rec.opened[0].file.position === 5 * LINE, 'read');
    await t.stop();
    const events = rec.log.length;
    appendFileSync(join(logs, 'a.log'), lines(5, 10));
    writeFileSync(join(logs, 'b.log'), lines(0, 5));
    await t.poll();
    await t.scan();
    expect(rec.log.length).toBe(events);
    expect(rec.log.some((e) => e.startsWith('end'))).toBe(false);
    expect(t.files()).toEqual([]);
  });
});
