// The viewer's Web Worker: owns the engine and the RecordStore (session.ts), so parsing, filtering and
// bucketing never block the page. The engine is the browser binding's: `init()` fetches the .wasm beside this
// script (logsieve-simd.wasm, or logsieve-scalar.wasm without SIMD), so dist/viewer/ works from any URL.

import { RecordStore, createEngine, init } from '../browser.ts';
import { type FromWorker, type ToWorker, transferables } from './protocol.ts';
import { Session } from './session.ts';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}
const scope = globalThis as unknown as WorkerScope;

const post = (m: FromWorker) => scope.postMessage(m, transferables(m));

// the CLI's defaults for the viewer (docs/viewer.md): --multiline all, levels on, default sizes
const ready: Promise<Session> = init().then(() => {
  const engine = createEngine({ multiline: { detectors: 'all' } });
  return new Session(engine, new RecordStore(engine), post);
});
ready.catch((err: Error) => post({ type: 'failed', message: `the engine did not start: ${err.message}` }));

scope.onmessage = (e) => {
  const m = e.data;
  // every message waits for the same promise, so they are handled in the order they came
  ready.then((session) => handle(session, m)).catch((err: Error) => {
    post({ type: 'failed', id: 'id' in m ? m.id : undefined, message: err.message });
  });
};

function handle(session: Session, m: ToWorker): void {
  switch (m.type) {
    case 'load':
      session.load(m.files).catch((err: Error) => post({ type: 'failed', message: err.message }));
      return;
    case 'select': {
      const r = session.select(m.id, { filter: m.filter, fromMs: m.fromMs, toMs: m.toMs, buckets: m.buckets });
      post(r);
      if (r.type === 'selected') post(session.firstRows(r));
      return;
    }
    case 'rows':
      post(session.rows(m.id, m.selection, m.from, m.to));
      return;
    case 'record':
      post(session.record(m.id, m.index));
      return;
    case 'export':
      post(session.exportNdjson(m.id));
      return;
  }
}
