// File identity (bindings/agent/files/identity.ts): device + inode + fingerprint of the first up-to-1 KiB.
import { openSync, closeSync, writeSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FINGERPRINT_BYTES, identify, makeIdentity, parseIdentityKey, sameFile } from '../../../bindings/agent/files/identity.ts';
import { scratchDir } from './helpers.ts';

const inode = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
const content = fc.uint8Array({ maxLength: 3 * FINGERPRINT_BYTES });

describe('identity', () => {
  it('property: a key parses back to its identity', () => {
    fc.assert(
      fc.property(inode, content, ([dev, ino], bytes) => {
        const id = makeIdentity(dev, ino, bytes);
        expect(parseIdentityKey(id.key)).toEqual(id);
        expect(id.fingerprintBytes).toBe(Math.min(bytes.length, FINGERPRINT_BYTES));
      }),
    );
    expect(parseIdentityKey('1:2:3')).toBeUndefined();
    expect(parseIdentityKey(`1:2:${FINGERPRINT_BYTES + 1}:0123456789abcdef`)).toBeUndefined();
  });

  it('property: only bytes within the first KiB count; an identity taken while the file was shorter matches it grown', () => {
    fc.assert(
      fc.property(inode, content, fc.nat(), ([dev, ino], bytes, cut) => {
        const full = makeIdentity(dev, ino, bytes);
        const earlier = makeIdentity(dev, ino, bytes.subarray(0, cut % (bytes.length + 1)));
        expect(sameFile(earlier, full, bytes)).toBe(true);
        // bytes after the first KiB do not change the identity
        const grown = new Uint8Array([...bytes, 1, 2, 3]);
        if (bytes.length >= FINGERPRINT_BYTES) expect(makeIdentity(dev, ino, grown).key).toBe(full.key);
      }),
    );
  });

  it('property: another inode, or other first bytes (inode reuse), is another file', () => {
    fc.assert(
      fc.property(inode, content.filter((b) => b.length > 0), fc.nat(), ([dev, ino], bytes, at) => {
        const id = makeIdentity(dev, ino, bytes);
        expect(sameFile(id, makeIdentity(dev, ino + 1n, bytes), bytes)).toBe(false);
        const changed = Uint8Array.from(bytes);
        const i = at % Math.min(bytes.length, FINGERPRINT_BYTES);
        changed[i] ^= 0xff;
        const reused = makeIdentity(dev, ino, changed);
        expect(reused.key).not.toBe(id.key);
        expect(sameFile(id, reused, changed)).toBe(false);
        // a file shorter than the bytes an identity covers is not that file
        if (id.fingerprintBytes > 0) expect(sameFile(id, makeIdentity(dev, ino, bytes.subarray(0, id.fingerprintBytes - 1)), bytes.subarray(0, id.fingerprintBytes - 1))).toBe(false);
      }),
    );
  });

  describe('of a real file', () => {
    let dir: ReturnType<typeof scratchDir>;
    afterEach(() => dir?.remove());

    it('is its device, inode and first bytes, read through the handle', async () => {
      dir = scratchDir();
      const path = join(dir.path, 'a.log');
      const fd = openSync(path, 'w');
      writeSync(fd, 'x'.repeat(100));
      const st = statSync(path, { bigint: true });
      const h = await open(path, 'r');
      const short = await identify(h);
      expect(short.inode).toBe(`${st.dev}:${st.ino}`);
      expect(short.fingerprintBytes).toBe(100);
      writeSync(fd, 'y'.repeat(2000));
      closeSync(fd);
      const long = await identify(h);
      await h.close();
      expect(long.fingerprintBytes).toBe(FINGERPRINT_BYTES);
      expect(long.key).not.toBe(short.key); // identified again past 1 KiB…
      expect(sameFile(short, long, Buffer.from('x'.repeat(100) + 'y'.repeat(924)))).toBe(true); // …as the same file
    });
  });
});
