// The view's state and its one flow: the query text and the zoomed time range → a select in the worker →
// the table, histogram, facets and counters. Also what tests and the bench read (window.logsieveViewer).

import type { Counters } from '../core/abi.ts';
import type { WorkerClient } from './client.ts';
import { renderCounters } from './counters.ts';
import type { Detail } from './detail.ts';
import { addFacetFilter, labelValue } from './facet-query.ts';
import type { Facets } from './facets.ts';
import type { Histogram } from './histogram.ts';
import type { FacetField, InputFile, Progress, Selected } from './protocol.ts';
import type { QueryBox } from './query.ts';
import { type ClassifiedQuery, classifyQuery } from './query-text.ts';
import type { VirtualTable } from './table.ts';

export interface ViewerParts {
  client: WorkerClient;
  query: QueryBox;
  table: VirtualTable;
  histogram: Histogram;
  facets: Facets;
  detail: Detail;
  counters: HTMLElement;
  progress: HTMLProgressElement;
  status: HTMLElement;
  exportButton: HTMLButtonElement;
}

/** What window.logsieveViewer.state() reports (docs/viewer.md "Test hook"). */
export interface ViewerState {
  phase: 'empty' | 'loading' | 'ready';
  bytesRead: number;
  bytesTotal: number;
  records: number;
  matched: number;
  queryError?: string;
  firstRowsMs?: number;
  parsedMs?: number;
  lastQueryMs?: number;
  wasmBytes: number;
  jsHeapBytes?: number;
}

const MB = 1 << 20;

export class Viewer {
  private phase: ViewerState['phase'] = 'empty';
  private bytesRead = 0;
  private bytesTotal = 0;
  private records = 0;
  private matched = 0;
  private wasmBytes = 0;
  private queryError: string | undefined;
  private loadStartedAt = 0;
  private firstRowsMs: number | undefined;
  private parsedMs: number | undefined;
  private lastQueryMs: number | undefined;
  private lastCounters: Counters | undefined;
  private current: ClassifiedQuery = classifyQuery('');
  private zoom: [number, number] | undefined;
  private pendingQueries = 0;
  private idleWaiters: Array<() => void> = [];
  private files = 0;
  private untimed = 0;
  private failures: string[] = [];

  constructor(private readonly p: ViewerParts) {
    p.client.onProgress = (m) => this.onProgress(m);
    p.client.onSelected = (s) => this.show(s, true);
    p.client.onRows = (r) => p.table.offer(r);
    p.client.onFailure = (message) => {
      // kept in the status line until the next load (a file that could not be read, a bad pods file)
      this.failures.push(message);
      this.updateStatus();
      this.checkIdle();
    };
    p.table.onRowsDrawn = () => {
      if (this.firstRowsMs === undefined && this.loadStartedAt > 0) this.firstRowsMs = performance.now() - this.loadStartedAt;
    };
    p.table.onSelect = (index) => {
      if (index !== undefined && p.detail.open) this.openDetail(index);
    };
    p.table.onActivate = () => this.toggleDetail();
    p.histogram.onZoom = (from, to) => {
      this.zoom = [from, to];
      this.select();
    };
    p.histogram.onReset = () => {
      if (!this.zoom) return;
      this.zoom = undefined;
      this.select();
    };
    p.facets.onPick = (field, value) => this.pickFacet(field, value);
    p.exportButton.addEventListener('click', () => this.exportNdjson());
  }

  load(files: InputFile[]): void {
    if (files.length === 0) return;
    if (this.phase !== 'loading') {
      this.failures = [];
      this.loadStartedAt = performance.now();
      this.firstRowsMs = undefined;
      this.parsedMs = undefined;
    }
    this.phase = 'loading';
    this.files += files.length;
    this.bytesTotal += files.reduce((n, f) => n + f.size, 0);
    this.p.client.load(files);
  }

  /** The query box's text changed (after its debounce). */
  runQuery(q: ClassifiedQuery): void {
    this.current = q;
    this.select();
  }

  private select(): void {
    const q = this.current;
    const started = performance.now();
    this.pendingQueries++;
    this.p.client.select(q.filter, this.p.histogram.buckets, this.zoom?.[0], this.zoom?.[1]).then((r) => {
      if (q !== this.current) return; // the user has typed on: a newer select follows
      this.lastQueryMs = performance.now() - started;
      if (r.type === 'queryError') {
        this.queryError = this.p.query.showError(q, r.reason, r.position);
      } else {
        this.queryError = undefined;
        this.p.query.clearError();
        this.show(r, false);
      }
    }, (err: Error) => {
      this.p.status.textContent = err.message;
    }).finally(() => {
      this.pendingQueries--;
      this.checkIdle();
    });
  }

  private pickFacet(field: FacetField, shown: string): void {
    this.p.query.setText(addFacetFilter(this.p.query.text, field, labelValue(field, shown)));
  }

  /** A selection arrived: `keepPlace` when it is the worker's refresh of the same query over a grown store. */
  private show(s: Selected, keepPlace: boolean): void {
    this.records = s.total;
    this.matched = s.count;
    this.untimed = s.untimed;
    this.lastCounters = s.counters;
    this.p.table.setSelection(s.selection, s.count, keepPlace);
    // the rows first: the worker's rows message is already queued behind this one, so drawing the histogram,
    // facets and counters in a later task lets the table draw before them (measured: one long task of 70–120 ms
    // otherwise came between a selection and its first rows)
    this.drawn = s;
    this.drawPending = true;
    setTimeout(() => {
      if (this.drawn !== s) return; // a newer selection came meanwhile
      this.drawPending = false;
      this.p.histogram.setData(s.histogram, s.buckets, s.bucketFromMs, s.bucketToMs, s.total === 0 || s.untimed < s.total);
      this.p.facets.render(s.facets);
      renderCounters(this.p.counters, { counters: s.counters, records: s.total, matched: s.count });
      this.p.exportButton.disabled = s.total === 0;
      this.updateStatus();
      this.checkIdle();
    }, 0);
  }

  /** The selection whose histogram, facets and counters are (about to be) drawn. */
  private drawn: Selected | undefined;
  private drawPending = false;

  private onProgress(m: Progress): void {
    this.bytesRead = m.bytesRead;
    this.bytesTotal = Math.max(this.bytesTotal, m.bytesTotal);
    this.records = m.records;
    this.wasmBytes = m.wasmBytes;
    this.lastCounters = m.counters;
    this.p.progress.max = Math.max(1, this.bytesTotal);
    this.p.progress.value = this.bytesRead;
    if (m.phase === 'ready' && this.phase === 'loading') {
      this.phase = 'ready';
      this.parsedMs = performance.now() - this.loadStartedAt;
    }
    this.updateStatus(m.file);
    this.checkIdle();
  }

  private updateStatus(file?: string): void {
    this.p.status.classList.toggle('failed', this.failures.length > 0);
    if (this.phase === 'empty' && this.failures.length) this.p.status.textContent = this.failures.join('; ');
    if (this.phase === 'loading') {
      this.p.status.textContent = `Reading ${file ?? ''} — ${(this.bytesRead / MB).toFixed(1)} of ${(this.bytesTotal / MB).toFixed(1)} MB, ${this.records} records`;
    } else if (this.phase === 'ready') {
      // records at the epoch (plain kubectl lines, errors before a source's first good line) have no bar
      const untimed = this.untimed ? `; ${this.untimed} without a time of their own (not in the histogram)` : '';
      const failed = this.failures.length ? ` — ${this.failures.join('; ')}` : '';
      this.p.status.textContent = `${this.records} records from ${this.files} file${this.files === 1 ? '' : 's'} (${(this.bytesTotal / MB).toFixed(1)} MB); ${this.matched} shown${untimed}${failed}`;
    }
  }

  move(by: number): void {
    this.p.table.move(by);
  }

  toggleDetail(): void {
    if (this.p.detail.open) return this.p.detail.close();
    const index = this.p.table.selectedStoreIndex();
    if (index !== undefined) this.openDetail(index);
  }

  private openDetail(index: number): void {
    this.p.client.record(index).then((r) => {
      if (this.p.table.selectedStoreIndex() === r.index) this.p.detail.show(r.record);
    }, (err: Error) => {
      this.p.status.textContent = err.message;
    });
  }

  private async exportNdjson(): Promise<void> {
    const { blob } = await this.p.client.exportNdjson();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'logsieve.ndjson';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  }

  private idle(): boolean {
    return this.phase !== 'loading' && this.pendingQueries === 0 && !this.p.query.waiting && !this.drawPending;
  }

  private checkIdle(): void {
    if (!this.idle()) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  // --- the test and bench hook (window.logsieveViewer) ---

  state(): ViewerState {
    const memory = (performance as { memory?: { usedJSHeapSize: number } }).memory;
    return {
      phase: this.phase, bytesRead: this.bytesRead, bytesTotal: this.bytesTotal, records: this.records,
      matched: this.matched, queryError: this.queryError, firstRowsMs: this.firstRowsMs, parsedMs: this.parsedMs,
      lastQueryMs: this.lastQueryMs, wasmBytes: this.wasmBytes, jsHeapBytes: memory?.usedJSHeapSize,
    };
  }

  /** Resolves when loading is done, no query is pending, and the rows in view are drawn. */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (!this.idle()) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      await this.p.table.whenDrawn();
      // a query typed (or a load started) while the rows were drawn: wait for that too
      if (this.idle()) return;
    }
  }

  counters(): Counters | undefined {
    return this.lastCounters;
  }
}
