// Follows one open file: reads from an offset in chunks, wakes on fs.watch events and on the Tailer's poll
// (watch events can be lost, coalesced, or unsupported — NFS, some overlay setups — so the poll is the
// guarantee and the watch only makes it prompt), and notices what happened to the file:
// - copytruncate: the size fell below what was read, or the first bytes changed (truncated and written past
//   our position before we looked, or while a read was under way: each chunk is checked after its read):
//   reading restarts at 0 under a new identity, reported;
// - rename (kubelet's 0.log → 0.log.<timestamp>): the path names another file or none while ours still has a
//   link; we keep reading ours to its end for the rotate-wait (the runtime writes to it until it reopens),
//   then end;
// - deletion: no link left; what is open is read to its end, then we end.
// It reads through an open handle, never by path, so a rename or delete never loses the bytes already there.
// It hands out bytes exactly as they are in the file; lines are the engine's business (it carries a line's
// incomplete tail to the next push), so a chunk boundary never cuts a line.
import { type FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { ReadSlots } from './read-slots.ts';
import { FINGERPRINT_BYTES, type FileIdentity, fingerprintOf, identify, readHead, sameFile } from './identity.ts';

export const MAX_CHUNK_BYTES = 1 << 20;

export interface FollowerOptions {
  /** Bytes per read and per 'data' event (at most MAX_CHUNK_BYTES). */
  chunkBytes: number;
  /** How long a file renamed away is still read after the rename was seen. */
  rotateWaitMs: number;
  /** Use fs.watch (else only the poll wakes the follower). */
  watch: boolean;
  now: () => number;
  /** Shared by all followers: bounds the reads in flight. */
  slots: ReadSlots;
}

/** What a follower reports; the Tailer turns these into its events. */
export interface FollowerSink {
  data(bytes: Uint8Array, offset: number): void;
  /** The file was truncated (or rewritten from the start): reading restarts at 0 as `identity`. */
  truncated(identity: FileIdentity): void;
  /** A file fingerprinted while shorter than 1 KiB grew past it: its full identity. */
  identified(identity: FileIdentity): void;
  /** Fully read after a rename or a deletion; the handle is closed. */
  end(reason: 'rotated' | 'deleted'): void;
  warning(err: unknown): void;
}

export class Follower {
  /** Offset of the next byte to read. */
  position: number;
  /** Set when the path was seen naming another file (or none) while ours still had a link. */
  rotatedAt: number | undefined;
  closed = false;
  private watcher: FSWatcher | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private paused = false;
  private lastSize = -1;

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    public identity: FileIdentity,
    startAt: number,
    private readonly options: FollowerOptions,
    private readonly sink: FollowerSink,
  ) {
    this.position = startAt;
  }

  get watching(): boolean {
    return this.watcher !== undefined;
  }

  start(): void {
    if (this.options.watch) {
      try {
        // inotify watches the inode, so events keep coming after the file is renamed away
        this.watcher = watch(this.path, { persistent: false }, () => void this.check());
        this.watcher.on('error', (err) => this.stopWatching(err));
      } catch (err) {
        this.stopWatching(err); // ENOSPC (inotify watch limit), EMFILE…: the poll carries on alone
      }
    }
    void this.check();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    void this.check();
  }

  /** Reads what is new and looks at the file's state. Calls while one runs coalesce into one more run. */
  check(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.step();
        } catch (err) {
          if (!this.closed) this.sink.warning(err);
        }
      } while (this.again && !this.closed && !this.paused);
      this.running = undefined;
    })();
    return this.running;
  }

  /** Closes the handle without ending (Tailer.stop: the file is not finished). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopWatching();
    await this.running;
    await this.handle.close().catch(() => {});
  }

  private stopWatching(err?: unknown): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (err !== undefined) this.sink.warning(err);
  }

  private async step(): Promise<void> {
    const st = await this.handle.stat();
    if (st.size < this.position || (st.size !== this.lastSize && (await this.headChanged()))) {
      await this.restartAtZero();
    }
    this.lastSize = st.size;
    if (!(await this.readToEnd())) return; // paused
    if (this.identity.fingerprintBytes < FINGERPRINT_BYTES && this.position >= FINGERPRINT_BYTES) await this.identifyAgain();

    if (this.rotatedAt === undefined && (await this.pathNamesAnotherFile())) this.rotatedAt = this.options.now();
    // links counted after the path was looked at: a deletion racing the look is seen here, not taken for a
    // rename (which would wait the rotate-wait for nothing); a renamed file deleted later ends at once too
    if ((await this.handle.stat()).nlink === 0) {
      if (await this.readToEnd()) await this.finish('deleted');
    } else if (this.rotatedAt !== undefined && this.options.now() - this.rotatedAt >= this.options.rotateWaitMs) {
      if (await this.readToEnd()) await this.finish('rotated');
    }
  }

  /** Reads until end of file; false when pause() stopped it first. */
  private async readToEnd(): Promise<boolean> {
    for (;;) {
      if (this.paused || this.closed) return false;
      const offset = this.position;
      const bytes = await this.options.slots.run(async () => {
        // sized to what the last stat showed (a file that grows by a line must not cost a 1 MiB buffer a read)
        const want = Math.min(this.options.chunkBytes, Math.max(this.lastSize - offset, 64 * 1024));
        const buf = Buffer.allocUnsafe(want);
        const { bytesRead } = await this.handle.read(buf, 0, buf.length, offset);
        // a copy of the right size: a consumer may keep the bytes, and must not pin a whole chunk for a few
        return bytesRead === buf.length ? buf : Buffer.from(buf.subarray(0, bytesRead));
      });
      if (bytes.length === 0) return true;
      // pause() came during the read: drop the bytes and read them again on resume (holding them would let
      // every paused file keep a chunk)
      if (this.paused || this.closed) return false;
      // copytruncate racing this read: cut and written past our position since the look before it, the bytes
      // read are the new content, not the old file's rest. A first KiB that changed since tells (a read before
      // the cut cannot be told from one after it, so either is dropped: the old file's rest is in the copy).
      if (await this.headChanged()) {
        await this.restartAtZero();
        continue;
      }
      this.position += bytes.length;
      this.sink.data(bytes, offset);
    }
  }

  /** Whether the bytes the fingerprint covers are no longer what they were (rewritten after a truncate). */
  private async headChanged(): Promise<boolean> {
    const n = this.identity.fingerprintBytes;
    if (n === 0) return false;
    const head = await readHead(this.handle, n);
    return head.length < n || fingerprintOf(head) !== this.identity.fingerprint;
  }

  private async restartAtZero(): Promise<void> {
    this.position = 0;
    this.identity = await identify(this.handle);
    this.sink.truncated(this.identity);
  }

  private async identifyAgain(): Promise<void> {
    const head = await readHead(this.handle);
    const current = await identify(this.handle);
    if (!sameFile(this.identity, current, head)) return this.restartAtZero(); // its first bytes were rewritten
    this.identity = current;
    this.sink.identified(current);
  }

  private async pathNamesAnotherFile(): Promise<boolean> {
    try {
      const st = await stat(this.path, { bigint: true });
      return `${st.dev}:${st.ino}` !== this.identity.inode;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw err;
    }
  }

  private async finish(reason: 'rotated' | 'deleted'): Promise<void> {
    this.closed = true;
    this.stopWatching();
    await this.handle.close().catch(() => {});
    this.sink.end(reason);
  }
}
