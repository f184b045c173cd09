// The page's side of the worker: requests get ids and promises; progress and the selections the worker makes
// by itself while loading (id 0) go to listeners.

import type {
  Exported, FilterRequest, FromWorker, InputFile, Progress, QueryFailed, RecordReply, Rows, Selected, ToWorker,
} from './protocol.ts';

type Pending = { resolve(m: FromWorker): void; reject(e: Error): void };

export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  onProgress: (p: Progress) => void = () => {};
  /** a selection the worker made by itself (first rows, refreshes while loading, the end of a load) */
  onSelected: (s: Selected) => void = () => {};
  onFailure: (message: string) => void = () => {};
  /** rows the worker sent unasked: the first screen of each new selection */
  onRows: (r: Rows) => void = () => {};

  constructor(private readonly worker: Worker) {
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    worker.onerror = (e) => this.onFailure(`worker: ${e.message}`);
  }

  private receive(m: FromWorker): void {
    if (m.type === 'progress') return this.onProgress(m);
    const id = 'id' in m ? m.id : undefined;
    const waiting = id ? this.pending.get(id) : undefined;
    if (waiting) {
      this.pending.delete(id!);
      if (m.type === 'failed') waiting.reject(new Error(m.message));
      else waiting.resolve(m);
      return;
    }
    if (m.type === 'selected') this.onSelected(m);
    else if (m.type === 'rows') this.onRows(m);
    else if (m.type === 'failed') this.onFailure(m.message);
  }

  private request<T extends FromWorker>(make: (id: number) => ToWorker): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (m: FromWorker) => void, reject });
      this.worker.postMessage(make(id));
    });
  }

  load(files: InputFile[]): void {
    this.worker.postMessage({ type: 'load', files } satisfies ToWorker);
  }

  select(filter: FilterRequest, buckets: number, fromMs?: number, toMs?: number): Promise<Selected | QueryFailed> {
    return this.request((id) => ({ type: 'select', id, filter, buckets, fromMs, toMs }));
  }

  rows(selection: number, from: number, to: number): Promise<Rows> {
    return this.request((id) => ({ type: 'rows', id, selection, from, to }));
  }

  record(index: number): Promise<RecordReply> {
    return this.request((id) => ({ type: 'record', id, index }));
  }

  exportNdjson(): Promise<Exported> {
    return this.request((id) => ({ type: 'export', id }));
  }
}
