// The agent's record path: file bytes → one engine run → every output's batcher → its queue, and the
// acknowledgements back → checkpoints (docs/agent.md "Pipeline", docs/offsets.md).
//
// Each engine call (a step of a chunk of one file, a flush, a close) gets a sequence number. After the call the
// file's offsets (source.offsets(): heldFrom and per stream `done`) are remembered with that number, and every
// batcher gets an ack for it, joined to its open batch. Steps are sized so one step's records fill at most a
// quarter of the smallest batch (sizeSteps), and a batch is sealed between steps, never inside one. Outputs deliver their batches in order, so when every output has
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
/** An engine step's records should take at most this share of the smallest batch (Batcher seals between steps). */
const STEP_SHARE = 1 / 4;
/** Body bytes a record is assumed to take before any was seen. */
const FIRST_GUESS_BYTES = 512;

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
  /** the offsets after the call; undefined once the file was closed in it (its checkpoint is left to the Tailer)
   *  or truncated */
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
  private stepRows = 0;
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
    this.sizeSteps();
    const linesBefore = this.engine.counter('linesIn');
    for (let off = 0; off < bytes.length; off += WINDOW) {
      this.engine.begin(f.source.id, bytes.subarray(off, off + WINDOW));
      do {
        this.addRows(this.x.next());
        this.called(f); // a mark per step: a batch sealed between two steps is acknowledged with the first's offsets
      } while (this.x.remaining() > 0);
    }
    file.linesRead += this.engine.counter('linesIn') - linesBefore;
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

  /**
   * The file ended (renamed away or deleted and read to its end, or copytruncated): its last records go out.
   * `truncated`: its content is gone and its checkpoint deleted (by the Tailer), so the acks still to come for
   * it move no checkpoint — one set now would bring back an offset into content that is not there any more.
   */
  end(file: TailedFile, truncated = false): void {
    const f = this.followed.get(file);
    if (f === undefined) return;
    this.followed.delete(file);
    if (truncated) for (const m of this.marks) if (m.file === file) m.offsets = undefined;
    const batch = f.source.close();
    this.addRows(batch.length);
    this.mark(file, undefined);
  }

  /** Seals every batch that is full or old enough and offers it to its output. */
  sealDue(nowMs = this.now()): void {
    this.outputs.forEach(({ batcher }, i) => this.offer(i, batcher.due(nowMs)));
  }

  /** Seals every open batch now (shutdown). */
  sealAll(): void {
    this.outputs.forEach((_, i) => this.offer(i, true));
  }

  /**
   * Sizes the engine's steps so one step's records take about a quarter of the smallest batch (from what the
   * records took so far): the Batcher seals a batch before a step that would take it past maxBytes, so bodies
   * keep within it even when one read brings thousands of records.
   */
  private sizeSteps(): void {
    let rows = 8192;
    for (const { batcher } of this.outputs) {
      const perRecord = batcher.addedRecords > 0 ? batcher.addedBytes / batcher.addedRecords : FIRST_GUESS_BYTES;
      rows = Math.min(rows, Math.floor((batcher.maxBytes * STEP_SHARE) / Math.max(perRecord, 1)));
    }
    rows = Math.max(rows, 1);
    if (rows !== this.stepRows) this.stepRows = this.engine.setStepRows(rows);
  }

  /** After a call (or step) of file f: its offsets (every open file's after a budget release), acks, full batches
   *  out. */
  private called(f: Followed): void {
    const releases = this.engine.counter('budgetReleases');
    if (releases !== this.budgetReleases) {
      this.budgetReleases = releases;
      for (const g of this.followed.values()) if (g !== f) this.mark(g.file, g.source.offsets(), false);
    }
    this.mark(f.file, f.source.offsets());
    this.outputs.forEach((_, i) => this.offer(i, false));
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

  /**
   * Offers output i's ready batches in order — those sealed by size, the open one if full, or if `open` (due,
   * shutdown) — until one is refused: that one waits for the output's 'drain' (backpressure), and so do the rest.
   */
  private offer(i: number, open: boolean): void {
    const { batcher, output } = this.outputs[i];
    while (this.waiting[i] === undefined && (open || batcher.full)) {
      const batch = batcher.take();
      if (batch === undefined) return;
      if (!output.offer(batch)) {
        const was = this.paused;
        this.waiting[i] = batch;
        if (!was) this.onBackpressure(true);
      }
    }
  }

  private offerWaiting(i: number): void {
    const batch = this.waiting[i];
    if (batch === undefined || !this.outputs[i].output.offer(batch)) return;
    this.waiting[i] = undefined;
    this.offer(i, false); // batches sealed by size meanwhile
    if (!this.paused) this.onBackpressure(false);
  }
}
