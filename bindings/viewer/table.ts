// The records table (#table): virtual scrolling over the current selection. Fixed row height; only the rows
// in view (plus a few) exist in the DOM, and only they are fetched from the worker, by position range in the
// selection. The arithmetic is table-range.ts.

import { STORE_LEVELS, STORE_STREAMS } from '../core/store.ts';
import { formatTime, formatWho } from './format.ts';
import {
  ROW_FLAG_ERROR, ROW_FLAG_GROUPED, ROW_FLAG_PARTIAL, ROW_FLAG_TRUNCATED, type Rows, type SourceInfo,
} from './protocol.ts';
import { type Geometry, contentHeight, missingRuns, scrollTopFor, visibleRows } from './table-range.ts';

export const ROW_HEIGHT = 20;
const OVERSCAN = 20;
/** Cached rows beyond this are dropped (those out of view are fetched again when scrolled back to). */
const CACHE_ROWS = 4000;

interface Row {
  index: number;
  timeMs: number;
  level: number;
  stream: number;
  flags: number;
  sourceId: number;
  text: string;
}

export type FetchRows = (selection: number, from: number, to: number) => Promise<Rows>;

export class VirtualTable {
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rowsBox: HTMLElement;
  private selection = 0;
  private count = 0;
  private readonly cache = new Map<number, Row>();
  private readonly sources = new Map<number, SourceInfo>();
  private fetching = false;
  /** position (in the selection) of the selected row, or -1 */
  private selectedPos = -1;
  /** a row selected before its data came: onSelect is called when it comes */
  private pendingSelect = -1;
  /** resolves waiters when rows in view are all drawn */
  private drawnWaiters: Array<() => void> = [];
  onSelect: (storeIndex: number | undefined) => void = () => {};
  /** a double-click on a row (after its click selected it) */
  onActivate: () => void = () => {};
  /** the first time rows are drawn (for the page's firstRowsMs) */
  onRowsDrawn: () => void = () => {};

  constructor(private readonly box: HTMLElement, private readonly fetchRows: FetchRows) {
    const head = document.createElement('div');
    head.className = 'head';
    for (const [cls, label] of [['time', 'time (UTC)'], ['level', 'level'], ['who', 'namespace/pod/container'], ['stream', 'stream'], ['msg', 'message']]) {
      const c = document.createElement('span');
      c.className = `cell ${cls}`;
      c.textContent = label;
      head.append(c);
    }
    this.viewport = document.createElement('div');
    this.viewport.className = 'viewport';
    this.spacer = document.createElement('div');
    this.spacer.className = 'spacer';
    this.rowsBox = document.createElement('div');
    this.rowsBox.className = 'rows';
    this.viewport.append(this.spacer, this.rowsBox);
    box.append(head, this.viewport);
    this.viewport.addEventListener('scroll', () => this.draw());
    new ResizeObserver(() => this.draw()).observe(this.viewport);
    this.rowsBox.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
      if (row) this.select(Number(row.dataset.pos));
    });
    this.rowsBox.addEventListener('dblclick', (e) => {
      if ((e.target as HTMLElement).closest('.row')) this.onActivate();
    });
  }

  private geometry(): Geometry {
    return { rowHeight: ROW_HEIGHT, viewportHeight: this.viewport.clientHeight, count: this.count };
  }

  /**
   * Shows a new selection. `keepPlace`: the same query over a store that grew (loading) — the scroll position
   * and the selected row stay; otherwise the table starts at the top with nothing selected.
   */
  setSelection(selection: number, count: number, keepPlace: boolean): void {
    this.selection = selection;
    this.count = count;
    this.cache.clear();
    this.spacer.style.height = `${contentHeight(this.geometry())}px`;
    if (keepPlace) {
      // records are only ever appended, so a position keeps its record while the same query is repeated
      this.selectedPos = Math.min(this.selectedPos, count - 1);
    } else {
      this.viewport.scrollTop = 0;
      this.selectedPos = -1;
      this.pendingSelect = -1;
      this.onSelect(undefined);
    }
    this.draw();
  }

  /** Store index of the selected row, when its row is loaded. */
  selectedStoreIndex(): number | undefined {
    return this.cache.get(this.selectedPos)?.index;
  }

  /** Moves the selection by `by` rows (j/k), scrolling it into view. */
  move(by: number): void {
    if (this.count === 0) return;
    const pos = this.selectedPos < 0 ? this.firstVisible() : this.selectedPos + by;
    this.select(Math.max(0, Math.min(this.count - 1, pos)));
  }

  private firstVisible(): number {
    return visibleRows(this.geometry(), this.viewport.scrollTop).first;
  }

  private select(pos: number): void {
    this.selectedPos = pos;
    this.viewport.scrollTop = scrollTopFor(this.geometry(), this.viewport.scrollTop, pos);
    this.draw();
    const row = this.cache.get(pos);
    if (row) this.onSelect(row.index);
    else this.pendingSelect = pos;
  }

  /** A promise that resolves once every row in view is drawn with its data. */
  whenDrawn(): Promise<void> {
    if (this.allDrawn()) return Promise.resolve();
    return new Promise((resolve) => this.drawnWaiters.push(resolve));
  }

  private allDrawn(): boolean {
    const v = visibleRows(this.geometry(), this.viewport.scrollTop);
    for (let i = v.first; i < v.end; i++) if (!this.cache.has(i)) return false;
    return true;
  }

  private draw(): void {
    const g = this.geometry();
    const v = visibleRows(g, this.viewport.scrollTop, OVERSCAN);
    this.rowsBox.style.transform = `translateY(${v.top}px)`;
    const els: HTMLElement[] = [];
    if (this.count === 0) {
      const empty = document.createElement('div');
      empty.className = 'empty';
      empty.textContent = this.selection === 0 ? 'No records yet.' : 'No record matches.';
      els.push(empty);
    }
    for (let pos = v.first; pos < v.end; pos++) els.push(this.rowElement(pos, this.cache.get(pos)));
    this.rowsBox.replaceChildren(...els);
    if (this.allDrawn()) {
      for (const w of this.drawnWaiters.splice(0)) w();
    }
    this.fetchMissing(v.first, v.end);
  }

  private rowElement(pos: number, row: Row | undefined): HTMLElement {
    const el = document.createElement('div');
    el.className = 'row';
    el.dataset.pos = String(pos);
    if (pos === this.selectedPos) el.classList.add('selected');
    if (!row) return el; // drawn when its data comes
    const level = STORE_LEVELS[row.level] ?? 'none';
    el.dataset.index = String(row.index);
    el.dataset.level = level;
    if (row.flags & ROW_FLAG_ERROR) el.classList.add('flag-error');
    if (row.flags & ROW_FLAG_PARTIAL) el.classList.add('flag-partial');
    if (row.flags & ROW_FLAG_TRUNCATED) el.classList.add('flag-truncated');
    if (row.flags & ROW_FLAG_GROUPED) el.classList.add('grouped');
    const src = this.sources.get(row.sourceId);
    const cells: Array<[string, string]> = [
      ['time', formatTime(row.timeMs)],
      ['level', level === 'none' ? '' : level],
      ['who', src ? formatWho(src.namespace, src.pod, src.container, src.path) : ''],
      ['stream', STORE_STREAMS[row.stream] ?? ''],
      ['msg', row.text],
    ];
    for (const [cls, text] of cells) {
      const c = document.createElement('span');
      c.className = `cell ${cls}`;
      c.textContent = text;
      el.append(c);
    }
    if (src) el.title = src.path;
    return el;
  }

  /** Rows the worker sent unasked (the first screen of a selection): drawn when they are for this selection. */
  offer(r: Rows): void {
    for (const src of r.sources) this.sources.set(src.id, src);
    if (r.selection !== this.selection) return;
    this.store(r);
    this.draw();
    this.rowsArrived();
  }

  /** After rows were drawn: the page's first-rows time, and a row selected before its data came. */
  private rowsArrived(): void {
    this.onRowsDrawn();
    if (this.pendingSelect >= 0 && this.cache.has(this.pendingSelect)) {
      const pos = this.pendingSelect;
      this.pendingSelect = -1;
      if (pos === this.selectedPos) this.onSelect(this.cache.get(pos)!.index);
    }
  }

  private fetchMissing(first: number, end: number): void {
    if (this.fetching) return;
    const runs = missingRuns(first, end, (i) => this.cache.has(i));
    if (runs.length === 0) return;
    const [from, to] = [runs[0][0], runs[runs.length - 1][1]];
    const selection = this.selection;
    this.fetching = true;
    this.fetchRows(selection, from, to).then((r) => {
      this.fetching = false;
      // sources are named once per worker: keep them even from an answer that came too late to be drawn
      for (const src of r.sources) this.sources.set(src.id, src);
      if (r.selection !== this.selection) return this.draw(); // an answer for an older selection
      this.store(r);
      if (r.index.length < to - from) {
        // the selection has fewer rows than it said (never expected): stop asking for the rest
        this.count = r.from + r.index.length;
        this.spacer.style.height = `${contentHeight(this.geometry())}px`;
      }
      this.draw();
      this.rowsArrived();
    }, () => {
      this.fetching = false;
    });
  }

  private store(r: Rows): void {
    if (this.cache.size > CACHE_ROWS) this.cache.clear();
    for (let k = 0; k < r.index.length; k++) {
      this.cache.set(r.from + k, {
        index: r.index[k], timeMs: r.timeMs[k], level: r.level[k], stream: r.stream[k], flags: r.flags[k],
        sourceId: r.sourceId[k], text: r.text[k],
      });
    }
  }
}
