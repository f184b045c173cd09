// `npm run bench -- agent`: `logsieve agent` as a process, from files written before it starts to a receiver on
// 127.0.0.1, end to end: lines/s, MB/s, MB per CPU second (per core: every thread's CPU, gzip's included), CPU
// seconds per GB and peak RSS — NDJSON over HTTP with gzip (the issue's case), Loki with gzip, and both without
// gzip; then the same with 1,000 files followed (RSS target ≤ 150 MB); beside it, when Fluent Bit is found
// (FLUENT_BIT or PATH), Fluent Bit's tail + cri parser + http output (json_lines, gzip) on the same corpus to the
// same receiver. Last, gzip alone (zlib level 1, the agent's default) over the bodies the agent sends, in this
// process: the CPU it takes per GB of input is a floor under the agent's own.
// Targets (issue 11): ≥ 300 MB/s per core end to end; RSS ≤ 150 MB with 1,000 files.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fluentBitOnPath } from './fluent-bit.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'logsieve.js');
const TICK = 100; // clock ticks per second (Linux USER_HZ)

/** A seeded CRI corpus: `files` files of about `bytesEach`, lines of 60–260 bytes, both streams, some levels. */
function writeCorpus(dir, files, bytesEach) {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const words = ['GET /api/v1/items', 'user=alice', 'status=200', 'duration=12ms', 'cache miss', 'retrying', 'db=orders', 'trace_id=4bf92f3577b34da6'];
  const paths = [];
  let records = 0;
  for (let f = 0; f < files; f++) {
    const d = join(dir, 'pods', `ns${f % 7}_pod-${f}_0b6a1c3e-5f2d-4e8a-9c7b-${String(f).padStart(12, '0')}`, 'app');
    mkdirSync(d, { recursive: true });
    const parts = [];
    let size = 0;
    let t = Date.parse('2026-12-01T06:00:00Z');
    while (size < bytesEach) {
      const n = 2 + Math.floor(rnd() * 10);
      let w = words[f % 8];
      for (let i = 0; i < n; i++) w += ` ${words[Math.floor(rnd() * words.length)]}`;
      const msg = rnd() < 0.3 ? `{"level":"${rnd() < 0.1 ? 'error' : 'info'}","msg":"${w}"}` : `level=${rnd() < 0.1 ? 'warn' : 'info'} ${w}`;
      const line = `${new Date(t += 3).toISOString().replace('Z', '123456Z')} ${rnd() < 0.2 ? 'stderr' : 'stdout'} F ${msg}\n`;
      parts.push(line);
      size += line.length;
      records++;
    }
    const p = join(d, '0.log');
    writeFileSync(p, parts.join(''));
    paths.push(p);
  }
  return { paths, records };
}

function receiver() {
  let bytes = 0;
  let requests = 0;
  const server = http.createServer((req, res) => {
    req.on('data', (c) => { bytes += c.length; });
    req.on('end', () => { requests++; res.writeHead(204); res.end(); });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`, stats: () => ({ bytes, requests }), close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

/** CPU seconds and peak RSS (MB) of a running process, from /proc. */
function procStats(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const cpu = (Number(stat[11]) + Number(stat[12])) / TICK;
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpu, rssMb: hwm ? Number(hwm[1]) / 1024 : NaN };
  } catch {
    return undefined;
  }
}

async function metrics(url) {
  try {
    return await (await fetch(url)).text();
  } catch {
    return '';
  }
}

const sum = (text, name) => [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'gm'))].reduce((a, m) => a + Number(m[1]), 0);

/** Runs the agent over the corpus until every record went out; returns the figures. */
async function runAgent(dir, corpus, totalBytes, multiline, kind = 'loki', gzip = true) {
  const rx = await receiver();
  const cfg = join(dir, `agent-${multiline}.yaml`);
  const state = join(dir, `state-${multiline}-${Date.now()}`);
  const url = kind === 'http' ? `${rx.url}/ingest` : rx.url;
  writeFileSync(cfg, [`include: ["${join(dir, 'pods', '*', '*', '*.log')}"]`, `checkpointDir: ${state}`, 'outputs:',
    `  - { spec: "${kind}:${url}", maxBatchBytes: 1048576, maxBatchWaitMs: 200, gzip: ${gzip} }`, `multiline: ${multiline}`, 'metricsPort: 0',
    'kubernetes: false', ''].join('\n'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'agent', '--config', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  let metricsUrl;
  let last = { cpu: 0, rssMb: 0 };
  const deadline = Date.now() + 600_000;
  let done = false;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = procStats(child.pid) ?? last;
    metricsUrl ??= /"msg":"metrics","url":"([^"]+)"/.exec(err)?.[1];
    if (!metricsUrl) continue;
    const m = await metrics(metricsUrl);
    if (sum(m, 'logsieve_output_records_total') >= corpus.records) {
      done = true;
      break;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  last = procStats(child.pid) ?? last;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  const wire = rx.stats().bytes;
  await rx.close();
  rmSync(state, { recursive: true, force: true });
  if (!done) throw new Error(`agent did not send every record in time:\n${err.slice(-2000)}`);
  return { seconds, cpu: last.cpu, rssMb: last.rssMb, mbps: totalBytes / 1e6 / seconds, perCore: totalBytes / 1e6 / last.cpu, wireMb: wire / 1e6, lines: corpus.records };
}

/** Fluent Bit: tail + cri + http (json_lines, gzip), until it exits at the end of the files. */
async function runFluentBit(fb, dir, totalBytes, output) {
  const rx = await receiver();
  const port = rx.url.split(':').pop();
  const conf = join(dir, 'fluent-bit.conf');
  writeFileSync(conf, `[SERVICE]\n    Flush 1\n    Log_Level error\n\n[INPUT]\n    Name tail\n    Path ${join(dir, 'pods', '*', '*', '*.log')}\n    Read_from_Head On\n    Exit_On_Eof On\n    multiline.parser cri\n    Buffer_Chunk_Size 1MB\n    Buffer_Max_Size 1MB\n    Mem_Buf_Limit 64MB\n\n[OUTPUT]\n    Name ${output}\n    Match *\n${output === 'http' ? `    Host 127.0.0.1\n    Port ${port}\n    URI /push\n    Format json_lines\n    compress gzip\n` : ''}`);
  const t0 = performance.now();
  const child = spawn(fb, ['-c', conf], { stdio: 'ignore' });
  let last = { cpu: 0, rssMb: 0 };
  const exited = new Promise((r) => child.on('exit', r));
  let running = true;
  exited.then(() => { running = false; });
  while (running) {
    last = procStats(child.pid) ?? last;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - t0) / 1000;
  const wire = rx.stats().bytes;
  await rx.close();
  return { seconds, cpu: last.cpu, rssMb: last.rssMb, mbps: totalBytes / 1e6 / seconds, perCore: totalBytes / 1e6 / last.cpu, wireMb: wire / 1e6, lines: NaN };
}

/** gzip alone (level 1, as the agent sends) over the bodies of `kind` for the corpus: CPU seconds per GB of input. */
async function gzipFloor(paths, totalBytes, kind) {
  const { createEngine, PayloadBatch } = await import('../dist/node.js');
  const engine = createEngine({ multiline: 'none' });
  const bodies = [];
  for (const p of paths) {
    const bytes = readFileSync(p);
    const source = engine.source(p);
    const batch = kind === 'http' ? undefined : new PayloadBatch(engine, kind);
    for (let o = 0; o < bytes.length; o += 1 << 20) {
      const chunk = bytes.subarray(o, o + (1 << 20));
      bodies.push(batch ? (batch.push(source, chunk), batch.take()) : source.pushNdjson(chunk));
    }
  }
  const t0 = process.cpuUsage();
  for (const b of bodies) gzipSync(b, { level: 1 });
  const c = process.cpuUsage(t0);
  const cpu = (c.user + c.system) / 1e6;
  const bodyBytes = bodies.reduce((a, b) => a + b.length, 0);
  return { cpuPerGb: cpu / (totalBytes / 1e9), ceiling: totalBytes / 1e6 / cpu, expansion: bodyBytes / totalBytes };
}

const row = (name, r) => console.log(`${name.padEnd(44)} ${Number.isNaN(r.lines) ? '' : `${(r.lines / r.seconds / 1e6).toFixed(2)} M lines/s  `}${r.mbps.toFixed(0).padStart(6)} MB/s  ${r.perCore.toFixed(0).padStart(6)} MB/CPU-s  ` +
  `${(r.cpu / (r.mbps * r.seconds / 1000)).toFixed(1).padStart(6)} CPU-s/GB  peak RSS ${r.rssMb.toFixed(0)} MB  (${r.seconds.toFixed(2)} s, ${r.wireMb.toFixed(1)} MB sent)`);

export default async function agentBench({ quick }) {
  const dir = mkdtempSync(join(tmpdir(), 'logsieve-agent-bench-'));
  try {
    const files = 16;
    const each = quick ? 2 << 20 : 16 << 20;
    const corpus = writeCorpus(dir, files, each);
    const total = corpus.paths.reduce((a, p) => a + readFileSync(p).length, 0);
    console.log(`corpus: ${files} CRI files, ${(total / 1e6).toFixed(0)} MB, ${corpus.records} lines; receiver on 127.0.0.1; times from spawn to the last record`);
    row('agent → http NDJSON, gzip, multiline none', await runAgent(dir, corpus, total, 'none', 'http'));
    row('agent → http NDJSON, gzip, multiline all', await runAgent(dir, corpus, total, 'all', 'http'));
    row('agent → Loki, gzip, multiline none', await runAgent(dir, corpus, total, 'none', 'loki'));
    row('agent → Loki, gzip, multiline all', await runAgent(dir, corpus, total, 'all', 'loki'));
    row('agent → http NDJSON, no gzip, multiline none', await runAgent(dir, corpus, total, 'none', 'http', false));
    row('agent → Loki, no gzip, multiline none', await runAgent(dir, corpus, total, 'none', 'loki', false));
    for (const kind of ['http', 'loki']) {
      const g = await gzipFloor(corpus.paths, total, kind);
      console.log(`gzip level 1 alone over the ${kind === 'http' ? 'NDJSON' : 'Loki'} bodies (${g.expansion.toFixed(2)}× the input): ` +
        `${g.cpuPerGb.toFixed(1)} CPU-s per GB of input, a ceiling of ${g.ceiling.toFixed(0)} MB/CPU-s before any other work`);
    }
    const fb = process.env.FLUENT_BIT || fluentBitOnPath();
    if (fb) {
      // a Fluent Bit built without the http output (a minimal build) gets the null output: its parsing only
      const hasHttp = /^\s+http\s/m.test(spawnSync(fb, ['-h'], { encoding: 'utf8' }).stdout ?? '');
      const output = hasHttp ? 'http' : 'null';
      row(`Fluent Bit: tail + cri + ${hasHttp ? 'http json_lines gzip' : 'null output (no http in this build)'}`, await runFluentBit(fb, dir, total, output));
    }
    else console.log('Fluent Bit not found (FLUENT_BIT or PATH): its row is skipped');
    rmSync(join(dir, 'pods'), { recursive: true, force: true });
    const many = writeCorpus(dir, 1000, quick ? 16 << 10 : 128 << 10);
    const manyTotal = many.paths.reduce((a, p) => a + readFileSync(p).length, 0);
    row(`agent → Loki, gzip, 1,000 files (${(manyTotal / 1e6).toFixed(0)} MB)`, await runAgent(dir, many, manyTotal, 'all'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
