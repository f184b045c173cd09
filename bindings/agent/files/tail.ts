// The Tailer: the files part of the agent as one object. It discovers files (discover.ts) every rescan
// interval, opens each new one once (identity.ts), resumes it from its checkpoint when one matches
// (checkpoints.ts), and follows it (follower.ts) until it is renamed away or deleted and fully read. At start it
// also finds checkpointed files renamed away while it was down (recoverRenamed) and reads their rest.
//
// Events, in order per file: 'open' (file: TailedFile) first; then 'data' (file, bytes, offset) with offset the
// position of bytes[0] in the file, contiguous from file.startAt; 'identified' (file, previousKey) when a file
// opened shorter than 1 KiB grows past it (file.key changes; a checkpoint under the old key is moved); then
// either 'end' (file, reason) — renamed away or deleted and read to its end: the consumer finishes its source — or
// 'truncated' (file) — copytruncated: the consumer closes its source; the same path comes back at once as a new
// 'open' with startAt 0. 'warning' (err, path) reports a problem with one file; the others go on.
import { EventEmitter } from 'node:events';
import { open, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Checkpoint, Checkpoints } from './checkpoints.ts';
import { Discovery, type DiscoveredFile, type DiscoveryOptions } from './discover.ts';
import { Follower, MAX_CHUNK_BYTES } from './follower.ts';
import { ReadSlots } from './read-slots.ts';
import { type FileIdentity, makeIdentity, parseIdentityKey, readHead } from './identity.ts';
import { TailedFile } from './tailed-file.ts';

export { TailedFile } from './tailed-file.ts';

export interface TailerOptions extends DiscoveryOptions {
  /** How often the globs are scanned again (default 1000 ms: new files are picked up within a second). */
  rescanIntervalMs?: number;
  /** How often every file is looked at even without a watch event (default 1000 ms). */
  pollIntervalMs?: number;
  /** How long a renamed-away file is still read (default 5000 ms; Fluent Bit's Rotate_Wait). */
  rotateWaitMs?: number;
  /** Bytes per read and per 'data' event (default and at most 1 MiB). */
  chunkBytes?: number;
  /** Use fs.watch to notice writes promptly (default true); polling alone otherwise. */
  watch?: boolean;
  /** Reads in flight across all files at most (default 4): bounds the memory of read buffers. */
  maxConcurrentReads?: number;
  /** Where to resume files from; entries are moved on 'identified', marked gone on 'end', dropped on 'truncated'. */
  checkpoints?: Checkpoints;
  /** The clock for rotate-wait and checkpoint retention (tests may pass their own). */
  now?: () => number;
}

export interface TailedFileStats {
  key: string;
  path: string;
  startAt: number;
  position: number;
  bytesRead: number;
  linesRead: number;
  watching: boolean;
  rotated: boolean;
}

export interface TailerEvents {
  open: [file: TailedFile];
  data: [file: TailedFile, bytes: Uint8Array, offset: number];
  identified: [file: TailedFile, previousKey: string];
  end: [file: TailedFile, reason: 'rotated' | 'deleted'];
  truncated: [file: TailedFile];
  warning: [err: unknown, path: string];
}

export class Tailer extends EventEmitter<TailerEvents> {
  private readonly discovery: Discovery;
  private readonly options: Required<Omit<TailerOptions, keyof DiscoveryOptions | 'checkpoints' | 'maxConcurrentReads'>>;
  private readonly slots: ReadSlots;
  private readonly checkpoints: Checkpoints | undefined;
  /** Open files by `dev:ino` (an open file's inode cannot be reused, so this names it without a fingerprint). */
  private readonly following = new Map<string, { follower: Follower; file: TailedFile }>();
  /** Keys of files that ended (renamed away or deleted, fully read) → when: not opened again if still matched. */
  private readonly ended = new Map<string, number>();
  private timers: NodeJS.Timeout[] = [];
  private scanning: Promise<void> | undefined;
  private started = false;
  private paused = false;

  constructor(options: TailerOptions = {}) {
    super();
    this.discovery = new Discovery(options);
    this.checkpoints = options.checkpoints;
    this.slots = new ReadSlots(options.maxConcurrentReads ?? 4);
    this.options = {
      rescanIntervalMs: options.rescanIntervalMs ?? 1000,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      rotateWaitMs: options.rotateWaitMs ?? 5000,
      chunkBytes: Math.min(Math.max(options.chunkBytes ?? MAX_CHUNK_BYTES, 1), MAX_CHUNK_BYTES),
      watch: options.watch ?? true,
      now: options.now ?? Date.now,
    };
  }

  /** Scans once (files found are opened and 'open' emitted before this resolves), then keeps following. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.scan();
    if (this.checkpoints) {
      const present = () => new Set([...this.following.values()].map(({ file }) => file.key));
      await this.recoverRenamed(this.checkpoints.keys().filter((key) => !present().has(key)));
      // entries still unmatched belong to files gone while we were down: their retention starts now
      const found = present();
      for (const key of this.checkpoints.keys()) if (!found.has(key)) this.checkpoints.markGone(key, this.options.now());
    }
    this.timers.push(setInterval(() => void this.scan(), this.options.rescanIntervalMs));
    this.timers.push(setInterval(() => void this.poll(), this.options.pollIntervalMs));
    for (const t of this.timers) t.unref?.();
  }

  /** Stops following: closes every file without 'end' (they are not finished; checkpoints resume them). */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.started = false;
    await this.scanning;
    await Promise.all([...this.following.values()].map(({ follower }) => follower.close()));
    this.following.clear();
  }

  /** Backpressure: no 'data' after this until resume() (a read in flight is dropped and done again later). */
  pause(): void {
    this.paused = true;
    for (const { follower } of this.following.values()) follower.pause();
  }

  resume(): void {
    this.paused = false;
    for (const { follower } of this.following.values()) follower.resume();
  }

  files(): TailedFileStats[] {
    return [...this.following.values()].map(({ follower, file }) => ({
      key: file.key,
      path: file.path,
      startAt: file.startAt,
      position: file.position,
      bytesRead: file.bytesRead,
      linesRead: file.linesRead,
      watching: follower.watching,
      rotated: follower.rotatedAt !== undefined,
    }));
  }

  /** Looks at every followed file now (the poll timer does this every pollIntervalMs); resolves when done. */
  async poll(): Promise<void> {
    await Promise.all([...this.following.values()].map(({ follower }) => follower.check()));
  }

  /** Scans the globs now and opens what is new (the rescan timer does this every rescanIntervalMs). */
  scan(): Promise<void> {
    if (!this.scanning) {
      this.scanning = this.scanOnce().finally(() => (this.scanning = undefined));
    }
    return this.scanning;
  }

  private async scanOnce(): Promise<void> {
    const found = await this.discovery.scan();
    for (const f of found) {
      if (!this.following.has(`${f.dev}:${f.ino}`)) await this.openFile(f);
    }
    const now = this.options.now();
    for (const [key, at] of this.ended) if (now - at > (this.checkpoints?.retentionMs ?? 24 * 3600 * 1000)) this.ended.delete(key);
    this.checkpoints?.prune(now);
  }

  /**
   * Checkpointed files no glob matched at start may have been renamed away while we were down (kubelet's
   * 0.log → 0.log.<timestamp>, which `*.log` does not match): their unread rest would be lost. Each is looked
   * for by inode beside its checkpoint's path; found with the same first bytes, it is read from the checkpoint
   * to its end and ends like any file renamed away.
   */
  private async recoverRenamed(keys: string[]): Promise<void> {
    const wanted = new Map<string, string>(); // dev:ino → the checkpoint's path
    for (const key of keys) {
      const c = this.checkpoints!.get(key);
      const id = parseIdentityKey(key);
      if (c && id && this.discovery.accepts(c.path)) wanted.set(id.inode, c.path); // not one the options now exclude
    }
    for (const dir of new Set([...wanted.values()].map((p) => dirname(p)))) {
      let names: string[];
      try {
        names = (await readdir(dir)).sort();
      } catch {
        continue; // the pod's directory is gone with its files
      }
      for (const name of names) {
        const path = join(dir, name);
        try {
          const st = await stat(path, { bigint: true });
          const was = wanted.get(`${st.dev}:${st.ino}`);
          if (st.isFile() && was !== undefined && was !== path) await this.openFile({ route: path, path, dev: st.dev, ino: st.ino }, was);
        } catch {
          // gone meanwhile
        }
      }
    }
  }

  /** Opens a discovered file; `renamedFrom`: a file recovered by recoverRenamed, followed only from its checkpoint. */
  private async openFile(found: DiscoveredFile, renamedFrom?: string): Promise<void> {
    let handle;
    try {
      handle = await open(found.path, 'r');
    } catch (err) {
      this.emit('warning', err, found.path); // gone or unreadable since the scan
      return;
    }
    try {
      const st = await handle.stat({ bigint: true });
      const head = await readHead(handle);
      const identity = makeIdentity(st.dev, st.ino, head);
      if (this.ended.has(identity.key) || this.following.has(identity.inode) || !this.started) {
        await handle.close(); // already read to its end (a rotated name the globs also match), or stopped meanwhile
        return;
      }
      const match = this.checkpoints?.match(identity, head);
      if (renamedFrom !== undefined && !match) {
        await handle.close(); // the inode was reused by a file of no concern to us
        return;
      }
      const { startAt, resume } = this.resumePoint(identity, match, Number(st.size));
      // a recovered file keeps the name it was followed under (the engine reads pod metadata from it)
      const file = new TailedFile(identity.key, renamedFrom ?? found.path, found.route, startAt, resume);
      const follower = new Follower(found.path, handle, identity, startAt, this.followerOptions(), this.sinkFor(identity.inode, file));
      if (renamedFrom !== undefined) follower.rotatedAt = this.options.now();
      this.following.set(identity.inode, { follower, file });
      this.emit('open', file);
      if (this.paused) follower.pause();
      follower.start();
    } catch (err) {
      await handle.close().catch(() => {});
      this.emit('warning', err, found.path);
    }
  }

  /** Where a newly opened file starts: its checkpoint (moved to its current key), or 0. */
  private resumePoint(identity: FileIdentity, match: [string, Checkpoint] | undefined, size: number): { startAt: number; resume?: TailedFile['resume'] } {
    if (!match) return { startAt: 0 };
    const [key, c] = match;
    this.checkpoints!.rekey(key, identity.key);
    this.checkpoints!.markPresent(identity.key);
    // a checkpoint past the end: the file was cut while we were down; its bytes are gone, start again at 0
    if (c.at > size) {
      this.checkpoints!.delete(identity.key);
      return { startAt: 0 };
    }
    return { startAt: c.at, resume: { at: c.at, done: { ...c.done } } };
  }

  private followerOptions() {
    const { chunkBytes, rotateWaitMs, watch, now } = this.options;
    return { chunkBytes, rotateWaitMs, watch, now, slots: this.slots };
  }

  /** How one follower's reports become events; `entry.file` is replaced when the file is copytruncated. */
  private sinkFor(inode: string, first: TailedFile) {
    let file = first;
    const entry = () => this.following.get(inode);
    return {
      data: (bytes: Uint8Array, offset: number) => {
        file.position = offset + bytes.length;
        file.bytesRead += bytes.length;
        this.emit('data', file, bytes, offset);
      },
      truncated: (identity: FileIdentity) => {
        const old = file;
        // the bytes that checkpoint counts are gone from the file: resuming from it would skip new ones (the
        // new content may even have the same key, when its first KiB is the same)
        this.checkpoints?.delete(old.key);
        this.emit('truncated', old);
        file = new TailedFile(identity.key, old.path, old.route, 0);
        const e = entry();
        if (e) e.file = file;
        this.emit('open', file);
      },
      identified: (identity: FileIdentity) => {
        const previousKey = file.key;
        file.key = identity.key;
        this.checkpoints?.rekey(previousKey, identity.key);
        this.emit('identified', file, previousKey);
      },
      end: (reason: 'rotated' | 'deleted') => {
        this.following.delete(inode);
        this.ended.set(file.key, this.options.now());
        this.checkpoints?.markGone(file.key, this.options.now());
        this.emit('end', file, reason);
      },
      warning: (err: unknown) => this.emit('warning', err, file.path),
    };
  }
}
