// A local stand-in for the Kubernetes API server's pod list/watch, on 127.0.0.1: a PodList with
// metadata.resourceVersion (paged by limit/continue), watches as newline-delimited events from a
// resourceVersion (history replayed, then live), BOOKMARKs, a compacted history that answers 410 Gone (as an
// HTTP status or as an ERROR event), dropped connections and a slow server. It records each request.
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface FakePod {
  metadata: { namespace: string; name: string; uid: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { nodeName: string; containers?: unknown[] };
  status?: { phase?: string };
}

interface Event { rv: number; type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: FakePod }

export interface RequestSeen {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  watch: boolean;
  /** For TLS servers: the client certificate's subject CN, if one was presented and verified. */
  clientCN?: string;
}

export class FakeApiServer {
  readonly requests: RequestSeen[] = [];
  rv = 100;
  /** Watches from a resourceVersion below this answer 410 Gone. */
  oldest = 0;
  /** How a watch from a compacted version is refused: an HTTP 410, or a 200 with an ERROR event. */
  goneAs: 'status' | 'event' = 'status';
  /** Delay (ms) before answering the next `stallLists` lists (a slow server). */
  stallMs = 0;
  stallLists = 0;
  /** Send half of the next `stallBodies` list bodies, then nothing for `stallMs` (a server stuck mid-answer). */
  stallBodies = 0;
  /** Write list bodies in pieces of this many bytes, a few ms apart (0: at once). */
  trickleBytes = 0;
  /** Answer the next `failNext` requests with this status. */
  failNext = 0;
  failStatus = 500;
  /** Page size the server uses when `limit` is asked (a smaller one shows paging). */
  pageSize = Infinity;
  /** Answer the next `goneWatches` watches with 410 Gone whatever their version (a server that keeps compacting). */
  goneWatches = 0;
  /** The token required in `Authorization: Bearer`, when set. */
  token: string | undefined;

  private readonly pods = new Map<string, FakePod>();
  private readonly history: Event[] = [];
  private readonly watches = new Set<{ res: ServerResponse; node?: string; sent: number }>();
  private readonly sockets = new Set<Socket>();
  private server!: Server;
  url = '';

  constructor(private readonly tls?: { key: Buffer; cert: Buffer; ca: Buffer }) {}

  async listen(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    this.server = this.tls
      ? createHttps({ key: this.tls.key, cert: this.tls.cert, ca: this.tls.ca, requestCert: true, rejectUnauthorized: false }, handler)
      : createHttp(handler);
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('secureConnection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const port = (this.server.address() as AddressInfo).port;
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  // ---- the cluster ----

  pod(namespace: string, name: string, uid: string, labels: Record<string, string>, nodeName = 'node-a'): FakePod {
    return { metadata: { namespace, name, uid, labels }, spec: { nodeName, containers: [{ name: 'main', image: 'x' }] }, status: { phase: 'Running' } };
  }

  /** Adds or changes a pod (ADDED / MODIFIED). */
  put(p: FakePod): void {
    const copy: FakePod = JSON.parse(JSON.stringify(p));
    copy.metadata.resourceVersion = String(++this.rv);
    const type = this.pods.has(copy.metadata.uid) ? 'MODIFIED' : 'ADDED';
    this.pods.set(copy.metadata.uid, copy);
    this.publish({ rv: this.rv, type, object: copy });
  }

  delete(uid: string): void {
    const p = this.pods.get(uid);
    if (!p) throw new Error(`no pod ${uid}`);
    this.pods.delete(uid);
    const copy: FakePod = JSON.parse(JSON.stringify(p));
    copy.metadata.resourceVersion = String(++this.rv);
    this.publish({ rv: this.rv, type: 'DELETED', object: copy });
  }

  /** Changes the cluster without telling any watch, then forgets the history: the next watch gets 410. */
  compactBehindWatchers(change: () => void): void {
    const open = [...this.watches];
    for (const w of open) this.watches.delete(w);
    change();
    this.oldest = this.rv + 1;
    for (const w of open) {
      if (this.goneAs === 'event') {
        this.write(w.res, { type: 'ERROR', object: gone() });
        w.res.end();
      } else {
        w.res.destroy();
      }
    }
  }

  bookmark(): void {
    for (const w of this.watches) {
      this.write(w.res, { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) } } });
    }
  }

  /** Cuts every open watch connection (no clean end). */
  dropWatches(): void {
    for (const w of this.watches) w.res.socket?.destroy();
    this.watches.clear();
  }

  get openWatches(): number {
    return this.watches.size;
  }

  // ---- the protocol ----

  private publish(e: Event): void {
    this.history.push(e);
    for (const w of this.watches) this.send(w, e);
  }

  private send(w: { res: ServerResponse; node?: string; sent: number }, e: Event): void {
    if (w.node && e.object.spec.nodeName !== w.node) return;
    this.write(w.res, { type: e.type, object: e.object });
    w.sent++;
  }

  private write(res: ServerResponse, ev: unknown): void {
    res.write(`${JSON.stringify(ev)}\n`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const watch = url.searchParams.get('watch') === '1' || url.searchParams.get('watch') === 'true';
    const sock = req.socket as Socket & { getPeerCertificate?: () => { subject?: { CN?: string } }; authorized?: boolean };
    const clientCN = sock.authorized && sock.getPeerCertificate ? sock.getPeerCertificate()?.subject?.CN : undefined;
    this.requests.push({ path: url.pathname, query: url.searchParams, headers: req.headers, watch, clientCN });
    if (this.failNext > 0) {
      this.failNext--;
      return this.status(res, this.failStatus, 'InternalError', 'failing on purpose');
    }
    if (this.token !== undefined && req.headers.authorization !== `Bearer ${this.token}`) {
      return this.status(res, 401, 'Unauthorized', 'Unauthorized');
    }
    if (url.pathname !== '/api/v1/pods') return this.status(res, 404, 'NotFound', 'not found');
    const selector = url.searchParams.get('fieldSelector');
    const node = selector?.startsWith('spec.nodeName=') ? selector.slice('spec.nodeName='.length) : undefined;
    if (selector && node === undefined) return this.status(res, 400, 'BadRequest', 'unsupported field selector');
    if (!watch) return this.list(req, res, url.searchParams, node);

    const from = Number(url.searchParams.get('resourceVersion') ?? this.rv);
    if (this.goneWatches > 0 || from < this.oldest - 1) {
      if (this.goneWatches > 0) this.goneWatches--;
      if (this.goneAs === 'status') return this.status(res, 410, 'Expired', `too old resource version: ${from} (${this.oldest})`);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      this.write(res, { type: 'ERROR', object: gone() });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const w = { res, node, sent: 0 };
    for (const e of this.history) if (e.rv > from) this.send(w, e);
    this.watches.add(w);
    res.on('close', () => this.watches.delete(w));
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 0);
    if (timeout > 0) {
      const t = setTimeout(() => {
        this.watches.delete(w);
        res.end();
      }, timeout * 1000);
      res.on('close', () => clearTimeout(t));
    }
  }

  private async list(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, node: string | undefined): Promise<void> {
    if (this.stallLists > 0) {
      this.stallLists--;
      await new Promise((r) => setTimeout(r, this.stallMs));
      if (req.socket.destroyed) return;
    }
    const all = [...this.pods.values()].filter((p) => !node || p.spec.nodeName === node)
      .sort((a, b) => a.metadata.uid.localeCompare(b.metadata.uid));
    const start = Number(q.get('continue') ?? 0);
    const limit = q.has('limit') ? Math.min(Number(q.get('limit')), this.pageSize) : Infinity;
    const items = all.slice(start, start + limit);
    const next = start + items.length < all.length ? String(start + items.length) : undefined;
    const body = JSON.stringify({
      kind: 'PodList', apiVersion: 'v1',
      metadata: { resourceVersion: String(this.rv), ...(next ? { continue: next } : {}) },
      items,
    });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (this.stallBodies > 0) {
      this.stallBodies--;
      res.write(body.slice(0, body.length >> 1));
      await new Promise((r) => setTimeout(r, this.stallMs));
      if (res.destroyed) return;
    }
    if (!this.trickleBytes) {
      res.end(body);
      return;
    }
    for (let i = 0; i < body.length; i += this.trickleBytes) {
      if (res.destroyed) return;
      res.write(body.slice(i, i + this.trickleBytes));
      await new Promise((r) => setTimeout(r, 2));
    }
    res.end();
  }

  private status(res: ServerResponse, code: number, reason: string, message: string): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code }));
  }
}

function gone() {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'too old resource version', reason: 'Expired', code: 410 };
}

/** Polls `check` until it is true (every 10 ms, at most `timeoutMs`): bounded waits, no timing asserted. */
export async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
