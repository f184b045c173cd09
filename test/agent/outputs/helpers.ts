// Test helpers for the outputs: a real HTTP receiver on 127.0.0.1 that records every request (gunzipped), a
// fake clock (sleeps are recorded and end at once; seeded randomness), and engine-made bodies.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { Clock } from '../../../bindings/agent/outputs/clock.ts';
import { Closing } from '../../../bindings/agent/outputs/output.ts';
import { createEngine } from '../../../bindings/node.ts';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** the body as sent on the wire */
  raw: Buffer;
  /** gunzipped when Content-Encoding says gzip */
  body: Buffer;
  /** 0, 1, …: the request's number */
  n: number;
}

/** What the receiver does with a request: answer (status, headers, body), or 'stall' (never answer), or 'reset'. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'stall' | 'reset';

export interface Receiver {
  url: string;
  requests: Received[];
  close(): Promise<void>;
}

export async function receiver(answer: (req: Received) => Answer): Promise<Receiver> {
  const requests: Received[] = [];
  const stalled = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const r: Received = { method: req.method!, url: req.url!, headers: req.headers, raw, body, n: requests.length };
      requests.push(r);
      const a = answer(r);
      if (a === 'stall') {
        stalled.add(res);
        return;
      }
      if (a === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(a.status, a.headers);
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

import { seeded } from '../../helpers/seeded.ts';

export { seeded };

/** A clock whose sleeps are recorded and end on the next turn of the event loop (advancing now()). */
export function fakeClock(seed = 1, start = Date.UTC(2026, 11, 1, 6, 0, 0)): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: seeded(seed),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new Closing());
      sleeps.push(ms);
      now += ms;
      setImmediate(resolve);
    }),
  };
}

export const PODS = [{
  namespace: 'prod', name: 'web-0', uid: '0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c',
  labels: { app: 'web', 'app.kubernetes.io/name': 'web' },
}];
export const PATH = '/var/log/pods/prod_web-0_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c/main/0.log';
export const PATH2 = '/var/log/pods/prod_web-0_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c/side/0.log';

export const engine = () => createEngine({ pods: PODS, clock: () => 1_764_583_200_000 });

const enc = new TextEncoder();
/** CRI lines `line <from>` … `line <to - 1>` (a level on every third; stdout and stderr by turns unless oneStream). */
export function criLines(from: number, to: number, oneStream = false): Uint8Array {
  let s = '';
  for (let i = from; i < to; i++) {
    const t = new Date(Date.UTC(2026, 10, 24, 10, 0, 0) + i).toISOString();
    s += `${t} ${i % 2 && !oneStream ? 'stderr' : 'stdout'} F ${i % 3 === 0 ? 'ERROR ' : ''}line ${i}\n`;
  }
  return enc.encode(s);
}
