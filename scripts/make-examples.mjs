// Generates examples/: a small, deterministic sample of a Kubernetes node's container log tree
// (CRI files under var/log/pods, the var/log/containers symlinks kubelet makes to them, one Docker json-file log
// under var/lib/docker/containers).
// Usage: node scripts/make-examples.mjs   (rewrites examples/var; same bytes on every run)
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { message, rng } from '../bench/messages.mjs';
import { dockerEscape } from '../bench/corpus.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'examples');
const enc = new TextEncoder();

const r = rng(0x10c5e7e);
const pick = (a) => a[Math.floor(r() * a.length)];

// ---------------------------------------------------------------------------------------------- clocks and stamps
const START = BigInt(Date.UTC(2026, 10, 24, 10, 0, 0)) * 1_000_000n; // ns

function makeClock(startNs) {
  let t = startNs;
  return (maxMs = 400) => {
    t += BigInt(Math.floor(r() * maxMs * 1e6)) + 1n;
    // now and then land on a whole millisecond or second (trimmed fractions, or none at all); time never goes back
    if (r() < 0.08) t += (1_000_000n - (t % 1_000_000n)) % 1_000_000n;
    if (r() < 0.03) t += (1_000_000_000n - (t % 1_000_000_000n)) % 1_000_000_000n;
    return t;
  };
}

function isoParts(ns) {
  const sec = ns / 1_000_000_000n;
  const frac = ns % 1_000_000_000n;
  return [new Date(Number(sec) * 1000).toISOString().slice(0, 19), frac.toString().padStart(9, '0')];
}
/** containerd / Docker: Go RFC3339Nano in UTC, trailing zeros trimmed, `Z`. */
function goNano(ns) {
  const [base, frac] = isoParts(ns);
  const f = frac.replace(/0+$/, '');
  return f === '' ? `${base}Z` : `${base}.${f}Z`;
}
/** CRI-O: local time with 9 digits and a numeric offset. */
function crioStamp(ns, offsetMin) {
  const [base, frac] = isoParts(ns + BigInt(offsetMin) * 60_000_000_000n);
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${base}.${frac}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------- CRI writer
class CriFile {
  constructor(style, offsetMin = 0) {
    this.style = style; // 'containerd' | 'crio'
    this.offsetMin = offsetMin;
    this.clock = makeClock(START);
    this.parts = [];
    this.lines = 0;
  }
  stamp(ns) {
    return this.style === 'crio' ? crioStamp(ns, this.offsetMin) : goNano(ns);
  }
  /** one physical line: header + content bytes (+ '\n' unless `noNewline`) */
  line(stream, tag, content, { ns = this.clock(), noNewline = false, space = true } = {}) {
    const bytes = typeof content === 'string' ? enc.encode(content) : content;
    this.parts.push(enc.encode(`${this.stamp(ns)} ${stream} ${tag}${space ? ' ' : ''}`), bytes);
    if (!noNewline) this.parts.push(enc.encode('\n'));
    this.lines++;
  }
  /** a whole message; the runtime splits it into P pieces of `max` bytes plus a final F (containerd: 16 KiB) */
  msg(stream, text, max = 16384) {
    const bytes = enc.encode(text);
    let o = 0;
    while (bytes.length - o > max) {
      this.line(stream, 'P', bytes.subarray(o, o + max), { ns: this.clock(1) });
      o += max;
    }
    this.line(stream, 'F', bytes.subarray(o));
  }
  /** a message split at the given byte offsets into P pieces (as CRI-O does at read boundaries) */
  pieces(stream, text, cuts, { bareTerminator = false } = {}) {
    const bytes = enc.encode(text);
    let o = 0;
    for (const c of cuts) {
      this.line(stream, 'P', bytes.subarray(o, c), { ns: this.clock(2) });
      o = c;
    }
    if (bareTerminator) {
      // the last read had no newline: conmon writes it as P, then `TS stream F` (no space, no content) at the '\n'
      this.line(stream, 'P', bytes.subarray(o), { ns: this.clock(2) });
      this.line(stream, 'F', '', { ns: this.clock(2), space: false });
    } else {
      this.line(stream, 'F', bytes.subarray(o), { ns: this.clock(2) });
    }
  }
  raw(text) {
    this.parts.push(enc.encode(`${text}\n`));
    this.lines++;
  }
  bytes() {
    return Buffer.concat(this.parts);
  }
}

// ---------------------------------------------------------------------------------------------- Docker writer
class DockerFile {
  constructor(attrs) {
    this.attrs = attrs;
    this.clock = makeClock(START + 3_600_000_000_000n);
    this.parts = [];
    this.lines = 0;
  }
  entry(stream, log, ns) {
    const a = this.attrs ? `,"attrs":${JSON.stringify(this.attrs)}` : '';
    this.parts.push(`{"log":"${dockerEscape(log)}","stream":"${stream}"${a},"time":"${goNano(ns)}"}\n`);
    this.lines++;
  }
  /** Docker's copier cuts a message into 16 KiB pieces (no '\n' but the last); all pieces share the first time. */
  msg(stream, text, max = 16384) {
    const ns = this.clock();
    let rest = text; // ASCII only when long, so characters = bytes
    while (rest.length > max) {
      this.entry(stream, rest.slice(0, max), ns);
      rest = rest.slice(max);
    }
    this.entry(stream, `${rest}\n`, ns);
  }
  raw(text) {
    this.parts.push(`${text}\n`);
    this.lines++;
  }
  bytes() {
    return Buffer.from(this.parts.join(''), 'utf8');
  }
}

// ---------------------------------------------------------------------------------------------- app content
const INTL = ['Bestellung 4711 bestätigt für Jürgen Müller', 'commande expédiée à Besançon — délai 2 jours',
  '注文を受け付けました (order accepted)', 'платёж отклонён: недостаточно средств', 'deploy finished 🚀✅ in 42s',
  'user reacted 👍🏽 to comment #17', 'café ☕ order queued'];
const logfmt = () => `ts=${new Date(Date.UTC(2026, 10, 24, 10) + Math.floor(r() * 3.6e6)).toISOString()} level=${pick(['info', 'info', 'debug', 'warn'])} component=${pick(['cart', 'pricing', 'stock'])} msg="${pick(['cache refreshed', 'price computed', 'stock reserved', 'slow query'])}" took=${Math.floor(r() * 900)}ms`;
const json = (level, msg, extra = {}) => JSON.stringify({ level, ts: new Date(Date.UTC(2026, 10, 24, 10) + Math.floor(r() * 3.6e6)).toISOString(), logger: 'checkout', msg, ...extra });
const hex = (seed) => createHash('sha256').update(seed).digest('hex');

const JAVA_TRACE = [
  '2026-11-24 10:01:02.345 ERROR 1 --- [nio-8080-exec-7] o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() for servlet [dispatcherServlet] threw exception',
  'java.lang.IllegalStateException: payment provider returned HTTP 502',
  '\tat com.example.payments.ProviderClient.charge(ProviderClient.java:118)',
  '\tat com.example.payments.PaymentService.authorize(PaymentService.java:64)',
  '\tat com.example.payments.PaymentController.pay(PaymentController.java:41)',
  '\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
  '\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)',
  '\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)',
  '\t... 48 common frames omitted',
  'Caused by: java.net.SocketTimeoutException: Read timed out',
  '\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)',
  '\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)',
  '\t... 12 more',
];

// ---------------------------------------------------------------------------------------------- 1: checkout (containerd)
function checkout() {
  const f = new CriFile('containerd');
  f.msg('stdout', json('info', 'starting checkout service', { version: '2.14.1', port: 8080 }));
  f.msg('stderr', 'WARNING: GOMAXPROCS not set, using 4');
  for (let i = 0; i < 70; i++) {
    const k = r();
    const stream = r() < 0.2 ? 'stderr' : 'stdout';
    if (k < 0.3) f.msg(stream, json(stream === 'stderr' ? 'error' : 'info', message(r, 40).slice(0, 60), { order_id: 1000 + i }));
    else if (k < 0.55) f.msg(stream, logfmt());
    else if (k < 0.65) f.msg(stream, `${pick(INTL)} (request ${hex(String(i)).slice(0, 8)})`);
    else if (k < 0.75) {
      // a message split into P pieces with a line of the other stream written in between
      const m = message(r, 150);
      const cut = 40 + Math.floor(r() * 60);
      f.line(stream, 'P', m.slice(0, cut));
      f.msg(stream === 'stdout' ? 'stderr' : 'stdout', logfmt());
      f.line(stream, 'F', m.slice(cut));
    } else f.msg(stream, message(r, 110));
    if (i === 35) {
      // one ~40 KiB line: containerd writes 16 KiB P pieces + an F; the first cut falls inside an emoji
      const items = [];
      for (let j = 0; items.join(',').length < 40000; j++) items.push(`{"sku":"SKU-${String(j).padStart(5, '0')}","qty":${1 + (j % 5)}}`);
      const head = '{"level":"debug","msg":"cart snapshot","items":[';
      let text = head + items.join(',') + ']}';
      text = text.slice(0, 16382) + '🛒' + text.slice(16382); // 4 bytes at 16382..16385: cut at 16384 splits it
      f.msg('stdout', text);
    }
  }
  // container output that ended without a newline: containerd writes it as a P line (pending at end of file)
  f.line('stdout', 'P', 'shutting down: draining 3 connections...');
  return f;
}

// ---------------------------------------------------------------------------------------------- 2: payments (containerd)
function payments() {
  const f = new CriFile('containerd');
  // the file starts mid-line (copytruncate-style rotation cut): malformed first line
  f.raw('4:05.123456Z stdout F  tail of a line cut by rotation');
  f.msg('stdout', '  .   ____          _            __ _ _');
  f.msg('stdout', ' :: Spring Boot ::                (v3.3.2)');
  for (let i = 0; i < 25; i++) {
    f.msg('stdout', `2026-11-24 10:00:${String(10 + i).padStart(2, '0')}.${String(i * 37 % 1000).padStart(3, '0')}  INFO 1 --- [nio-8080-exec-${1 + (i % 8)}] c.e.payments.PaymentController : ${message(r, 60)}`);
    if (i === 12) {
      // a stack trace on stderr, one F line per trace line, with a stdout line written in the middle
      JAVA_TRACE.forEach((l, j) => {
        f.msg('stderr', l);
        if (j === 6) f.msg('stdout', '2026-11-24 10:01:02.350  INFO 1 --- [nio-8080-exec-2] c.e.payments.Health : ok');
      });
    }
    if (i === 18) {
      const t = f.stamp(f.clock());
      f.raw(`${t} stdin F not a real stream`); // bad_stream
      f.raw(`${t} stdout `); // missing_tag
      f.raw(`${t.replace('T', 't')} stdout F lowercase t`); // bad_timestamp
    }
  }
  f.msg('stdout', 'Commencing graceful shutdown. Waiting for active requests to complete');
  return f;
}

// ---------------------------------------------------------------------------------------------- 3: coredns (CRI-O)
function coredns() {
  const f = new CriFile('crio', 60); // node in UTC+01:00
  f.msg('stdout', '.:53');
  f.msg('stdout', '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908');
  f.msg('stdout', 'CoreDNS-1.11.3');
  f.msg('stdout', 'linux/amd64, go1.21.11, a6338e9');
  const names = ['checkout.shop.svc.cluster.local.', 'payments-api.shop.svc.cluster.local.', 'example.com.', 'registry.k8s.io.'];
  for (let i = 0; i < 40; i++) {
    f.msg('stdout', `[INFO] 10.244.${i % 3}.${10 + (i % 40)}:${40000 + Math.floor(r() * 20000)} - ${Math.floor(r() * 65535)} "${pick(['A', 'AAAA'])} IN ${pick(names)} udp ${40 + (i % 30)} false 512" ${pick(['NOERROR', 'NOERROR', 'NXDOMAIN'])} qr,aa,rd ${100 + i} 0.000${100 + Math.floor(r() * 800)}s`);
    if (i === 10) f.msg('stderr', '[WARNING] No files matching import glob pattern: custom/*.override');
    if (i === 20) {
      // CRI-O marks P wherever a read did not end in a newline: split points vary
      f.pieces('stdout', '[ERROR] plugin/errors: 2 example.com. A: read udp 10.244.0.5:51234->8.8.8.8:53: i/o timeout', [31, 57]);
    }
    if (i === 30) {
      // conmon ends a pending partial line with a bare `TS stdout F` (no space, no content)
      f.pieces('stdout', '[INFO] SIGTERM: Shutting down servers then terminating', [20], { bareTerminator: true });
    }
  }
  return f;
}

// ---------------------------------------------------------------------------------------------- 4: Docker json-file
function dockerWeb() {
  const f = new DockerFile({ tag: 'web', 'com.docker.compose.service': 'web' });
  f.msg('stdout', '/docker-entrypoint.sh: Configuration complete; ready for start up');
  for (let i = 0; i < 60; i++) {
    const k = r();
    const ip = `172.18.0.${2 + (i % 9)}`;
    if (k < 0.6) f.msg('stdout', `${ip} - - [24/Nov/2026:11:00:${String(i % 60).padStart(2, '0')} +0000] "GET /search?q=a&lang=${pick(['en', 'de', 'ja'])} HTTP/1.1" ${pick([200, 200, 304, 404])} ${Math.floor(r() * 9000)} "-" "Mozilla/5.0 (X11; Linux x86_64)"`);
    else if (k < 0.75) f.msg('stderr', `2026/11/24 11:00:${String(i % 60).padStart(2, '0')} [warn] 29#29: *${i} upstream response is buffered to a temporary file, client: ${ip}`);
    else if (k < 0.85) f.msg('stdout', `<html><body>${pick(INTL)}</body></html> & more`);
    else {
      // a message written in two pieces (no '\n' in the first), with the other stream in between
      const ns = f.clock();
      f.entry('stdout', 'rendering template "checkout.html" ', ns);
      f.entry('stderr', `[notice] worker ${i} reopening logs\n`, f.clock(1));
      f.entry('stdout', `done in ${Math.floor(r() * 90)}ms\n`, ns);
    }
    if (i === 30) {
      // one ~20 KiB line: Docker's copier writes 16 KiB pieces without '\n', all with the first piece's time
      let big = 'X-Debug-Dump: ';
      while (big.length < 20000) big += `k${big.length}=v;`;
      f.msg('stdout', big);
    }
    if (i === 45) {
      f.raw('{"log":"write cut short by a crash","stream":"stdout","ti'); // bad_json
      f.raw('{"log":"bad stream\\n","stream":"stdin","time":"2026-11-24T11:00:00Z"}'); // bad_stream
    }
  }
  return f;
}

// ---------------------------------------------------------------------------------------------- write the tree
const pods = [
  ['shop_checkout-7d9f8b6c5d-x2x4q_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c', 'checkout', checkout],
  ['shop_payments-api-6b8c9d7f4-q9w8e_7e3f2a1b-9c8d-4b7a-8e6f-5d4c3b2a1908', 'payments-api', payments],
  ['kube-system_coredns-5d78c9869d-7kq2m_c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f', 'coredns', coredns],
];
rmSync(join(out, 'var'), { recursive: true, force: true });
const summary = [];
function write(rel, bytes, lines) {
  const p = join(out, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, bytes);
  summary.push(`${rel}: ${bytes.length} bytes, ${lines} lines`);
}
for (const [dir, container, make] of pods) {
  const f = make();
  write(`var/log/pods/${dir}/${container}/0.log`, f.bytes(), f.lines);
}
// kubelet's /var/log/containers/<pod>_<namespace>_<container>-<64 hex container id>.log → the pod's log file
// (relative targets, so the tree works wherever the repository is; the container id is made up from the names)
mkdirSync(join(out, 'var/log/containers'), { recursive: true });
for (const [dir, container] of pods) {
  const [namespace, name] = dir.split('_');
  const link = `var/log/containers/${name}_${namespace}_${container}-${hex(`logsieve-example-container/${namespace}/${name}/${container}`)}.log`;
  symlinkSync(`../pods/${dir}/${container}/0.log`, join(out, link));
  summary.push(`${link} -> ../pods/${dir}/${container}/0.log`);
}
const id = hex('logsieve-example-web');
const d = dockerWeb();
write(`var/lib/docker/containers/${id}/${id}-json.log`, d.bytes(), d.lines);
// the pods' labels and annotations, as `kubectl get pods -A -o json` lists them (for --pods)
const podLabels = {
  checkout: { app: 'checkout', tier: 'web', 'app.kubernetes.io/name': 'checkout', 'app.kubernetes.io/part-of': 'shop' },
  'payments-api': { app: 'payments-api', tier: 'backend', 'app.kubernetes.io/name': 'payments', 'app.kubernetes.io/part-of': 'shop' },
  coredns: { 'k8s-app': 'kube-dns', 'pod-template-hash': '5d78c9869d' },
};
const items = pods.map(([dir, container]) => {
  const [namespace, name, uid] = dir.split('_');
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { namespace, name, uid, labels: podLabels[container], annotations: { 'kubectl.kubernetes.io/default-container': container } },
    spec: { nodeName: 'node-1', containers: [{ name: container }] },
  };
});
const podList = JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 2) + '\n';
writeFileSync(join(out, 'pods.json'), podList);
summary.push(`pods.json: ${items.length} pods`);
console.log(summary.join('\n'));
