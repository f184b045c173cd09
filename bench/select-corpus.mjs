// Deterministic corpus for the select suite (issue 8): CRI files of many pods across namespaces, as a node keeps
// them under /var/log/pods, with the pods' labels as `kubectl get pods -A -o json` lists them. Same seed → same
// bytes.
//
//   makeSelectCorpus(targetBytes) → { sources: [{ path, bytes, labels, namespace, pod }], pods, bytes, lines }
//
// Messages: ~40 % JSON app lines with `status` (number) and `duration` (a Go duration string such as "312ms" or
// "1.2s"), ~30 % logfmt, ~30 % plain text; words such as error / timeout appear in some of them. All lines are
// whole (`F`): this suite measures filtering, not joining.
import { clock } from './corpus.mjs';
import { rng } from './messages.mjs';

const NAMESPACES = ['prod', 'staging', 'dev'];
const APPS = [['web', 'frontend'], ['web-admin', 'frontend'], ['api', 'backend'], ['cache', 'cache'], ['worker', 'backend']];
const WORDS = ['request', 'completed', 'cache', 'miss', 'retrying', 'upstream', 'connection', 'refused', 'queue',
  'depth', 'flushed', 'batch', 'commit', 'offset', 'user', 'session'];
const pick = (r, a) => a[Math.floor(r() * a.length)];

function duration(r) {
  const ms = Math.floor(r() * 900);
  return r() < 0.8 ? `${ms}ms` : `${(ms / 100).toFixed(1)}s`;
}

function message(r) {
  const k = r();
  const rare = r();
  const extra = rare < 0.03 ? ' error' : rare < 0.05 ? ' timeout' : '';
  if (k < 0.4) {
    const status = pick(r, [200, 200, 200, 201, 204, 302, 400, 404, 500, 502, 503]);
    return `{"level":"${status >= 500 ? 'error' : 'info'}","status":${status},"duration":"${duration(r)}","path":"/api/v1/${pick(r, WORDS)}","msg":"${pick(r, WORDS)} ${pick(r, WORDS)}${extra}"}`;
  }
  if (k < 0.7) return `level=${pick(r, ['info', 'info', 'debug', 'warn'])} msg="${pick(r, WORDS)} ${pick(r, WORDS)}${extra}" latency=${duration(r)}`;
  return `${pick(r, WORDS)} ${pick(r, WORDS)} ${pick(r, WORDS)} from 10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}${extra}`;
}

const hex = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const uid = (r) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-8${hex(r, 3)}-${hex(r, 12)}`;

export function makeSelectCorpus(targetBytes, { podCount = 45 } = {}) {
  const r = rng(0x5e1ec7);
  const now = clock(r);
  const enc = new TextEncoder();
  const sources = [];
  const items = [];
  for (let i = 0; i < podCount; i++) {
    const namespace = NAMESPACES[i % NAMESPACES.length];
    const [app, tier] = APPS[Math.floor(i / NAMESPACES.length) % APPS.length];
    const pod = `${app}-${hex(r, 9)}-${hex(r, 5)}`;
    const id = uid(r);
    const labels = { app, tier, 'app.kubernetes.io/name': app, 'pod-template-hash': hex(r, 9) };
    items.push({ metadata: { namespace, name: pod, uid: id, labels, annotations: { 'kubernetes.io/psp': 'restricted' } } });
    sources.push({ path: `/var/log/pods/${namespace}_${pod}_${id}/${app}/0.log`, namespace, pod, labels, parts: [], size: 0 });
  }
  let lines = 0;
  let total = 0;
  while (total < targetBytes) {
    const s = sources[Math.floor(r() * sources.length)];
    const line = `${now(50_000_000)} ${r() < 0.15 ? 'stderr' : 'stdout'} F ${message(r)}\n`;
    const b = enc.encode(line);
    s.parts.push(b);
    s.size += b.length;
    total += b.length;
    lines++;
  }
  for (const s of sources) {
    const bytes = new Uint8Array(s.size);
    let o = 0;
    for (const p of s.parts) {
      bytes.set(p, o);
      o += p.length;
    }
    s.bytes = bytes;
    delete s.parts;
    delete s.size;
  }
  return { sources, pods: { kind: 'PodList', items }, bytes: total, lines };
}
