// Worker of the plain JavaScript viewer (bench baseline): each file read as text in 1 MiB slices, split into lines,
// each line matched by a CRI regex into an object { time, ms, stream, log } (P pieces joined to their F line per
// stream; a line the regex rejects is kept as an error object), all in one array; a query is a substring test
// (`includes`) over every object's log plus a 100-bucket time histogram. No multiline grouping, no levels, no LogQL.
const CRI = /^(\S+) (stdout|stderr) ([PF]) (.*)$/;
const CHUNK = 1 << 20;
let all = [];
let filesDone = 0;

const ROWS = 60;
const rowsOf = (list) => list.slice(0, ROWS).map((r) => ({ time: r.time, stream: r.stream, log: r.log }));

async function load(files) {
  let bytesRead = 0;
  for (const file of files) {
    const held = { stdout: '', stderr: '' };
    let carry = '';
    const decoder = new TextDecoder();
    for (let off = 0; off < file.size; off += CHUNK) {
      const buf = await file.slice(off, off + CHUNK).arrayBuffer();
      bytesRead += buf.byteLength;
      const text = carry + decoder.decode(buf, { stream: true });
      const lines = text.split('\n');
      carry = lines.pop();
      for (const line of lines) add(line, held, file.name);
      if (all.length && off === 0 && filesDone === 0) postMessage({ type: 'rows', rows: rowsOf(all) });
      postMessage({ type: 'progress', bytesRead, records: all.length });
    }
    carry += decoder.decode();
    if (carry) add(carry, held, file.name);
    for (const s of ['stdout', 'stderr']) if (held[s]) all.push({ time: '', ms: 0, stream: s, log: held[s], file: file.name, partial: true });
    filesDone++;
  }
  postMessage({ type: 'loaded', records: all.length, bytesRead });
}

function add(line, held, file) {
  const m = CRI.exec(line);
  if (!m) {
    all.push({ time: '', ms: 0, stream: 'unknown', log: line, file, error: true });
    return;
  }
  const [, time, stream, tag, log] = m;
  if (tag === 'P') {
    held[stream] += log;
    return;
  }
  const text = held[stream] + log;
  held[stream] = '';
  all.push({ time, ms: Date.parse(time), stream, log: text, file });
}

function select(text) {
  const kept = text === '' ? all : all.filter((r) => r.log.includes(text));
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of all) if (r.ms) { if (r.ms < lo) lo = r.ms; if (r.ms > hi) hi = r.ms; }
  const histogram = new Uint32Array(100);
  const width = (hi - lo) / 100 || 1;
  for (const r of kept) if (r.ms) histogram[Math.min(99, Math.floor((r.ms - lo) / width))]++;
  return { count: kept.length, rows: rowsOf(kept), histogram };
}

onmessage = ({ data: m }) => {
  if (m.type === 'load') load(m.files);
  else if (m.type === 'select') {
    const r = select(m.text);
    postMessage({ type: 'selected', sentAt: m.sentAt, ...r }, [r.histogram.buffer]);
  }
};
