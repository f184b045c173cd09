// The viewer page: composes the parts (each in its own file) around the worker that does all the work.

import { WorkerClient } from './client.ts';
import { Viewer } from './controller.ts';
import { Detail } from './detail.ts';
import { Facets } from './facets.ts';
import { bindFileInputs, servedFiles } from './files.ts';
import { Histogram } from './histogram.ts';
import { bindKeys } from './keys.ts';
import { QueryBox } from './query.ts';
import { VirtualTable } from './table.ts';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// worker.js sits beside viewer.js (dist/viewer/); a module worker, so it can use import.meta.url for the .wasm
const client = new WorkerClient(new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
const table = new VirtualTable(byId('table'), (selection, from, to) => client.rows(selection, from, to));
let viewer: Viewer | undefined;
const query = new QueryBox(byId<HTMLInputElement>('query'), byId('query-error'), (q) => viewer?.runQuery(q));
viewer = new Viewer({
  client, query, table, histogram: new Histogram(byId('histogram')), facets: new Facets(byId('facets')),
  detail: new Detail(byId('detail')), counters: byId('counters'), progress: byId<HTMLProgressElement>('progress'),
  status: byId('status'), exportButton: byId<HTMLButtonElement>('export'),
});
const v = viewer;

bindFileInputs(document, (files) => v.load(files));
bindKeys(document, { focusQuery: () => query.focus(), move: (by) => v.move(by), toggleDetail: () => v.toggleDetail() });

(window as unknown as { logsieveViewer: object }).logsieveViewer = {
  state: () => v.state(),
  whenIdle: () => v.whenIdle(),
  counters: () => v.counters(),
};

servedFiles(document).then((files) => v.load(files), (err: Error) => {
  byId('status').textContent = `could not list the served files: ${err.message}`;
});
