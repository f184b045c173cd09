// Checkpoints (bindings/agent/files/checkpoints.ts): encoding, atomic saves, load, matching, retention.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type Checkpoint, CHECKPOINT_FILE, CheckpointFormatError, Checkpoints, decodeCheckpoints, encodeCheckpoints } from '../../../bindings/agent/files/checkpoints.ts';
import { makeIdentity } from '../../../bindings/agent/files/identity.ts';
import { scratchDir } from './helpers.ts';

const offset = fc.maxSafeNat();
const checkpoint: fc.Arbitrary<Checkpoint> = fc.record(
  { path: fc.string({ unit: 'binary' }), at: offset, done: fc.record({ stdout: offset, stderr: offset, errors: offset }), goneSince: offset },
  { requiredKeys: ['path', 'at', 'done'] },
);
const key = fc.tuple(fc.bigInt({ min: 0n, max: 1n << 64n }), fc.bigInt({ min: 0n, max: 1n << 64n }), fc.uint8Array({ maxLength: 1100 })).map(([d, i, b]) => makeIdentity(d, i, b).key);
const entries = fc.array(fc.tuple(key, checkpoint), { maxLength: 20 }).map((kv) => new Map(kv));
const cp = (at: number, path = '/p/0.log'): Omit<Checkpoint, 'goneSince'> => ({ path, at, done: { stdout: at, stderr: at, errors: at } });

describe('checkpoint encoding', () => {
  it('property: decode(encode(entries)) = entries', () => {
    fc.assert(fc.property(entries, (e) => {
      expect(decodeCheckpoints(encodeCheckpoints(e))).toEqual(e);
    }));
  });

  it('refuses what is not a checkpoint file, naming the problem', () => {
    const bad = (text: string) => () => decodeCheckpoints(text);
    expect(bad('{"version":1,"files":')).toThrow(CheckpointFormatError);
    expect(bad('{"version":2,"files":{}}')).toThrow(/version 1/);
    expect(bad('{"version":1,"files":[]}')).toThrow(/"files"/);
    expect(bad('{"version":1,"files":{"nope":{"path":"p","at":0,"done":{"stdout":0,"stderr":0,"errors":0}}}}')).toThrow(/bad identity key "nope"/);
    const k = makeIdentity(1, 2, new Uint8Array()).key;
    expect(bad(`{"version":1,"files":{"${k}":{"path":"p","at":-1,"done":{"stdout":0,"stderr":0,"errors":0}}}}`)).toThrow(/bad entry/);
    expect(bad(`{"version":1,"files":{"${k}":{"path":"p","at":0,"done":{"stdout":0,"stderr":0}}}}`)).toThrow(/bad entry/);
  });
});

describe('checkpoint file', () => {
  let dir: ReturnType<typeof scratchDir>;
  afterEach(() => dir?.remove());

  it('save then load gives the same entries; no temp file stays', async () => {
    dir = scratchDir();
    const a = await Checkpoints.load(dir.path);
    expect(a.size).toBe(0);
    const k1 = makeIdentity(1, 10, Buffer.from('first')).key;
    const k2 = makeIdentity(1, 11, Buffer.from('second')).key;
    a.set(k1, cp(5));
    a.set(k2, cp(7, '/p/1.log'));
    a.markGone(k2, 1000);
    await a.save();
    expect(readdirSync(dir.path)).toEqual([CHECKPOINT_FILE]);
    const b = await Checkpoints.load(dir.path);
    expect(b.keys().sort()).toEqual([k1, k2].sort());
    expect(b.get(k1)).toEqual(cp(5));
    expect(b.get(k2)).toEqual({ ...cp(7, '/p/1.log'), goneSince: 1000 });
  });

  it('a crash mid-write (a temp file left behind, cut short) leaves the old file valid; the temp is removed at load', async () => {
    dir = scratchDir();
    const a = await Checkpoints.load(dir.path);
    const k = makeIdentity(1, 10, Buffer.from('first')).key;
    a.set(k, cp(5));
    await a.save();
    const good = readFileSync(join(dir.path, CHECKPOINT_FILE), 'utf8');
    // what a crash during the next save leaves: the temp file half written, never renamed
    a.set(k, cp(999));
    const next = encodeCheckpoints(new Map([[k, { ...cp(999) }]]));
    writeFileSync(join(dir.path, `${CHECKPOINT_FILE}.tmp-12345-0`), next.slice(0, next.length >> 1));
    const b = await Checkpoints.load(dir.path);
    expect(b.get(k)).toEqual(cp(5));
    expect(readFileSync(join(dir.path, CHECKPOINT_FILE), 'utf8')).toBe(good);
    expect(readdirSync(dir.path)).toEqual([CHECKPOINT_FILE]);
  });

  it('saves run in call order: the file holds the last one', async () => {
    dir = scratchDir();
    const a = await Checkpoints.load(dir.path);
    const k = makeIdentity(1, 10, Buffer.from('first')).key;
    const saves: Promise<void>[] = [];
    for (let at = 0; at < 20; at++) {
      a.set(k, cp(at));
      saves.push(a.save());
    }
    await Promise.all(saves);
    expect((await Checkpoints.load(dir.path)).get(k)).toEqual(cp(19));
  });

  it('a corrupt checkpoint file is an error naming the file', async () => {
    dir = scratchDir();
    writeFileSync(join(dir.path, CHECKPOINT_FILE), '{"version":1,"fil');
    await expect(Checkpoints.load(dir.path)).rejects.toThrow(join(dir.path, CHECKPOINT_FILE));
  });

  it('retention: entries of files gone longer than it are dropped; present ones and acks after the end keep their state', async () => {
    dir = scratchDir();
    const c = await Checkpoints.load(dir.path, { retentionMs: 1000 });
    const [k1, k2, k3] = [1, 2, 3].map((i) => makeIdentity(1, i, Buffer.from(`f${i}`)).key);
    c.set(k1, cp(1));
    c.set(k2, cp(2));
    c.set(k3, cp(3));
    c.markGone(k1, 0);
    c.markGone(k2, 500);
    c.set(k2, cp(20)); // an ack after the file ended: still gone since 500
    c.markGone(k2, 900); // the first time counts
    expect(c.prune(1000)).toEqual([]);
    expect(c.prune(1001)).toEqual([k1]);
    expect(c.get(k2)).toEqual({ ...cp(20), goneSince: 500 });
    c.markPresent(k2); // seen again (a restart found it)
    expect(c.prune(10_000)).toEqual([]);
    expect(c.keys().sort()).toEqual([k2, k3].sort());
  });

  it('matching: the exact key, or an entry taken while the file was shorter; not another inode or other first bytes', async () => {
    dir = scratchDir();
    const c = await Checkpoints.load(dir.path);
    const bytes = Buffer.from('z'.repeat(3000));
    const short = makeIdentity(1, 10, bytes.subarray(0, 300));
    c.set(short.key, cp(300));
    const now = makeIdentity(1, 10, bytes);
    expect(c.match(now, bytes.subarray(0, 1024))).toEqual([short.key, cp(300)]);
    expect(c.match(makeIdentity(1, 11, bytes), bytes)).toBeUndefined();
    const reused = Buffer.from('w'.repeat(3000));
    expect(c.match(makeIdentity(1, 10, reused), reused)).toBeUndefined();
    c.rekey(short.key, now.key);
    expect(c.match(now, bytes)).toEqual([now.key, cp(300)]);
  });
});
