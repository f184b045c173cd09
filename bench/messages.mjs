// Deterministic generator of realistic application log messages (the content of container log lines),
// shared by every benchmark corpus. Same seed → same bytes, so runs are comparable.

export function rng(seed = 0x9e3779b9) {
  let s = seed >>> 0;
  return () => {
    // xorshift32
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

const levels = ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'WARN', 'ERROR'];
const paths = ['/api/v1/orders', '/api/v1/users/42', '/healthz', '/metrics', '/api/v2/cart/checkout', '/login'];
const verbs = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const statuses = [200, 200, 200, 200, 201, 204, 301, 400, 404, 500, 502, 503];
const services = ['payments', 'checkout', 'inventory', 'auth', 'gateway'];
const words = ['request', 'completed', 'cache', 'miss', 'retrying', 'upstream', 'connection', 'refused', 'timeout',
  'user', 'session', 'expired', 'queue', 'depth', 'flushed', 'batch', 'commit', 'offset', 'rebalance', 'Timeout'];

const pick = (r, a) => a[Math.floor(r() * a.length)];
const ip = (r) => `${Math.floor(r() * 223) + 1}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;

/** One message of roughly `target` bytes (ASCII, with the odd quote and tab for the escapers). */
export function message(r, target = 110) {
  const kind = r();
  let m;
  if (kind < 0.35) {
    m = `${ip(r)} - - "${pick(r, verbs)} ${pick(r, paths)} HTTP/1.1" status=${pick(r, statuses)} bytes=${Math.floor(r() * 50000)} dur=${Math.floor(r() * 900)}ms`;
  } else if (kind < 0.6) {
    m = `{"level":"${pick(r, levels).toLowerCase()}","ts":${1764000000 + Math.floor(r() * 86400)}.${Math.floor(r() * 1e6)},"svc":"${pick(r, services)}","msg":"${pick(r, words)} ${pick(r, words)}","trace_id":"${Math.floor(r() * 2 ** 52).toString(16)}"}`;
  } else if (kind < 0.85) {
    m = `level=${pick(r, levels).toLowerCase()} svc=${pick(r, services)} msg="${pick(r, words)} ${pick(r, words)} ${pick(r, words)}" latency=${Math.floor(r() * 2000)}ms`;
  } else {
    m = `${pick(r, levels)}\t[${pick(r, services)}] ${pick(r, words)} ${pick(r, words)} ${pick(r, words)} from ${ip(r)}`;
  }
  while (m.length < target) m += ` ${pick(r, words)}`;
  return m;
}
