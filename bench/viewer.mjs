// Viewer suite (issue 10, "Bench"): the viewer page (dist/viewer) in headless Chromium, next to a plain JavaScript
// viewer (bench/viewer-baseline/: text in 1 MiB slices, split into lines, a CRI regex, an array of objects, filter
// by `includes`), both given the same generated CRI file (bench/viewer-corpus.mjs; 100 MB, or 10 MB with --quick)
// through their #file-input, both measured the same way:
//   first rows   page time from the file given (input change) to the first rows the worker sent (state().firstRowsMs)
//   parsed       page time from the file given to the whole file read and parsed (state().parsedMs); MB/s = size / it
//   memory       the renderer process's resident memory (page + worker + wasm; /proc VmRSS of chromium's renderer
//                processes) after loading minus before (each after full garbage collections in page and worker),
//                against the file size; and the JS memory of page and
//                worker as performance.measureUserAgentSpecificMemory() reports it (the pages are served
//                cross-origin isolated for it; wasm memory and array buffers count); logsieve also reports its wasm
//                memory (state().wasmBytes); the page's main-thread heap from CDP Performance.getMetrics
//   query        page time from a query sent to the worker to its reply (state().lastQueryMs), with the file loaded
//                again (copies under other names) until the page holds ≥ 1 M records (≥ 100 k with --quick); plain words
//                (logsieve: a LogQL line filter `|= "…"`, the baseline: `includes`), each re-run several times
// Figures are medians over the runs (3 loads per viewer, 2 with --quick, interleaved; 5 runs of each query).
// Targets (issue 10): parsed ≤ 1.5 s, first rows ≤ 200 ms, query ≤ 150 ms, memory ≤ 1.5× the file.
// Chromium: LOGSIEVE_CHROMIUM, else /usr/bin/chromium (never downloaded); without it the suite says so and is
// skipped. The corpus goes to a temp dir, removed at the end.
import { execFileSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeViewerCorpus } from './viewer-corpus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.LOGSIEVE_CHROMIUM ?? '/usr/bin/chromium';
const TARGETS = { parsedMs: 1500, firstRowsMs: 200, queryMs: 150, memory: 1.5 };
const QUERIES = ['timeout', 'Caused by', 'payments'];

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm' };

/** Static files of `dir` on 127.0.0.1 (any free port). */
async function serve(dir) {
  const top = normalize(dir + sep);
  const server = createServer((req, res) => {
    let path = normalize(join(top, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (path.endsWith(sep)) path = join(path, 'index.html');
    if (!path.startsWith(top) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store',
      // cross-origin isolated, so the page may call performance.measureUserAgentSpecificMemory()
      'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
    createReadStream(path).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/index.html`,
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}

/** Resident bytes of this process's chromium renderer processes (page and its workers live there). */
function rendererRss() {
  const parent = new Map();
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      parent.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const mine = (pid) => {
    for (let p = pid, n = 0; p > 1 && n < 64; p = parent.get(p) ?? 0, n++) if (p === process.pid) return true;
    return false;
  };
  let rss = 0;
  for (const pid of parent.keys()) {
    if (!mine(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      rss += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch { /* gone */ }
  }
  return rss;
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)} ms` : 'n/a');
const mb = (x) => (Number.isFinite(x) ? `${(x / 1e6).toFixed(1)} MB` : 'n/a');
const ok = (good) => (good ? 'meets target' : 'MISSES target');

async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(600_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.logsieveViewer !== undefined);
  return { context, page, errors };
}
const state = (page) => page.evaluate(() => window.logsieveViewer.state());
async function idle(page, bytesTotal) {
  await page.waitForFunction((b) => window.logsieveViewer.state().bytesTotal >= b, bytesTotal, { polling: 50 });
  await page.evaluate(() => window.logsieveViewer.whenIdle());
  return state(page);
}

/** Full garbage collections in the page and its workers (chromium runs with --js-flags=--expose-gc), then a pause. */
async function collectGarbage(page) {
  for (let i = 0; i < 2; i++) {
    await page.evaluate(() => globalThis.gc?.());
    for (const w of page.workers()) await w.evaluate(() => globalThis.gc?.()).catch(() => {});
  }
  await page.waitForTimeout(200);
}

/** One load of `file` into a fresh page: timings and memory. */
async function measureLoad(browser, url, file) {
  const size = statSync(file).size;
  const { context, page, errors } = await openPage(browser, url);
  await page.waitForTimeout(300); // the page's own start-up settles before the "before" figure
  await collectGarbage(page);
  const before = rendererRss();
  await page.setInputFiles('#file-input', file);
  const s = await idle(page, size);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  await collectGarbage(page);
  const after = rendererRss();
  const js = await page.evaluate(() => Promise.race([
    (async () => {
      if (!globalThis.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return undefined;
      const r = await performance.measureUserAgentSpecificMemory();
      const worker = r.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope'))
        .reduce((n, b) => n + b.bytes, 0);
      return { total: r.bytes, worker };
    })(),
    new Promise((resolve) => setTimeout(() => resolve(undefined), 60_000)),
  ]));
  await context.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return { size, records: s.records, firstRowsMs: s.firstRowsMs, parsedMs: s.parsedMs, rss: after - before,
    wasm: s.wasmBytes, pageHeap: metrics.JSHeapUsedSize ?? s.jsHeapBytes, jsTotal: js?.total, jsWorker: js?.worker };
}

/** The file loaded (under other names too) until ≥ minRecords, then each query run `rounds` times. */
async function measureQueries(browser, url, file, dir, minRecords, rounds) {
  const { context, page, errors } = await openPage(browser, url);
  let total = 0;
  let s;
  for (let copy = 0; copy < 16; copy++) {
    const name = copy === 0 ? file : join(dir, `copy-${copy}.log`);
    if (copy > 0 && !existsSync(name)) copyFileSync(file, name); // a real copy: the viewer skips a file it has read (same size, time, head)
    total += statSync(file).size;
    await page.setInputFiles('#file-input', name);
    s = await idle(page, total);
    if (s.records >= minRecords) break;
  }
  const times = Object.fromEntries(QUERIES.map((q) => [q, []]));
  const matched = {};
  for (let r = 0; r < rounds; r++) {
    for (const q of QUERIES) {
      await page.fill('#query', q);
      const st = await idle(page, 0);
      times[q].push(st.lastQueryMs);
      matched[q] = st.matched;
    }
  }
  await context.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return { records: s.records, bytes: total, queries: QUERIES.map((q) => ({ q, ms: median(times[q]), matched: matched[q] })) };
}

export default async function run({ quick }) {
  if (!existsSync(CHROMIUM)) {
    console.log(`chromium not found at ${CHROMIUM} (set LOGSIEVE_CHROMIUM, or apt-get install chromium): viewer suite SKIPPED`);
    return;
  }
  const viewerDir = join(root, 'dist/viewer');
  if (!existsSync(join(viewerDir, 'index.html'))) throw new Error(`${viewerDir}/index.html missing: npm run build`);
  const { chromium } = await import('playwright-core');
  const model = (() => {
    try {
      return /Model name:\s*(.*)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim();
    } catch {
      return undefined;
    }
  })() ?? os.cpus()[0]?.model;
  const dir = mkdtempSync(join(os.tmpdir(), 'logsieve-bench-viewer-'));
  const servers = [];
  let browser;
  try {
    const file = join(dir, 'big.log');
    const c = writeViewerCorpus(file, quick ? 10e6 : 100e6);
    const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop();
    console.log(`corpus: ${mb(c.bytes)} CRI (${c.lines} lines); ${version}; ${model} × ${os.cpus().length}`);
    const viewers = [
      { name: 'logsieve', server: await serve(viewerDir) },
      { name: 'plain JS', server: await serve(join(root, 'bench/viewer-baseline')) },
    ];
    servers.push(...viewers.map((v) => v.server));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, timeout: 120_000,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--enable-blink-features=ForceEagerMeasureMemory', // measureUserAgentSpecificMemory answers at once
        '--js-flags=--expose-gc', // memory is measured after full collections in page and worker
        '--disable-background-timer-throttling', '--disable-renderer-backgrounding'] });

    const loads = Object.fromEntries(viewers.map((v) => [v.name, []]));
    const runs = quick ? 2 : 3;
    for (let r = 0; r < runs; r++) {
      for (const v of r % 2 ? [...viewers].reverse() : viewers) loads[v.name].push(await measureLoad(browser, v.server.url, file));
    }
    const res = {};
    for (const v of viewers) {
      const L = loads[v.name];
      const m = {
        records: L[0].records, firstRowsMs: median(L.map((x) => x.firstRowsMs)), parsedMs: median(L.map((x) => x.parsedMs)),
        rss: median(L.map((x) => x.rss)), wasm: median(L.map((x) => x.wasm)), pageHeap: median(L.map((x) => x.pageHeap)),
        jsTotal: median(L.map((x) => x.jsTotal)), jsWorker: median(L.map((x) => x.jsWorker)),
      };
      m.mbps = c.bytes / 1e6 / (m.parsedMs / 1000);
      res[v.name] = m;
      console.log(`\n--- ${v.name}: ${mb(c.bytes)} file, ${m.records} records (medians of ${L.length} loads) ---`);
      console.log(`first rows  ${ms(m.firstRowsMs).padStart(9)}   (each: ${L.map((x) => ms(x.firstRowsMs)).join(', ')})`);
      console.log(`parsed      ${ms(m.parsedMs).padStart(9)}   ${m.mbps.toFixed(1)} MB/s   (each: ${L.map((x) => ms(x.parsedMs)).join(', ')})`);
      console.log(`memory      renderer RSS +${mb(m.rss)} = ${(m.rss / c.bytes).toFixed(2)}× the file` +
        (v.name === 'logsieve' ? `; wasm memory ${mb(m.wasm)} (${(m.wasm / c.bytes).toFixed(2)}×)` : '') +
        `; page JS heap ${mb(m.pageHeap)}`);
      console.log(`            JS memory of page + worker (measureUserAgentSpecificMemory, array buffers and wasm memory ` +
        `included) ${mb(m.jsTotal)} = ${(m.jsTotal / c.bytes).toFixed(2)}× the file, of which the worker ${mb(m.jsWorker)}`);
    }
    const minRecords = quick ? 100_000 : 1_000_000;
    console.log(`\n--- queries (page time, median of 5 runs each; the file loaded again until ≥ ${minRecords} records) ---`);
    for (const v of viewers) {
      const q = await measureQueries(browser, v.server.url, file, dir, minRecords, 5);
      res[v.name].query = q;
      console.log(`${v.name}: ${q.records} records (${mb(q.bytes)})`);
      for (const x of q.queries) console.log(`  ${JSON.stringify(x.q).padEnd(12)} ${ms(x.ms).padStart(9)}   matched ${x.matched}`);
    }

    const L = res.logsieve;
    const B = res['plain JS'];
    const qL = median(L.query.queries.map((x) => x.ms));
    const qB = median(B.query.queries.map((x) => x.ms));
    console.log('\n--- logsieve against the plain JS viewer (×: plain JS figure / logsieve figure; > 1 = logsieve better) ---');
    console.log(`first rows  ${ms(L.firstRowsMs)} vs ${ms(B.firstRowsMs)}: ${(B.firstRowsMs / L.firstRowsMs).toFixed(2)}×   ` +
      `target ≤ ${TARGETS.firstRowsMs} ms: ${ok(L.firstRowsMs <= TARGETS.firstRowsMs)}`);
    console.log(`parsed      ${ms(L.parsedMs)} (${L.mbps.toFixed(1)} MB/s) vs ${ms(B.parsedMs)} (${B.mbps.toFixed(1)} MB/s): ` +
      `${(B.parsedMs / L.parsedMs).toFixed(2)}×   target ≤ ${TARGETS.parsedMs} ms${quick ? ' (for 100 MB)' : ''}: ` +
      `${quick ? 'n/a (quick)' : ok(L.parsedMs <= TARGETS.parsedMs)}`);
    console.log(`memory      ${(L.rss / c.bytes).toFixed(2)}× vs ${(B.rss / c.bytes).toFixed(2)}× the file: ` +
      `${(B.rss / L.rss).toFixed(2)}×   target ≤ ${TARGETS.memory}×${quick ? ' (for 100 MB)' : ''}: ` +
      `${quick ? 'n/a (quick: a small file is mostly fixed overhead)' : ok(L.rss / c.bytes <= TARGETS.memory)}`);
    console.log(`query       ${ms(qL)} over ${L.query.records} records vs ${ms(qB)} over ${B.query.records}: ` +
      `${(qB / qL).toFixed(2)}×   target ≤ ${TARGETS.queryMs} ms: ${ok(qL <= TARGETS.queryMs)}`);
    return res;
  } finally {
    await browser?.close();
    for (const s of servers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
