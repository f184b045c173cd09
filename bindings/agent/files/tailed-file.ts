// What the Tailer tells its consumer about one followed file. One TailedFile per identity: a file that is
// copytruncated starts a new TailedFile (its bytes start again at 0, a new source), a file renamed away keeps
// its TailedFile until it ends.
import type { StreamOffsets } from './checkpoints.ts';

export class TailedFile {
  /** The identity key (identity.ts); changes once when a file opened shorter than 1 KiB grows past it ('identified'). */
  key: string;
  /** The bytes from a checkpoint's `at` up to here were read: the next read starts here. */
  position: number;
  /** Bytes given out in 'data' events (for metrics). */
  bytesRead = 0;
  /** Lines the engine completed from those bytes (the consumer counts them: the agent's pipeline). */
  linesRead = 0;

  constructor(
    key: string,
    /** The real file (symlinks resolved): the name it had when it was opened, kept after it is renamed away. */
    readonly path: string,
    /** The path a glob matched (a /var/log/containers symlink, or `path` itself). */
    readonly route: string,
    /** Where reading began: a checkpoint's `at`, or 0. */
    readonly startAt: number,
    /** The checkpoint reading resumed from, for the engine's `resume: { at, done }` (docs/offsets.md). */
    readonly resume?: { at: number; done: StreamOffsets },
  ) {
    this.key = key;
    this.position = startAt;
  }
}
