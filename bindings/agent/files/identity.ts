// A followed file's identity: device + inode + a fingerprint of its first bytes.
//
// Device + inode alone are not enough: once a file is deleted and closed, the filesystem may give its inode to
// the next file created (kubelet creates and deletes log files all day), and a checkpoint keyed by inode alone
// would then resume a new file in the middle. The fingerprint (a hash of the first up-to-1 KiB) tells the two
// apart. A file shorter than 1 KiB is fingerprinted over what it has; its identity is computed again once it
// grows past 1 KiB (the follower does that and reports the new key), and an identity with a short fingerprint
// still matches the same file grown longer (same device and inode, same first bytes): see `sameFile`.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** How many leading bytes the fingerprint covers once a file is that long. */
export const FINGERPRINT_BYTES = 1024;

export interface FileIdentity {
  /** `dev:ino` as decimal strings (bigint stats: inode numbers may exceed 2^53). */
  readonly inode: string;
  /** How many leading bytes the fingerprint covers (less than FINGERPRINT_BYTES while the file was shorter). */
  readonly fingerprintBytes: number;
  /** 16 hex digits of SHA-1 over those bytes. */
  readonly fingerprint: string;
  /** `dev:ino:fingerprintBytes:fingerprint`: the checkpoint key. */
  readonly key: string;
}

export function fingerprintOf(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex').slice(0, 16);
}

export function makeIdentity(dev: bigint | number, ino: bigint | number, head: Uint8Array): FileIdentity {
  const inode = `${dev}:${ino}`;
  const fingerprintBytes = Math.min(head.length, FINGERPRINT_BYTES);
  const fingerprint = fingerprintOf(head.subarray(0, fingerprintBytes));
  return { inode, fingerprintBytes, fingerprint, key: `${inode}:${fingerprintBytes}:${fingerprint}` };
}

/** The identity in a key (the inverse of `makeIdentity(…).key`); undefined when the text is not a key. */
export function parseIdentityKey(key: string): FileIdentity | undefined {
  const m = /^(\d+):(\d+):(\d+):([0-9a-f]{16})$/.exec(key);
  if (!m || Number(m[3]) > FINGERPRINT_BYTES) return undefined;
  return { inode: `${m[1]}:${m[2]}`, fingerprintBytes: Number(m[3]), fingerprint: m[4], key };
}

/** Reads up to `length` bytes from the start of an open file (short when the file is). */
export async function readHead(handle: FileHandle, length = FINGERPRINT_BYTES): Promise<Uint8Array> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** The identity of an open file, from the handle (never the path: the path may already name another file). */
export async function identify(handle: FileHandle): Promise<FileIdentity> {
  const st = await handle.stat({ bigint: true });
  return makeIdentity(st.dev, st.ino, await readHead(handle));
}

/**
 * Whether `known` (say, from a checkpoint) is the file whose current identity is `current` and whose first
 * bytes are `head`: the same device and inode, and the same first `known.fingerprintBytes` bytes. A known
 * identity fingerprinted over fewer bytes (the file was short then) matches the file grown longer.
 */
export function sameFile(known: FileIdentity, current: FileIdentity, head: Uint8Array): boolean {
  if (known.inode !== current.inode) return false;
  if (known.fingerprintBytes === current.fingerprintBytes) return known.fingerprint === current.fingerprint;
  if (head.length < known.fingerprintBytes) return false; // the file is shorter than it was: not the same bytes
  return fingerprintOf(head.subarray(0, known.fingerprintBytes)) === known.fingerprint;
}
