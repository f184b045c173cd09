// Virtual scrolling arithmetic: which rows a scroll position shows, and where they are drawn. Browsers cap an
// element's height (Chrome about 33 million px, Firefox about 17 million), so past MAX_SCROLL_PX the scroll
// range is compressed: the scrollbar moves proportionally and rows are drawn at their place in the viewport.
// Pure: tested in Node (test/viewer/table-range.test.ts).

/** Tallest spacer we make (well under every browser's limit). */
export const MAX_SCROLL_PX = 8_000_000;

export interface Geometry {
  rowHeight: number;
  viewportHeight: number;
  count: number;
  /** the spacer's cap (MAX_SCROLL_PX; smaller in tests) */
  maxScrollPx?: number;
}

/** Height of the scrolled content (the spacer). */
export function contentHeight(g: Geometry): number {
  return Math.min(g.count * g.rowHeight, g.maxScrollPx ?? MAX_SCROLL_PX);
}

/** Pixels of the full (uncompressed) list per pixel of scroll. */
function scale(g: Geometry): number {
  const full = g.count * g.rowHeight - g.viewportHeight;
  const room = contentHeight(g) - g.viewportHeight;
  return full <= 0 || room <= 0 ? 1 : full / room;
}

export interface VisibleRows {
  /** first row index shown (inclusive) */
  first: number;
  /** one past the last row shown */
  end: number;
  /** top of row `first` in content coordinates (px from the spacer's top) */
  top: number;
}

/** The rows visible at `scrollTop` (plus `overscan` rows each side), and where the first is drawn. */
export function visibleRows(g: Geometry, scrollTop: number, overscan = 0): VisibleRows {
  if (g.count === 0 || g.rowHeight <= 0) return { first: 0, end: 0, top: 0 };
  const maxTop = Math.max(0, contentHeight(g) - g.viewportHeight);
  const clamped = Math.max(0, Math.min(scrollTop, maxTop));
  const fullTop = clamped * scale(g); // the list's pixel at the viewport's top
  const shown = Math.floor(fullTop / g.rowHeight);
  const first = Math.max(0, shown - overscan);
  const end = Math.min(g.count, Math.ceil((fullTop + g.viewportHeight) / g.rowHeight) + overscan);
  // row `shown` sits (shown * h - fullTop) below the viewport's top; rows are consecutive from there
  const top = clamped + (first * g.rowHeight - fullTop);
  return { first, end, top };
}

/** The scrollTop that brings row `index` into view with the least movement (unchanged when it is visible). */
export function scrollTopFor(g: Geometry, scrollTop: number, index: number): number {
  const s = scale(g);
  const fullTop = scrollTop * s;
  const rowTop = index * g.rowHeight;
  const maxTop = Math.max(0, contentHeight(g) - g.viewportHeight);
  let target = fullTop;
  if (rowTop < fullTop) target = rowTop;
  else if (rowTop + g.rowHeight > fullTop + g.viewportHeight) target = rowTop + g.rowHeight - g.viewportHeight;
  else return scrollTop;
  return Math.max(0, Math.min(maxTop, target / s));
}

/** Ranges of [first, end) not yet in `have`, merged into contiguous runs (what to ask the worker for). */
export function missingRuns(first: number, end: number, have: (i: number) => boolean): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = first; i < end; i++) {
    if (have(i)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else runs.push([i, i + 1]);
  }
  return runs;
}
