// The counters line (#counters): what was read, what the engine made of it, what the query kept.

import type { Counters } from '../core/abi.ts';

export interface CounterValues {
  counters: Counters;
  /** records in the store */
  records: number;
  /** records the current selection keeps */
  matched: number;
}

export function renderCounters(box: HTMLElement, v: CounterValues): void {
  const c = v.counters;
  const items: Array<[string, string, number]> = [
    ['lines', 'lines', c.linesIn],
    ['records', 'records', v.records],
    ['matched', 'matched', v.matched],
    ['errors', 'errors', c.errorRecords],
    ['partial', 'partial', c.partialReleased],
    ['truncated', 'truncated', c.truncatedRecords],
    ['dropped', 'dropped by the filter', Math.max(0, v.records - v.matched)],
  ];
  for (const [reason, n] of Object.entries(c.errors)) if (n > 0) items.push([`error:${reason}`, reason, n]);
  box.replaceChildren(...items.map(([key, label, n]) => {
    const el = document.createElement('span');
    el.className = 'counter';
    const b = document.createElement('b');
    b.dataset.counter = key;
    b.textContent = String(n);
    el.append(`${label} `, b);
    return el;
  }));
}
