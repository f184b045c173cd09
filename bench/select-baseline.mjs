// JavaScript baseline for the select suite: what a good developer would write to filter container logs by the
// same four filters, producing the same NDJSON records (time, stream, log, file, kubernetes) for what it keeps:
//   - split lines with indexOf, the CRI header by its spaces, the message decoded with Buffer#toString;
//   - per source once: the label selector / stream selector over the pod's labels (a good developer does not
//     re-check per line what cannot change per line);
//   - per line: `includes` for a literal line filter, JSON.parse + a duration parser for the json label filter.
// Malformed lines are skipped (the corpus has none).

const NL = 10;
const SP = 32;

/** Go-style duration text → ms (NaN when it is not one). */
export function durationMs(s) {
  if (typeof s !== 'string') return NaN;
  const re = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/gy;
  const unit = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
  let total = 0;
  let m;
  let end = 0;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * unit[m[2]];
    end = re.lastIndex;
  }
  return end === s.length && end > 0 ? total : NaN;
}

/** The four filters of the suite, as JS: `source(s)` decides per source, `line(log)` per record. */
export const JS_FILTERS = {
  literal: { source: () => true, line: (log) => log.includes('error') },
  stream: {
    source: (s) => s.namespace === 'prod' && /^(?:web.*)$/.test(s.labels.app),
    line: (log) => log.includes('timeout'),
  },
  json: {
    source: () => true,
    line: (log) => {
      let o;
      try {
        o = JSON.parse(log);
      } catch {
        return false;
      }
      if (o === null || typeof o !== 'object') return false;
      const status = Number(o.status);
      return status >= 500 && durationMs(o.duration) > 250;
    },
  },
  selector: {
    source: (s) => ['web', 'api'].includes(s.labels.app) && s.labels.tier !== 'cache',
    line: () => true,
  },
};

/** Filters one source's CRI bytes; returns the NDJSON text of the kept records. */
export function filterSource(s, filter) {
  if (!filter.source(s)) return '';
  const buf = Buffer.isBuffer(s.bytes) ? s.bytes : Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength);
  const kubernetes = { namespace_name: s.namespace, pod_name: s.pod, labels: s.labels };
  let out = '';
  let p = 0;
  while (p < buf.length) {
    let nl = buf.indexOf(NL, p);
    if (nl < 0) nl = buf.length;
    const a = buf.indexOf(SP, p);
    const b = buf.indexOf(SP, a + 1);
    const c = buf.indexOf(SP, b + 1);
    if (a > 0 && b > a && c > b && c < nl) {
      const log = buf.toString('utf8', c + 1, nl);
      if (filter.line(log)) {
        out += JSON.stringify({ time: buf.toString('latin1', p, a), stream: buf.toString('latin1', a + 1, b), log, file: s.path, kubernetes }) + '\n';
      }
    }
    p = nl + 1;
  }
  return out;
}
