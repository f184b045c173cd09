// The worker's state: one engine, one RecordStore holding every record read, and the last selection. Each
// request is answered from the store (records decoded only for the rows on screen); replies are plain data
// for protocol.ts. worker.ts feeds it messages; this file has no knowledge of postMessage.

import type { Engine, Source } from '../core/engine.ts';
import { FilterSyntaxError } from '../core/filters.ts';
import type { RecordObject } from '../core/record.ts';
import { type RecordStore, STORE_LEVELS, STORE_STREAMS, type Selection, type StoredRecord } from '../core/store.ts';
import { facetCounts } from './facet-counts.ts';
import {
  type Exported, type FilterRequest, type FromWorker, type InputFile, type Progress, type QueryFailed, type RecordReply,
  ROW_FLAG_ERROR, ROW_FLAG_GROUPED, ROW_FLAG_PARTIAL, ROW_FLAG_TRUNCATED, type Rows, type Selected, type SourceInfo,
  TEXT_CHARS,
} from './protocol.ts';
import { readChunks } from './read-chunks.ts';
import { type TimeDomain, timeDomain } from './time-domain.ts';

interface SelectRequest {
  filter: FilterRequest;
  fromMs?: number;
  toMs?: number;
  buckets: number;
}

/** While loading, the selection on screen is refreshed this often (each refresh scans the store once). */
const REFRESH_MS = 1000;
/** Rows sent with each new selection (a screen and the table's overscan). */
const FIRST_ROWS = 80;
/** Progress messages at most this often. */
const PROGRESS_MS = 50;

export class Session {
  private readonly sources = new Map<number, SourceInfo>();
  private readonly sentSources = new Set<number>();
  private selection = 0;
  /** the request the current selection answers; selections while loading repeat it */
  private lastRequest: SelectRequest = { filter: {}, buckets: 100 };
  private domain: TimeDomain | undefined;
  private domainForLength = -1;
  private queue: InputFile[] = [];
  private loading = false;
  private bytesRead = 0;
  private bytesTotal = 0;
  private lastProgress = 0;
  private lastRefresh = 0;
  private file: string | undefined;
  /** files read, by `size:lastModified` (a folder's symlinked duplicates are read once) */
  private readonly seen = new Map<string, Blob[]>();

  constructor(
    readonly engine: Engine,
    readonly store: RecordStore,
    private readonly post: (m: FromWorker) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Queues files; they are read one after the other (each one source), in the order given. A `.json` file is
   * the pods' labels (`kubectl get pods -A -o json`, as the CLI's --pods) and is taken first.
   */
  load(files: InputFile[]): Promise<void> {
    this.queue.push(...files.filter((f) => isPodsFile(f.name)), ...files.filter((f) => !isPodsFile(f.name)));
    this.bytesTotal += files.reduce((n, f) => n + f.size, 0);
    if (this.loading) return Promise.resolve();
    this.loading = true;
    return this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const file = this.queue.shift()!;
        try {
          await this.readOne(file);
        } catch (err) {
          this.post({ type: 'failed', message: `${file.name}: ${(err as Error).message}` });
        }
      }
    } finally {
      this.loading = false;
      this.file = undefined;
      // the final selection first: a page waiting for 'ready' then finds the table already complete
      this.refresh();
      this.progress(true);
    }
  }

  private async readOne(file: InputFile): Promise<void> {
    this.file = file.name;
    if (isPodsFile(file.name)) return this.readPods(file);
    if ('blob' in file && (await this.isDuplicate(file.blob))) {
      this.bytesRead += file.size;
      return;
    }
    const source = this.engine.source(file.name);
    this.noteSource(source);
    let read = 0;
    try {
      // the bytes read count towards the progress bar (for .gz: compressed bytes, as the total is)
      for await (const chunk of readChunks(file, (n) => {
        read += n;
        this.bytesRead += n;
      })) {
        this.store.push(source, chunk);
        this.progress(false);
        this.refreshWhileLoading();
      }
    } finally {
      // as the CLI: what the bytes read complete is kept even when reading failed part way
      this.store.finish(source);
      this.bytesRead += Math.max(0, file.size - read);
    }
  }

  /** Pods' labels and annotations for the `kubernetes` map and `-l` selectors (stored records get them too). */
  private async readPods(file: InputFile): Promise<void> {
    let text: string;
    try {
      text = 'blob' in file ? await file.blob.text() : await fetchText(file.url);
    } finally {
      this.bytesRead += file.size;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new Error(`not JSON (${(err as Error).message})`);
    }
    this.engine.setPods(doc);
  }

  /**
   * Whether a Blob is a file already read under another name: a dropped folder lists a file once per route
   * (/var/log/containers links into /var/log/pods), and a browser cannot see inodes as the CLI does. Same
   * size, same modification time and the same first 64 KiB count as the same file; the first name wins.
   * Only Blob references are kept; heads are read when two files share size and time.
   */
  private async isDuplicate(blob: Blob): Promise<boolean> {
    const modified = (blob as File).lastModified;
    if (blob.size === 0 || modified === undefined) return false;
    const key = `${blob.size}:${modified}`;
    const earlier = this.seen.get(key);
    if (!earlier) {
      this.seen.set(key, [blob]);
      return false;
    }
    const head = await headOf(blob);
    for (const other of earlier) if (sameBytes(head, await headOf(other))) return true;
    earlier.push(blob);
    return false;
  }

  /** Keeps a source's path and kubernetes metadata (known from its path when it opens) for rows and facets. */
  private noteSource(source: Source): void {
    let meta: Record<string, unknown> = {};
    try {
      meta = JSON.parse(this.engine.kubernetesJson(source.id) ?? '{}');
    } catch {
      // no metadata: the facets show the empty value
    }
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    this.sources.set(source.id, {
      id: source.id, path: source.path ?? '', namespace: str(meta.namespace_name), pod: str(meta.pod_name),
      container: str(meta.container_name),
    });
  }

  private progress(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastProgress < PROGRESS_MS) return;
    this.lastProgress = t;
    const m: Progress = {
      type: 'progress', phase: this.loading ? 'loading' : 'ready', bytesRead: this.bytesRead, bytesTotal: this.bytesTotal,
      records: this.store.length, file: this.file, counters: this.engine.counters(), wasmBytes: this.engine.memoryBytes(),
    };
    this.post(m);
  }

  /** The first records read are shown at once; after that the screen follows the load every REFRESH_MS. */
  private refreshWhileLoading(): void {
    const t = this.now();
    if (this.selection > 0 && t - this.lastRefresh < REFRESH_MS) return;
    if (this.store.length === 0) return;
    this.refresh();
  }

  /** Repeats the last good select over the grown store (its filter compiled before, so it compiles again). */
  private refresh(): void {
    this.lastRefresh = this.now();
    try {
      const r = this.select(0, this.lastRequest);
      if (r.type === 'selected') {
        this.post(r);
        this.post(this.firstRows(r));
      }
    } catch (err) {
      this.post({ type: 'failed', message: (err as Error).message });
    }
  }

  select(id: number, req: SelectRequest): Selected | QueryFailed {
    const started = this.now();
    const store = this.store;
    // the axis is measured again when the store grew; measuring selects, so a failed filter below must put
    // the store's last selection back (the page still shows it, and asks for its rows)
    const remeasured = this.domainForLength !== store.length || !this.domain;
    if (remeasured) {
      this.domain = timeDomain(store, (o) => store.select(o));
      this.domainForLength = store.length;
    }
    let sel: Selection;
    try {
      sel = this.storeSelect(req);
    } catch (err) {
      if (!(err instanceof FilterSyntaxError)) throw err;
      if (remeasured && this.selection > 0) this.storeSelect(this.lastRequest);
      return { type: 'queryError', id, kind: err.kind === 'selector' ? 'selector' : 'query', reason: err.reason, position: err.position };
    }
    const domain = this.domain!;
    const bucketing = this.bucketing(req);
    this.lastRequest = req;
    this.selection++;
    return {
      type: 'selected', id, selection: this.selection, count: sel.count, total: store.length,
      histogram: sel.histogram.slice(), buckets: bucketing.buckets, bucketFromMs: bucketing.from, bucketToMs: bucketing.to,
      domainFromMs: domain.fromMs, domainToMs: domain.toMs, untimed: domain.untimed,
      facets: facetCounts(sel.bySource, this.sources),
      dropped: { selector: sel.droppedBySelector, query: sel.droppedByQuery, grep: sel.droppedByGrep, time: sel.droppedByTime },
      counters: this.engine.counters(), ms: this.now() - started,
    };
  }

  /** The histogram's range: the zoomed time range, or the store's whole axis. */
  private bucketing(req: SelectRequest): { from: number; to: number; buckets: number } {
    const domain = this.domain!;
    const from = req.fromMs ?? domain.fromMs;
    const to = Math.max(req.toMs ?? domain.toMs, from + 1);
    return { from, to, buckets: Math.max(1, Math.min(2000, Math.floor(req.buckets))) };
  }

  private storeSelect(req: SelectRequest): Selection {
    const b = this.bucketing(req);
    return this.store.select({
      ...req.filter, fromMs: req.fromMs, toMs: req.toMs, buckets: b.buckets, bucketFromMs: b.from, bucketToMs: b.to,
    });
  }

  /**
   * The first screen of a new selection, sent with it unasked (id 0): the page draws it without a round trip
   * that would wait behind the chunk being parsed.
   */
  firstRows(sel: Selected): Rows {
    return this.rows(0, sel.selection, 0, FIRST_ROWS);
  }

  /** Rows [from, to) of the current selection as columns (a stale selection's request gets no rows). */
  rows(id: number, selection: number, from: number, to: number): Rows {
    const indices = selection === this.selection ? this.store.selectedIndices(from, to).slice() : new Uint32Array(0);
    const n = indices.length;
    const reply: Rows = {
      type: 'rows', id, selection, from, index: indices, timeMs: new Float64Array(n), level: new Uint8Array(n),
      stream: new Uint8Array(n), flags: new Uint8Array(n), logLines: new Uint32Array(n), sourceId: new Uint32Array(n),
      text: new Array<string>(n), sources: [],
    };
    for (let k = 0; k < n; k++) {
      const r = this.store.record(indices[k]);
      reply.timeMs[k] = r.timeMs;
      reply.level[k] = Math.max(0, STORE_LEVELS.indexOf(r.level ?? 'none'));
      reply.stream[k] = Math.max(0, STORE_STREAMS.indexOf(r.stream));
      reply.flags[k] = (r.error ? ROW_FLAG_ERROR : 0) | (r.partial ? ROW_FLAG_PARTIAL : 0)
        | (r.truncated ? ROW_FLAG_TRUNCATED : 0) | (r.multiline ? ROW_FLAG_GROUPED : 0);
      reply.logLines[k] = r.logLines ?? 1;
      reply.sourceId[k] = r.sourceId;
      reply.text[k] = firstLine(r.log);
      if (!this.sentSources.has(r.sourceId)) {
        this.sentSources.add(r.sourceId);
        const info = this.sources.get(r.sourceId);
        if (info) reply.sources.push(info);
      }
    }
    return reply;
  }

  record(id: number, index: number): RecordReply {
    return { type: 'record', id, index, record: plainRecord(this.store.record(index)) };
  }

  /** The current selection as NDJSON, as the CLI writes it (each part copied into the Blob at once). */
  exportNdjson(id: number): Exported {
    const parts: Blob[] = [];
    let bytes = 0;
    this.store.ndjson((part) => {
      bytes += part.length;
      parts.push(new Blob([part as Uint8Array<ArrayBuffer>]));
    });
    return { type: 'exported', id, blob: new Blob(parts, { type: 'application/x-ndjson' }), bytes };
  }
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return res.text();
}

const HEAD_BYTES = 64 << 10;

async function headOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A `.json` file given to the viewer is a pod list (logs are never JSON documents as a whole). */
export function isPodsFile(name: string): boolean {
  return /\.json$/i.test(name);
}

/** A record's first line, cut for the table (the detail shows all of it). */
export function firstLine(log: string): string {
  const nl = log.indexOf('\n');
  const line = nl < 0 ? log : log.slice(0, nl);
  return line.length > TEXT_CHARS ? line.slice(0, TEXT_CHARS) : line;
}

/** The record as the NDJSON schema names it, as plain data (structured-clonable), plus its store index and time. */
function plainRecord(r: StoredRecord): RecordObject & { timeMs: number } {
  const o = (typeof (r as { toJSON?: unknown }).toJSON === 'function' ? (r as unknown as { toJSON(): RecordObject }).toJSON() : r) as RecordObject;
  const keys: Array<keyof RecordObject> = [
    'time', 'stream', 'log', 'attrs', 'truncated', 'partial', 'error', 'multiline', 'logLines', 'level', '__error__', 'file', 'kubernetes',
  ];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  out.timeMs = r.timeMs;
  return out as unknown as RecordObject & { timeMs: number };
}
