// Parsing suite (issue 2): CRI and Docker json-file corpora through logsieve and the JS baselines.
//   (a) CRI → record table    (b) CRI → NDJSON bytes    (c) CRI → lazy batch, time/stream/log decoded
//   (d) Docker → NDJSON bytes, and a 1 GiB stream through push with the peak wasm memory.
// logsieve is fed 1 MiB chunks, as an agent reading files would; baselines get the whole buffer.
import { createEngine } from '../dist/node.js';
import { makeCriCorpus, makeDockerCorpus } from './corpus.mjs';
import { criIndexOf, criSplitRegex, dockerJsonParse } from './baselines.mjs';
import { chunks, measure, row } from './report.mjs';


export default async function run({ quick }) {
  const size = quick ? 8 << 20 : 64 << 20;
  const cri = makeCriCorpus(size);
  const docker = makeDockerCorpus(size);
  const criBuf = Buffer.from(cri.bytes.buffer, cri.bytes.byteOffset, cri.bytes.length);
  const dockerBuf = Buffer.from(docker.bytes.buffer, docker.bytes.byteOffset, docker.bytes.length);
  const criChunks = chunks(cri.bytes);
  const dockerChunks = chunks(docker.bytes);
  console.log(`corpora: CRI ${(cri.bytes.length / 2 ** 20).toFixed(1)} MiB, ${cri.lines} lines, ${cri.records} records; ` +
    `Docker ${(docker.bytes.length / 2 ** 20).toFixed(1)} MiB, ${docker.lines} lines`);

  for (const build of ['simd', 'scalar']) {
    const engine = createEngine({ build });
    // sanity: logsieve and the baselines agree on the record count
    {
      const s = engine.source(undefined, { format: 'cri' });
      let n = 0;
      for (const c of criChunks) n += s.pushCount(c);
      n += s.close().length;
      if (n !== cri.records) throw new Error(`${build}: ${n} records, corpus has ${cri.records}`);
    }
    console.log(`\n--- logsieve ${build} build ---`);
    const tableA = measure('cri→table', cri.bytes.length, () => {
      const s = engine.source(undefined, { format: 'cri' });
      for (const c of criChunks) s.pushCount(c);
      s.close();
    });
    const ndjsonB = measure('cri→ndjson', cri.bytes.length, () => {
      const s = engine.source(undefined, { format: 'cri' });
      for (const c of criChunks) s.pushNdjson(c);
      s.closeNdjson();
    });
    // the same without the `level` field (issue 8: detecting it reads each record's first bytes)
    const noLevel = createEngine({ build, levels: false });
    const ndjsonBnoLevel = measure('cri→ndjson, levels off', cri.bytes.length, () => {
      const s = noLevel.source(undefined, { format: 'cri' });
      for (const c of criChunks) s.pushNdjson(c);
      s.closeNdjson();
    });
    const dockerDnoLevel = measure('docker→ndjson, levels off', docker.bytes.length, () => {
      const s = noLevel.source(undefined, { format: 'docker' });
      for (const c of dockerChunks) s.pushNdjson(c);
      s.closeNdjson();
    });
    const lazyC = measure('cri→lazy', cri.bytes.length, () => {
      const s = engine.source(undefined, { format: 'cri' });
      let n = 0;
      for (const c of criChunks) {
        for (const r of s.push(c)) n += r.time.length + r.stream.length + r.log.length;
      }
      s.close();
      return n;
    });
    const dockerD = measure('docker→ndjson', docker.bytes.length, () => {
      const s = engine.source(undefined, { format: 'docker' });
      for (const c of dockerChunks) s.pushNdjson(c);
      s.closeNdjson();
    });
    const all = { tableA, ndjsonB, ndjsonBnoLevel, lazyC, dockerD, dockerDnoLevel };
    if (build === 'simd') run.results = all;
    else run.scalar = all;
  }

  console.log('\n--- JS baselines (same corpora, whole buffer) ---');
  const regex = measure('split+regex', cri.bytes.length, () => criSplitRegex(criBuf));
  row('baseline CRI: split + regex → objects', regex);
  const indexOf = measure('indexOf', cri.bytes.length, () => criIndexOf(criBuf));
  row('baseline CRI: Buffer.indexOf parser → objects', indexOf);
  const jsonParse = measure('JSON.parse', docker.bytes.length, () => dockerJsonParse(dockerBuf));
  row('baseline Docker: JSON.parse per line → objects', jsonParse);

  for (const [build, r] of [['simd', run.results], ['scalar', run.scalar]]) {
    console.log(`\n--- logsieve (${build}) vs baselines ---`);
    const base = [['regex', regex], ['indexOf', indexOf]];
    row(`(a) CRI → record table`, r.tableA, base);
    row(`(b) CRI → NDJSON bytes`, r.ndjsonB, base);
    row(`(b) CRI → NDJSON bytes, levels off`, r.ndjsonBnoLevel, base);
    row(`(c) CRI → lazy batch, time/stream/log decoded`, r.lazyC, base);
    row(`(d) Docker → NDJSON bytes`, r.dockerD, [['JSON.parse', jsonParse]]);
    row(`(d) Docker → NDJSON bytes, levels off`, r.dockerDnoLevel, [['JSON.parse', jsonParse]]);
  }

  // 1 GiB through push, one source, NDJSON out; peak wasm memory
  const engine = createEngine();
  const s = engine.source('/var/log/pods/bench_bench_0/c/0.log', { format: 'cri' });
  const rounds = quick ? 16 : Math.ceil((1 << 30) / cri.bytes.length);
  const t0 = process.hrtime.bigint();
  let outBytes = 0;
  for (let i = 0; i < rounds; i++) for (const c of criChunks) outBytes += s.pushNdjson(c).length;
  outBytes += s.closeNdjson().length;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const inBytes = rounds * cri.bytes.length;
  console.log(`\nstream ${(inBytes / 2 ** 30).toFixed(2)} GiB CRI → NDJSON (${(outBytes / 2 ** 30).toFixed(2)} GiB out) in ` +
    `${secs.toFixed(1)} s = ${(inBytes / secs / 1e6).toFixed(0)} MB/s; peak wasm memory ${(engine.memoryBytes() / 2 ** 20).toFixed(1)} MiB`);
}
