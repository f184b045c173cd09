// Checkpoints: per file identity, where to resume after a restart. `at` and `done` are the input offsets of
// docs/offsets.md read after the last call whose records the outputs acknowledged (`at` = heldFrom: reading
// again from there loses nothing the engine still held; `done`: the lines before it that were already handed
// on, so the engine skips them and nothing acknowledged comes twice).
//
// The file is replaced atomically: written to a temp file in the same directory, fsynced, renamed over the
// old one, then the directory fsynced (so the rename itself survives a power cut). A crash at any moment
// leaves either the old file or the new one, never a mix; a temp file left behind by a crash is ignored and
// removed at the next load.
//
// Format (JSON): { "version": 1, "files": { "<identity key>": { "path", "at", "done": { "stdout", "stderr",
// "errors" }, "goneSince"? } } }. `goneSince` (ms since the epoch) marks a file no longer followed; entries
// gone longer than the retention are dropped, so the file does not grow with every pod that ever ran.
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type FileIdentity, parseIdentityKey, sameFile } from './identity.ts';

export interface StreamOffsets {
  stdout: number;
  stderr: number;
  errors: number;
}

export interface Checkpoint {
  /** The file's path when the checkpoint was taken (for people reading the file; identity is the key). */
  path: string;
  /** Where reading resumes: the source's `heldFrom`. */
  at: number;
  /** Per stream, the offset up to which lines were already handed on (docs/offsets.md `done`). */
  done: StreamOffsets;
  /** When the file stopped being followed (ms since the epoch), if it has. */
  goneSince?: number;
}

export const CHECKPOINT_FILE = 'checkpoints.json';
const TEMP_PREFIX = `${CHECKPOINT_FILE}.tmp-`;
const FORMAT_VERSION = 1;
/** Default retention of entries of files gone: a day (a node restarted within it resumes every file). */
export const DEFAULT_RETENTION_MS = 24 * 3600 * 1000;

export class CheckpointFormatError extends Error {}

/** The checkpoint file's text for these entries. */
export function encodeCheckpoints(entries: ReadonlyMap<string, Checkpoint>): string {
  const files: Record<string, Checkpoint> = {};
  for (const [key, c] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const { stdout, stderr, errors } = c.done;
    files[key] = { path: c.path, at: c.at, done: { stdout, stderr, errors }, ...(c.goneSince !== undefined ? { goneSince: c.goneSince } : {}) };
  }
  return JSON.stringify({ version: FORMAT_VERSION, files }, null, 1) + '\n';
}

const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The entries in a checkpoint file's text; a CheckpointFormatError names what is wrong. */
export function decodeCheckpoints(text: string): Map<string, Checkpoint> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CheckpointFormatError(`not JSON: ${(err as Error).message}`);
  }
  const d = doc as { version?: unknown; files?: unknown };
  if (typeof doc !== 'object' || doc === null || d.version !== FORMAT_VERSION) throw new CheckpointFormatError(`not a version ${FORMAT_VERSION} checkpoint file`);
  if (typeof d.files !== 'object' || d.files === null || Array.isArray(d.files)) throw new CheckpointFormatError('"files" is not an object');
  const entries = new Map<string, Checkpoint>();
  for (const [key, value] of Object.entries(d.files)) {
    const v = value as Partial<Checkpoint> | null;
    const done = v?.done as Partial<StreamOffsets> | undefined;
    if (!parseIdentityKey(key)) throw new CheckpointFormatError(`bad identity key ${JSON.stringify(key)}`);
    if (!v || typeof v.path !== 'string' || !isOffset(v.at) || !done || !isOffset(done.stdout) || !isOffset(done.stderr) || !isOffset(done.errors) || (v.goneSince !== undefined && !isOffset(v.goneSince))) {
      throw new CheckpointFormatError(`bad entry for ${key}`);
    }
    entries.set(key, { path: v.path, at: v.at, done: { stdout: done.stdout, stderr: done.stderr, errors: done.errors }, ...(v.goneSince !== undefined ? { goneSince: v.goneSince } : {}) });
  }
  return entries;
}

export interface CheckpointsOptions {
  /** How long entries of files no longer followed are kept (default DEFAULT_RETENTION_MS). */
  retentionMs?: number;
}

export class Checkpoints {
  readonly file: string;
  readonly retentionMs: number;
  private readonly entries: Map<string, Checkpoint>;
  private saving: Promise<void> = Promise.resolve();
  private tempCount = 0;

  private constructor(readonly dir: string, entries: Map<string, Checkpoint>, options: CheckpointsOptions) {
    this.file = join(dir, CHECKPOINT_FILE);
    this.entries = entries;
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  }

  /** Loads `dir/checkpoints.json` (none yet: empty) and removes temp files a crash left behind. */
  static async load(dir: string, options: CheckpointsOptions = {}): Promise<Checkpoints> {
    for (const name of await readdir(dir)) {
      if (name.startsWith(TEMP_PREFIX)) await rm(join(dir, name), { force: true });
    }
    let text: string | undefined;
    try {
      text = await readFile(join(dir, CHECKPOINT_FILE), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    let entries = new Map<string, Checkpoint>();
    if (text !== undefined) {
      try {
        entries = decodeCheckpoints(text);
      } catch (err) {
        if (err instanceof CheckpointFormatError) err.message = `${join(dir, CHECKPOINT_FILE)}: ${err.message}`;
        throw err;
      }
    }
    return new Checkpoints(dir, entries, options);
  }

  get size(): number {
    return this.entries.size;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }

  get(key: string): Checkpoint | undefined {
    return this.entries.get(key);
  }

  /** Records acknowledged offsets for a file (keeps its `goneSince`: acks may arrive after its end). */
  set(key: string, checkpoint: Omit<Checkpoint, 'goneSince'>): void {
    const goneSince = this.entries.get(key)?.goneSince;
    const { path, at, done } = checkpoint;
    this.entries.set(key, { path, at, done: { ...done }, ...(goneSince !== undefined ? { goneSince } : {}) });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /**
   * The entry for the file whose current identity is `current` and whose first bytes are `head`: the entry
   * with its exact key, or one taken when the file was shorter (same inode, same first bytes; identity.ts).
   */
  match(current: FileIdentity, head: Uint8Array): [string, Checkpoint] | undefined {
    const exact = this.entries.get(current.key);
    if (exact) return [current.key, exact];
    for (const [key, c] of this.entries) {
      const known = parseIdentityKey(key);
      if (known && sameFile(known, current, head)) return [key, c];
    }
    return undefined;
  }

  /** Moves an entry to the file's new key (identified again once it grew past the fingerprint length). */
  rekey(from: string, to: string): void {
    const c = this.entries.get(from);
    if (!c || from === to) return;
    this.entries.delete(from);
    this.entries.set(to, c);
  }

  markGone(key: string, nowMs: number): void {
    const c = this.entries.get(key);
    if (c && c.goneSince === undefined) c.goneSince = nowMs;
  }

  markPresent(key: string): void {
    const c = this.entries.get(key);
    if (c) delete c.goneSince;
  }

  /** Drops entries gone for longer than the retention; returns their keys. */
  prune(nowMs: number): string[] {
    const dropped: string[] = [];
    for (const [key, c] of this.entries) {
      if (c.goneSince !== undefined && nowMs - c.goneSince > this.retentionMs) {
        this.entries.delete(key);
        dropped.push(key);
      }
    }
    return dropped;
  }

  /** Writes the entries atomically (see the top of this file). Saves run one at a time, in call order. */
  save(): Promise<void> {
    const text = encodeCheckpoints(this.entries); // the entries as they are now, whatever happens meanwhile
    const run = this.saving.then(() => this.write(text));
    this.saving = run.catch(() => {}); // one failed save does not fail the later ones
    return run;
  }

  private async write(text: string): Promise<void> {
    const temp = join(this.dir, `${TEMP_PREFIX}${process.pid}-${this.tempCount++}`);
    try {
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    await syncDirectory(this.dir);
  }
}

/** fsync of a directory: makes a rename in it durable. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
