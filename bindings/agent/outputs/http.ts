// HTTP delivery shared by the receivers: POST the engine's body (gzipped), wait for the answer within a
// timeout, and retry until it is delivered — exponential backoff with full jitter, or the receiver's
// Retry-After on 429/503. One request in flight (Output), so bodies arrive and acks come in order. What an
// answer means is each receiver's judge(); the default suits Loki, OTLP and Splunk HEC.
//
// Retry policy (never drop what could still pass): network errors, timeouts, 408, 429, 5xx and the other 4xx
// (401/403/404: credentials or a URL an operator can fix) are retried forever, while the queue fills and
// backpressure stops the readers. Only 400, 413 and 422 — this body will never be accepted — drop the batch,
// counted as `rejected`, and acknowledge it so the checkpoint moves on.

import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import * as zlib from 'node:zlib';
import { type Clock, realClock } from './clock.ts';
import { Closing, Output, type OutputOptions } from './output.ts';
import type { Batch } from './queue.ts';
import { type BackoffOptions, backoffMs, retryAfterMs } from './retry.ts';


export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What an answer means. */
export type Verdict =
  | { ok: true; dropped?: { reason: string; records: number; message?: string } }
  | { retry: string; afterMs?: number; message?: string }
  | { reject: string; message?: string }
  /** some records delivered, some dropped for good, `body` (with `records`) still to send */
  | { partial: { body: Uint8Array; records: number; dropped: number; dropReason: string; message?: string } };

export interface HttpOutputOptions extends OutputOptions {
  /** gzip bodies (Content-Encoding: gzip; default true) */
  gzip?: boolean;
  /** zlib level (default 1: logs compress well even at the fastest level, and the agent's CPU is the budget) */
  gzipLevel?: number;
  /** a request's whole time, connect to last response byte (default 30 s) */
  timeoutMs?: number;
  backoff?: BackoffOptions;
  /** the longest Retry-After honoured, ms (default 5 min) */
  maxRetryAfterMs?: number;
  /** extra request headers */
  headers?: Record<string, string>;
  /** the answer's body is read up to this many bytes (default 16 MiB) */
  maxResponseBytes?: number;
  clock?: Clock;
  /** for tests and custom CAs (https) */
  agent?: http.Agent;
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** The URL without credentials (for names and logs) and a Basic Authorization header from them. */
export function splitCredentials(url: URL): { url: URL; authorization?: string } {
  if (url.username === '' && url.password === '') return { url };
  const clean = new URL(url.href);
  clean.username = '';
  clean.password = '';
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  return { url: clean, authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
}

/** The URL with `path` when it has none (`http://loki:3100` → `http://loki:3100/loki/api/v1/push`). */
export function withDefaultPath(url: URL, path: string): URL {
  const out = new URL(url.href);
  if (out.pathname === '' || out.pathname === '/') out.pathname = path;
  return out;
}

/** The default meaning of a status (see the file's comment). */
export function judgeStatus(reply: HttpReply, nowMs: number, maxRetryAfterMs: number): Verdict {
  const s = reply.status;
  if (s >= 200 && s < 300) return { ok: true };
  const message = `HTTP ${s}: ${reply.body.subarray(0, 200).toString('utf8').trim()}`;
  if (s === 429 || s === 503) return { retry: `http_${s}`, afterMs: retryAfterMs(reply.headers['retry-after'], nowMs, maxRetryAfterMs), message };
  if (s >= 500) return { retry: 'http_5xx', message };
  if (s === 400 || s === 413 || s === 422) return { reject: 'rejected', message };
  return { retry: 'http_4xx', message };
}

export class HttpOutput extends Output {
  readonly url: URL;
  protected readonly clock: Clock;
  private readonly headers: Record<string, string>;
  private readonly agent: http.Agent;
  private readonly ownAgent: boolean;

  constructor(name: string, url: URL, readonly contentType: string, protected readonly options: HttpOutputOptions = {}) {
    const { url: clean, authorization } = splitCredentials(url);
    super(`${name}:${clean.origin}${clean.pathname}`, options); // no credentials, no query: a metrics label
    this.url = clean;
    this.clock = options.clock ?? realClock;
    this.headers = {
      'content-type': contentType, 'user-agent': 'logsieve',
      ...(authorization ? { authorization } : {}),
      ...(options.gzip !== false ? { 'content-encoding': 'gzip' } : {}),
      ...options.headers,
    };
    this.ownAgent = options.agent === undefined;
    // keep-alive: one connection reused for every batch
    this.agent = options.agent ?? new (clean.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 1 });
  }

  /** What the receiver's answer means (receivers override; `body`/`records` are what was sent). */
  protected judge(reply: HttpReply, _body: Uint8Array, _records: number): Verdict {
    return judgeStatus(reply, this.clock.now(), this.options.maxRetryAfterMs ?? 300_000);
  }

  protected async deliver(batch: Batch): Promise<void> {
    const signal = this.abort.signal;
    let body = batch.body;
    let records = batch.records;
    let wire = this.encode(body);
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw new Closing();
      this.counters.requests++;
      this.counters.wireBytes += wire.length;
      let verdict: Verdict;
      try {
        verdict = this.judge(await this.send(wire), body, records);
      } catch (err) {
        if (signal.aborted) throw new Closing();
        verdict = { retry: err instanceof TimeoutError ? 'timeout' : 'network', message: (err as Error).message };
      }
      if ('ok' in verdict) {
        const dropped = Math.min(verdict.dropped?.records ?? 0, records);
        if (dropped > 0) {
          this.counters.drop(verdict.dropped!.reason, dropped);
          this.emit('dropped', { reason: verdict.dropped!.reason, records: dropped, message: verdict.dropped!.message });
        }
        this.counters.recordsOut += records - dropped;
        this.counters.bytesOut += body.length;
        return;
      }
      if ('reject' in verdict) {
        this.counters.failures++;
        this.counters.drop(verdict.reject, records);
        this.emit('dropped', { reason: verdict.reject, records, message: verdict.message });
        return;
      }
      let afterMs: number | undefined;
      let reason: string;
      let message: string | undefined;
      if ('partial' in verdict) {
        const p = verdict.partial;
        this.counters.drop(p.dropReason, p.dropped);
        if (p.dropped > 0) this.emit('dropped', { reason: p.dropReason, records: p.dropped, message: p.message });
        this.counters.recordsOut += records - p.records - p.dropped;
        this.counters.bytesOut += body.length - p.body.length;
        if (p.records === 0) return;
        body = p.body;
        records = p.records;
        this.queue.resize(body.length);
        wire = this.encode(body);
        reason = 'items';
        message = p.message;
      } else {
        reason = verdict.retry;
        afterMs = verdict.afterMs;
        message = verdict.message;
      }
      this.counters.failures++;
      this.counters.retry(reason);
      const delayMs = afterMs ?? backoffMs(attempt, this.options.backoff ?? {}, this.clock.random);
      this.emit('retry', { reason, attempt: attempt + 1, delayMs, message });
      await this.clock.sleep(delayMs, signal);
    }
  }

  private encode(body: Uint8Array): Uint8Array {
    if (this.options.gzip === false) return body;
    // on this thread: zlib's thread pool costs more CPU per body (the hand-offs, a cold cache: 8–12 % of the
    // agent's CPU measured, and no faster end to end), and the agent's budget is CPU per core
    return zlib.gzipSync(body, { level: this.options.gzipLevel ?? 1 });
  }

  /** One POST; resolves with the whole answer, rejects on a network error or the timeout. */
  private send(wire: Uint8Array): Promise<HttpReply> {
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const limit = this.options.maxResponseBytes ?? 16 << 20;
    return new Promise((resolve, reject) => {
      const mod = this.url.protocol === 'https:' ? https : http;
      const req = mod.request(this.url, {
        method: 'POST', agent: this.agent, signal: this.abort.signal,
        headers: { ...this.headers, 'content-length': String(wire.length) },
      });
      let settled = false;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new TimeoutError(timeoutMs));
      }, timeoutMs);
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(timedOut ? new TimeoutError(timeoutMs) : err);
      };
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= limit) chunks.push(c);
        });
        res.on('error', fail);
        // a connection cut in the middle of the answer (or the timeout) ends without 'end'
        res.on('close', () => { if (!res.complete) fail(new Error('connection closed during the answer')); });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (size > limit) return reject(new Error(`answer larger than ${limit} bytes`));
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      req.end(wire);
    });
  }

  protected async release(): Promise<void> {
    if (this.ownAgent) this.agent.destroy();
  }
}
