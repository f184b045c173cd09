// The histogram (#histogram, uPlot): record counts over time stacked by level, Grafana's "logs volume".
// Dragging selects a time range (the page filters to it), a double-click goes back to the whole range,
// hovering shows each level's count in the legend.

import uPlot from 'uplot';
import { STORE_LEVELS } from '../core/store.ts';
import { type StackedColumns, bucketsFor, compactCount, stackByLevel } from './histogram-data.ts';

const COLORS: Record<string, string> = {
  none: '#9aa0a6', trace: '#b39ddb', debug: '#64b5f6', info: '#43a047', warn: '#f9a825', error: '#e53935', fatal: '#8e24aa',
};
const LEGEND_PX = 26;


export class Histogram {
  private plot: uPlot | undefined;
  private columns: StackedColumns | undefined;
  /** the x range drawn (uPlot's own double-click would rescale to the data; this puts it back) */
  private range = { min: 0, max: 1 };
  onZoom: (fromMs: number, toMs: number) => void = () => {};
  onReset: () => void = () => {};

  constructor(private readonly box: HTMLElement) {
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(box);
  }

  /** Buckets to ask for at the chart's current width. */
  get buckets(): number {
    return bucketsFor(this.box.clientWidth || 600);
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(100, this.box.clientWidth), height: Math.max(60, this.box.clientHeight - LEGEND_PX) };
  }

  /** `timed`: whether any record has a time of its own (otherwise the chart says so instead of an empty 1970). */
  setData(histogram: Uint32Array, buckets: number, fromMs: number, toMs: number, timed = true): void {
    this.box.classList.toggle('no-time', !timed);
    this.columns = stackByLevel(histogram, buckets, fromMs, toMs);
    // drawn top of the stack first: each smaller stack is painted over the one above it
    const data = [this.columns.x, ...[...this.columns.stacked].reverse()] as unknown as uPlot.AlignedData;
    if (!this.plot) this.plot = this.create(data);
    else this.plot.setData(data);
    this.range = { min: fromMs, max: toMs };
    this.plot.setScale('x', this.range);
  }

  private create(data: uPlot.AlignedData): uPlot {
    const bars = uPlot.paths.bars!({ align: 1, size: [1, Infinity], gap: 1 });
    const levelsTopDown = [...STORE_LEVELS].reverse();
    const opts: uPlot.Options = {
      ...this.size(),
      ms: 1,
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      select: { show: true, left: 0, top: 0, width: 0, height: 0 },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [{ grid: { show: false } }, { size: 44, grid: { stroke: '#eee' }, values: (_u, splits) => splits.map(compactCount) }],
      legend: { live: true },
      series: [
        { label: 'time' },
        ...levelsTopDown.map((level, s) => ({
          label: level,
          fill: COLORS[level],
          stroke: COLORS[level],
          paths: bars,
          points: { show: false },
          // the legend shows this level's own count, not the stack's height
          value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) =>
            idx == null || !this.columns ? '' : String(this.columns.raw[STORE_LEVELS.length - 1 - s][idx]),
        })),
      ],
      hooks: {
        setSelect: [(u) => {
          const { left, width } = u.select;
          if (width > 2) this.onZoom(u.posToVal(left, 'x'), u.posToVal(left + width, 'x'));
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        }],
      },
    };
    const plot = new uPlot(opts, data, this.box);
    plot.over.addEventListener('dblclick', () => {
      plot.setScale('x', this.range);
      this.onReset();
    });
    return plot;
  }
}
