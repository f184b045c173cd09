// The Follower (bindings/agent/files/follower.ts) when a copytruncate lands in the middle of its reading: the
// file is cut and written past the follower's position between two of its reads. The bytes read after the cut
// are the new content, not the rest of the old file: they must not go out as the old file's (a garbled line,
// then the same lines again from offset 0). Made deterministic with a handle whose read does the cut first.
import { openSync, closeSync, ftruncateSync, writeFileSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Follower, type FollowerSink } from '../../../bindings/agent/files/follower.ts';
import { identify } from '../../../bindings/agent/files/identity.ts';
import { ReadSlots } from '../../../bindings/agent/files/read-slots.ts';
import { lineNumbers, lineOf, scratchDir } from './helpers.ts';

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => lineOf(from + i)).join('');

describe('Follower and a copytruncate between two reads', () => {
  let dir: ReturnType<typeof scratchDir>;
  let follower: Follower | undefined;
  afterEach(async () => {
    await follower?.close();
    dir?.remove();
  });

  it('a chunk read after the cut is not handed out as the old file; the new content is read from 0, whole', async () => {
    dir = scratchDir();
    const path = join(dir.path, 'app.log');
    const OLD = lines(0, 400); // 400 lines of 54 bytes: several 4 KiB chunks
    const NEW = lines(1000, 1400);
    writeFileSync(path, OLD);
    const real = await open(path, 'r');
    let cut = false;
    // the second chunk's read: first the writer copytruncates and writes the new content past our position
    const handle = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== 'read') {
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        }
        return async (buf: Buffer, off: number, len: number, position: number) => {
          if (!cut && position >= 4096) {
            cut = true;
            const fd = openSync(path, 'r+');
            ftruncateSync(fd, 0);
            writeSync(fd, NEW, 0, 'latin1');
            closeSync(fd);
          }
          return target.read(buf, off, len, position);
        };
      },
    }) as FileHandle;

    const events: Array<{ kind: 'data' | 'truncated'; bytes?: Buffer; offset?: number }> = [];
    let wake: () => void = () => {};
    const sink: FollowerSink = {
      data: (bytes, offset) => { events.push({ kind: 'data', bytes: Buffer.from(bytes), offset }); wake(); },
      truncated: () => { events.push({ kind: 'truncated' }); wake(); },
      identified: () => {},
      end: () => {},
      warning: (err) => { throw err; },
    };
    follower = new Follower(path, handle, await identify(real), 0, { chunkBytes: 4096, rotateWaitMs: 1000, watch: false, now: Date.now, slots: new ReadSlots(1) }, sink);
    follower.start();
    const readAll = () => {
      const at = events.findIndex((e) => e.kind === 'truncated');
      return at >= 0 && Buffer.concat(events.slice(at + 1).map((e) => e.bytes!)).length >= NEW.length;
    };
    const deadline = Date.now() + 30_000;
    while (!readAll()) {
      if (Date.now() > deadline) throw new Error(`not read: ${events.map((e) => `${e.kind}@${e.offset}`).join(' ')}`);
      await follower.check();
      await new Promise<void>((r) => { wake = r; setTimeout(r, 20); });
    }
    expect(cut).toBe(true);

    const at = events.findIndex((e) => e.kind === 'truncated');
    const before = Buffer.concat(events.slice(0, at).map((e) => e.bytes!));
    const after = Buffer.concat(events.slice(at + 1).map((e) => e.bytes!));
    expect(events.filter((e) => e.kind === 'truncated')).toHaveLength(1);
    // before the truncate: only the old file's bytes (a prefix of them; the rest is in the copy)
    expect(OLD.startsWith(before.toString('latin1'))).toBe(true);
    // after it: the new content, from 0, whole, once
    expect(events[at + 1].offset).toBe(0);
    expect(after.toString('latin1')).toBe(NEW);
    expect(lineNumbers(after)).toEqual(Array.from({ length: 400 }, (_, i) => 1000 + i));
  });
});
