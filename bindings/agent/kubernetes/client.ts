// GET requests to the API server over node:http(s) with the ClusterConfig's TLS settings and credentials.
// node:https rather than fetch: Node's fetch cannot take a CA, client certificate or
// insecure-skip-tls-verify without the undici package. A non-2xx answer becomes an ApiError carrying the
// Kubernetes Status (code, reason, message) so callers can tell 410 Gone from the rest.
import { type IncomingMessage, request as httpRequest, Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ClusterConfig } from './config.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The longest error body read (a Status is small; a proxy's HTML page is not needed whole). */
const MAX_ERROR_BODY = 64 * 1024;

export interface RequestOptions {
  signal?: AbortSignal;
  /** Give up when no response head arrives in this time (a stalled server); for getJson, also when the
   *  body stops coming for this long. */
  headTimeoutMs?: number;
}

export class ApiClient {
  private agent: HttpAgent | HttpsAgent;
  private readonly secure: boolean;
  private readonly base: URL;
  /** The changing client certificate (config.clientCertificate) the agent was made with. */
  private agentCert: Buffer | undefined;

  constructor(readonly config: ClusterConfig) {
    this.base = new URL(config.server);
    this.secure = this.base.protocol === 'https:';
    if (!this.secure && this.base.protocol !== 'http:') throw new TypeError(`logsieve: the API server URL must be http(s): ${config.server}`);
    // one keep-alive agent: lists reuse a connection; each watch holds one for its life
    this.agent = this.secure ? this.httpsAgent(config.cert, config.key) : new HttpAgent({ keepAlive: true });
  }

  private httpsAgent(cert: Buffer | undefined, key: Buffer | undefined): HttpsAgent {
    return new HttpsAgent({
      keepAlive: true,
      ca: this.config.ca,
      cert,
      key,
      rejectUnauthorized: !this.config.insecureSkipTlsVerify,
      servername: this.config.tlsServerName,
    });
  }

  /** The agent for the next request: a new one when the changing client certificate changed (the old one's
   *  connections, a watch's too, are closed: client-go does the same; a watch resumes where it was). */
  private async currentAgent(): Promise<HttpAgent | HttpsAgent> {
    if (!this.secure || !this.config.clientCertificate) return this.agent;
    const pair = await this.config.clientCertificate();
    if (pair?.cert !== this.agentCert) {
      const old = this.agent;
      this.agent = this.httpsAgent(pair?.cert ?? this.config.cert, pair?.key ?? this.config.key);
      this.agentCert = pair?.cert;
      old.destroy();
    }
    return this.agent;
  }

  /** GET `path` (with its query); resolves with the 2xx response (its body unread), or rejects with ApiError. */
  async get(path: string, options: RequestOptions = {}): Promise<IncomingMessage> {
    const auth = this.config.authorization ? await this.config.authorization() : undefined;
    const agent = await this.currentAgent();
    const url = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'logsieve-agent' };
    if (auth) headers.Authorization = auth;
    const req = (this.secure ? httpsRequest : httpRequest)(url, { method: 'GET', agent, headers, signal: options.signal });
    return new Promise<IncomingMessage>((resolveResponse, reject) => {
      let timer: NodeJS.Timeout | undefined;
      if (options.headTimeoutMs !== undefined) {
        timer = setTimeout(() => req.destroy(new Error(`no answer from the API server in ${options.headTimeoutMs} ms`)), options.headTimeoutMs);
      }
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.on('response', (res) => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          resolveResponse(res);
          return;
        }
        if (status === 401) this.config.unauthorized?.(auth);
        readSome(res).then((body) => reject(apiError(status, body)), reject);
      });
      req.end();
    });
  }

  /** GET `path` and parse its JSON body (bounded by `maxBytes`; a body stalled for `headTimeoutMs` is given up). */
  async getJson(path: string, options: RequestOptions & { maxBytes?: number } = {}): Promise<unknown> {
    const res = await this.get(path, options);
    const max = options.maxBytes ?? 256 * 1024 * 1024;
    const parts: Buffer[] = [];
    let size = 0;
    const stall = options.headTimeoutMs === undefined ? undefined
      : setTimeout(() => res.destroy(new Error(`the API server stopped sending for ${options.headTimeoutMs} ms`)), options.headTimeoutMs);
    try {
      for await (const chunk of res) {
        stall?.refresh();
        size += (chunk as Buffer).length;
        if (size > max) {
          res.destroy();
          throw new Error(`the API server's answer to ${path.split('?')[0]} is over ${max} bytes`);
        }
        parts.push(chunk as Buffer);
      }
    } finally {
      clearTimeout(stall);
    }
    return JSON.parse(Buffer.concat(parts).toString('utf8'));
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

async function readSome(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res) {
      parts.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= MAX_ERROR_BODY) {
        res.destroy();
        break;
      }
    }
  } catch { /* a cut error body still says something */ }
  return Buffer.concat(parts).toString('utf8').slice(0, MAX_ERROR_BODY);
}

/** An error answer: the Kubernetes Status it carries, or its first words. */
function apiError(status: number, body: string): ApiError {
  let reason = '';
  let message = body.trim().slice(0, 200);
  try {
    const s = JSON.parse(body) as { reason?: unknown; message?: unknown };
    if (typeof s.reason === 'string') reason = s.reason;
    if (typeof s.message === 'string') message = s.message;
  } catch { /* not a Status */ }
  return new ApiError(status, reason, `API server answered ${status}${reason ? ` ${reason}` : ''}${message ? `: ${message}` : ''}`);
}
