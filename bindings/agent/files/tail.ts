// The Tailer: the files part of the agent as one object. It discovers files (discover.ts) every rescan
// interval, opens each new one once (identity.ts), resumes it from its checkpoint when one matches
// (checkpoints.ts), and follows it (follower.ts) until it is renamed away or deleted and fully read.
//
// Events, in order per file: 'open' (file: TailedFile) first; then 'data' (file, bytes, offset) with offset the
// position of bytes[0] in the file, contiguous from file.startAt; 'identified' (file, previousKey) when a file
// opened shorter than 1 KiB grows past it (file.key changes; a checkpoint under the old key is moved); then
// either 'end' (file, reason) — renamed away or deleted and read to its end: the consumer finishes its source — or
// 'truncated' (file) — copytruncated: the consumer closes its source; the same path comes back at once as a new
// 'open' with startAt 0. 'warning' (err, path) reports a problem with one file; the others go on.
import { EventEmitter } from 'node:events';
import { open } from 'node:fs/promises';
import { type Checkpoints } from './checkpoints.ts';
import { Discovery, type DiscoveredFile, type DiscoveryOptions } from './discover.ts';
import { Follower, MAX_CHUNK_BYTES } from './follower.ts';
import { type FileIdentity, makeIdentity, readHead } from './identity.ts';
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
  /** Where to resume files from; entries are moved on 'identified' and marked gone on 'end'/'truncated'. */
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
  private readonly options: Required<Omit<TailerOptions, keyof DiscoveryOptions | 'checkpoints'>>;
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
    // checkpoint entries no file matched at start belong to files gone while we were down: retention starts now
    if (this.checkpoints) {
      const present = new Set([...this.following.values()].map(({ file }) => file.key));
      for (const key of this.checkpoints.keys()) if (!present.has(key)) this.checkpoints.markGone(key, this.options.now());
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

  /** Backpressure: no 'data' after this until resume() (reads in flight are held, not given out). */
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

  private async openFile(found: DiscoveredFile): Promise<void> {
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
      const { startAt, resume } = this.resumePoint(identity, head, Number(st.size));
      const file = new TailedFile(identity.key, found.path, found.route, startAt, resume);
      const follower = new Follower(found.path, handle, identity, startAt, this.followerOptions(), this.sinkFor(identity.inode, file));
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
  private resumePoint(identity: FileIdentity, head: Uint8Array, size: number): { startAt: number; resume?: TailedFile['resume'] } {
    const match = this.checkpoints?.match(identity, head);
    if (!match) return { startAt: 0 };
    const [key, c] = match;
    this.checkpoints!.rekey(key, identity.key);
    this.checkpoints!.markPresent(identity.key);
    // a checkpoint past the end: the file was cut while we were down; its bytes are gone, start again at 0
    if (c.at > size) return { startAt: 0 };
    return { startAt: c.at, resume: { at: c.at, done: { ...c.done } } };
  }

  private followerOptions() {
    const { chunkBytes, rotateWaitMs, watch, now } = this.options;
    return { chunkBytes, rotateWaitMs, watch, now };
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
        this.checkpoints?.markGone(old.key, this.options.now());
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
