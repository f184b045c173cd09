// Page side of the plain JavaScript viewer (bench baseline): files to the worker, the first rows and the matched
// count back; the same timing hook as dist/viewer (firstRowsMs / parsedMs from the moment files were given,
// lastQueryMs from the moment a query was sent to its reply).
const worker = new Worker(new URL('./worker.js', import.meta.url));
const table = document.getElementById('table');
const status = document.getElementById('status');
let phase = 'empty';
let started = 0;
let firstRowsMs;
let parsedMs;
let lastQueryMs;
let records = 0;
let matched = 0;
let bytesRead = 0;
let bytesTotal = 0;
let pending = 0;
let waiters = [];

function render(rows) {
  table.replaceChildren(...rows.map((r) => {
    const div = document.createElement('div');
    div.className = 'row';
    div.textContent = `${r.time} ${r.stream} ${r.log}`;
    return div;
  }));
}
function settle() {
  if (phase !== 'loading' && pending === 0) for (const w of waiters.splice(0)) w();
}

worker.onmessage = ({ data: m }) => {
  if (m.type === 'rows') {
    render(m.rows);
    if (firstRowsMs === undefined) firstRowsMs = performance.now() - started;
  } else if (m.type === 'progress') {
    bytesRead = m.bytesRead;
    records = m.records;
  } else if (m.type === 'loaded') {
    records = matched = m.records;
    bytesRead = m.bytesRead;
    parsedMs = performance.now() - started;
    phase = 'ready';
    status.textContent = `${records} records`;
    settle();
  } else if (m.type === 'selected') {
    lastQueryMs = performance.now() - m.sentAt;
    matched = m.count;
    render(m.rows);
    pending--;
    settle();
  }
};

document.getElementById('file-input').addEventListener('change', (e) => {
  const files = [...e.target.files];
  if (!files.length) return;
  started = performance.now();
  firstRowsMs = parsedMs = undefined;
  phase = 'loading';
  bytesTotal += files.reduce((n, f) => n + f.size, 0);
  worker.postMessage({ type: 'load', files });
});
document.getElementById('query').addEventListener('input', (e) => {
  pending++;
  worker.postMessage({ type: 'select', text: e.target.value, sentAt: performance.now() });
});

window.logsieveViewer = {
  state: () => ({ phase, bytesRead, bytesTotal, records, matched, firstRowsMs, parsedMs, lastQueryMs, wasmBytes: 0,
    jsHeapBytes: performance.memory?.usedJSHeapSize }),
  whenIdle: () => new Promise((resolve) => { waiters.push(resolve); settle(); }),
};
