// The agent's record path: file bytes → one engine run → every output's batcher → its queue, and the
// acknowledgements back → checkpoints (docs/agent.md "Pipeline", docs/offsets.md).
//
// Each engine call (a chunk of one file, a flush, a close) gets a sequence number. After the call the file's
// offsets (source.offsets(): heldFrom and per stream `done`) are remembered with that number, and every batcher
// gets an ack for it, joined to its open batch. Outputs deliver their batches in order, so when every output has
// acknowledged call k, all calls up to k are delivered everywhere: each file's checkpoint becomes the offsets it
// had after its last call up to k. A restart from there (the engine's `resume`) reads again only what was not
// delivered everywhere, and skips the lines of records that were.
//
// A call can also release other files' held records (the engine's held-bytes budget): then every open file's
// offsets are remembered with that call, not only its own.

import type { Engine } from '../core/engine.ts';
import type { Source } from '../core/source.ts';
import type { SourceOffsets } from '../core/options.ts';
import type { Checkpoints } from './files/checkpoints.ts';
import type { TailedFile } from './files/tailed-file.ts';
import type { Batcher } from './outputs/batcher.ts';
import type { Output } from './outputs/output.ts';
import type { Batch } from './outputs/queue.ts';

const WINDOW = 4 << 20;

export interface PipelineOutput {
  batcher: Batcher;
  output: Output;
}

interface Followed {
  file: TailedFile;
  source: Source;
}

interface Mark {
  seq: number;
  file: TailedFile;
  /** the offsets after the call; undefined once the file was closed in it (its checkpoint is left to the Tailer) */
  offsets: SourceOffsets | undefined;
}

export class Pipeline {
  private seq = 0;
  private readonly acked: number[];
  private ackedAll = 0;
  private readonly followed = new Map<TailedFile, Followed>();
  /** marks in sequence order, waiting for every output's ack */
  private marks: Mark[] = [];
  /** batches an output refused (queue full), per output: offered again on its 'drain' */
  private readonly waiting: Array<Batch | undefined>;
  private budgetReleases = 0;
  private readonly x: Record<string, any>;

  constructor(
    readonly engine: Engine,
    readonly outputs: PipelineOutput[],
    readonly checkpoints?: Checkpoints,
    /** called when backpressure starts (true) and ends (false): pause and resume the readers */
    private readonly onBackpressure: (paused: boolean) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.acked = outputs.map(() => 0);
    this.waiting = outputs.map(() => undefined);
    this.x = engine.exports;
    outputs.forEach(({ output }, i) => output.on('drain', () => this.offerWaiting(i)));
  }

  /** Backpressure: some output refused a batch and the readers must wait. */
  get paused(): boolean {
    return this.waiting.some((b) => b !== undefined);
  }

  /** The highest call every output has acknowledged. */
  get acknowledged(): number {
    return this.ackedAll;
  }

  /** Calls made so far. */
  get calls(): number {
    return this.seq;
  }

  open(file: TailedFile): Source {
    const source = this.engine.source(file.path, file.resume ? { resume: file.resume } : {});
    this.followed.set(file, { file, source });
    return source;
  }

  /** A chunk of the file (in order, from file.startAt): one engine run, its rows into every batcher. */
  data(file: TailedFile, bytes: Uint8Array): void {
    const f = this.followed.get(file);
    if (f === undefined) throw new Error(`logsieve agent: data for a file not opened: ${file.path}`);
    for (let off = 0; off < bytes.length; off += WINDOW) {
      this.engine.begin(f.source.id, bytes.subarray(off, off + WINDOW));
      do this.addRows(this.x.next());
      while (this.x.remaining() > 0);
    }
    this.called(f);
  }

  /** Releases what the engine holds that is due at `nowMs` (quiet files' last traces), then seals due batches. */
  tick(nowMs = this.now()): void {
    for (const f of this.followed.values()) {
      this.engine.generation++;
      const n = this.x.flush(f.source.id, nowMs, true);
      if (n > 0) {
        this.addRows(n);
        this.called(f);
      }
    }
    this.sealDue(nowMs);
  }

  /** The file ended (renamed away or deleted and read to its end, or copytruncated): its last records go out. */
  end(file: TailedFile): void {
    const f = this.followed.get(file);
    if (f === undefined) return;
    this.followed.delete(file);
    const batch = f.source.close();
    this.addRows(batch.length);
    this.mark(file, undefined);
  }

  /** Seals every batch that is full or old enough and offers it to its output. */
  sealDue(nowMs = this.now()): void {
    this.outputs.forEach(({ batcher }, i) => {
      if (this.waiting[i] === undefined && batcher.due(nowMs)) this.offer(i);
    });
  }

  /** Seals every open batch now (shutdown). */
  sealAll(): void {
    this.outputs.forEach((_, i) => {
      if (this.waiting[i] === undefined) this.offer(i);
    });
  }

  /** After a call of file f: its offsets (every open file's after a budget release), acks, full batches out. */
  private called(f: Followed): void {
    const releases = this.engine.counters().budgetReleases;
    if (releases !== this.budgetReleases) {
      this.budgetReleases = releases;
      for (const g of this.followed.values()) if (g !== f) this.mark(g.file, g.source.offsets(), false);
    }
    this.mark(f.file, f.source.offsets());
    this.outputs.forEach(({ batcher }, i) => {
      if (this.waiting[i] === undefined && batcher.full) this.offer(i);
    });
  }

  private addRows(n: number): void {
    if (n <= 0) return;
    const now = this.now();
    for (const { batcher } of this.outputs) batcher.addRows(n, now);
  }

  /** Remembers offsets with a new call number (or the current one: `next` false) and joins its ack to every batch. */
  private mark(file: TailedFile, offsets: SourceOffsets | undefined, next = true): void {
    if (next) {
      const seq = ++this.seq;
      const now = this.now();
      this.outputs.forEach(({ batcher }, i) => batcher.ack(() => this.ack(i, seq), now));
    }
    this.marks.push({ seq: this.seq, file, offsets });
  }

  private ack(i: number, seq: number): void {
    if (seq <= this.acked[i]) return;
    this.acked[i] = seq;
    const all = Math.min(...this.acked);
    if (all <= this.ackedAll) return;
    this.ackedAll = all;
    let k = 0;
    while (k < this.marks.length && this.marks[k].seq <= all) {
      const m = this.marks[k++];
      if (m.offsets !== undefined && this.checkpoints) {
        this.checkpoints.set(m.file.key, { path: m.file.path, at: m.offsets.heldFrom, done: m.offsets.done });
      }
    }
    this.marks = this.marks.slice(k);
  }

  private offer(i: number): void {
    const batch = this.outputs[i].batcher.take();
    if (batch === undefined) return;
    if (!this.outputs[i].output.offer(batch)) {
      const was = this.paused;
      this.waiting[i] = batch;
      if (!was) this.onBackpressure(true);
    }
  }

  private offerWaiting(i: number): void {
    const batch = this.waiting[i];
    if (batch === undefined || !this.outputs[i].output.offer(batch)) return;
    this.waiting[i] = undefined;
    if (!this.paused) this.onBackpressure(false);
  }
}
