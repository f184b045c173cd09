// `logsieve agent` as a process shipping to a Loki receiver on 127.0.0.1 that misbehaves at random (seeded):
// it closes the connection, stalls past the output's timeout (and then answers 204: it kept the lines, so the
// agent's retry is a duplicate), answers 429 with Retry-After and 500 — while a writer process appends numbered
// CRI lines. First the receiver refuses everything until the agent's /metrics shows reading paused
// (backpressure), then the chaos. Checked:
// - nothing lost: every line is in some body the receiver kept;
// - duplicates only from retries: the agent sends one batch at a time and the same body again until it is
//   acknowledged, so the requests are runs of equal bodies; distinct bodies never share a line, and every
//   duplicate is a line of a body sent again after an attempt the agent saw fail (duplicates ≤ the lines of
//   failed attempts); the agent's failure and retry counters are its attempts less one per batch;
// - reading pauses under backpressure: logsieve_reading_paused is 1, the file's bytes read do not move while it
//   stays 1, the queue never holds more than its bound plus one batch, logsieve_reading_pauses_total counts it;
// - memory bounded: the refusing phase lasts until the file holds BACKLOG bytes the agent has not read; the
//   agent's peak RSS (VmHWM, /proc/<pid>/status) then is at most its peak at start + PAUSED_GROWTH, which is
//   below BACKLOG: an agent that read on into memory could not stay under it (it holds every byte it read until
//   the receiver takes it). Measured on this machine: ~18 MiB of growth there, and ~50 MiB over the whole run,
//   whatever the backlog (300k or 1M lines); with pausing disabled it grows with the backlog (+50 MiB for 25 MB
//   of it, +230 MiB for 83 MB). The whole run stays under the start + RUN_GROWTH: the queue bound, the batch
//   held back, the open batch, four 1 MiB reads, gzip and V8's young generation, with room to spare.
// Bounded waits, seeded answers, no assertion on the wall clock.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { seeded } from '../helpers/seeded.ts';
import { cleanup, peakRss, podLogAndConfig, runWriter, scrape, scratch, seqOf, startAgent, total, until } from './agent-process.ts';

afterEach(cleanup);

const TIMEOUT_MS = 1000; // the output's request timeout; a stall answers after it
const MAX_QUEUE_BYTES = 1 << 20;
const BACKLOG = 64 << 20;
const PAUSED_GROWTH = 48 << 20;
const RUN_GROWTH = 128 << 20;
// 94-byte CRI lines: a fast start (75 MB, ~15 MB/s) that builds the backlog, then a steady rate during the chaos
const PHASES = [{ lines: 800_000, burst: 250 }, { lines: 100_000, burst: 20 }];
const MiB = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;

type Answer = 'ok' | 'stall' | 'reset' | '429' | '500' | 'refuse';

interface Attempt {
  n: number;
  body: string;
  seqs: number[];
  answer: Answer;
  /** the receiver kept the lines (answered 2xx, in time or after the timeout) */
  kept: boolean;
}

/** A Loki receiver whose answers a seeded generator picks (after the refusing phase). */
async function chaosReceiver(seed: number) {
  const random = seeded(seed);
  const attempts: Attempt[] = [];
  const budget = { stall: 6, reset: 12, '429': 6 };
  let refusing = true;
  const pick = (): Answer => {
    if (refusing) return 'refuse';
    const x = random();
    if (x < 0.10 && budget.reset > 0) return (budget.reset--, 'reset');
    if (x < 0.18 && budget.stall > 0) return (budget.stall--, 'stall');
    if (x < 0.26 && budget['429'] > 0) return (budget['429']--, '429');
    if (x < 0.38) return '500';
    return 'ok';
  };
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const seqs: number[] = [];
      for (const s of (JSON.parse(body) as { streams: Array<{ values: string[][] }> }).streams) {
        for (const v of s.values) {
          const n = seqOf(v[1]);
          if (n === undefined) throw new Error(`not a writer line: ${v[1]}`);
          seqs.push(n);
        }
      }
      const answer = pick();
      attempts.push({ n: attempts.length, body, seqs, answer, kept: answer === 'ok' || answer === 'stall' });
      switch (answer) {
        case 'ok': res.writeHead(204).end(); break;
        case 'refuse': res.writeHead(500).end('not now'); break;
        case '500': res.writeHead(500).end('internal'); break;
        case '429': res.writeHead(429, { 'retry-after': '1' }).end('slow down'); break;
        case 'reset': req.socket.destroy(); break;
        case 'stall': {
          // kept, but answered after the agent gave up: its retry sends the same lines again
          const t = setTimeout(() => { timers.delete(t); if (!res.destroyed) res.writeHead(204).end(); }, TIMEOUT_MS + 500);
          timers.add(t);
          break;
        }
      }
    });
  });
  server.keepAliveTimeout = 0; // no idle close racing a request on a reused connection
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    attempts,
    startChaos: () => { refusing = false; },
    close: () => new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('logsieve agent and an unreliable receiver', () => {
  it('closes, stalls, 429, 500 at random while a writer writes: nothing lost, duplicates only from retries, reading paused, memory bounded', async () => {
    const receiver = await chaosReceiver(20261201);
    try {
      const dir = scratch();
      const { file, config } = podLogAndConfig(dir, [
        `  - spec: "loki:${receiver.url}"`,
        '    maxBatchBytes: 262144',
        '    maxBatchWaitMs: 50',
        `    maxQueueBytes: ${MAX_QUEUE_BYTES}`,
        `    timeoutMs: ${TIMEOUT_MS}`,
        '    backoff: { baseMs: 50, maxMs: 400 }',
      ], ['multilineIdle: 200ms', 'metricsPort: 0', 'kubernetes: false', 'shutdownDeadline: 5s']);
      const agent = startAgent(config);
      const metrics = await agent.metricsUrl();
      const rssAtStart = peakRss(agent.pid);
      const writer = runWriter({ file, mode: 'none', rotations: 0, minLines: 0, burst: 0, phases: PHASES, signals: dir });

      // every scrape: the queue never holds more than its bound plus one batch (one always fits an empty queue)
      let maxQueue = 0;
      let pausedScrapes = 0;
      const read = async () => {
        const m = await scrape(metrics);
        maxQueue = Math.max(maxQueue, total(m, 'logsieve_output_queue_bytes'));
        if (m.get('logsieve_reading_paused') === 1) pausedScrapes++;
        return { paused: m.get('logsieve_reading_paused'), pauses: m.get('logsieve_reading_pauses_total')!, bytesRead: total(m, 'logsieve_file_bytes_read_total'), m };
      };

      // 1. everything refused: the queue fills, reading pauses and stays paused (bytes read do not move) while the
      //    backlog grows in the file
      let held: { before: Awaited<ReturnType<typeof read>>; after: Awaited<ReturnType<typeof read>>; size: number } | undefined;
      await until(`reading to stay paused between two scrapes, with ${MiB(BACKLOG)} unread`, async () => {
        const before = await read();
        if (before.paused !== 1 || statSync(file).size - before.bytesRead < BACKLOG) return false;
        await new Promise((r) => setTimeout(r, 300));
        const after = await read();
        const size = statSync(file).size;
        if (after.paused !== 1 || after.pauses !== before.pauses) return false; // resumed in between: again
        held = { before, after, size };
        return true;
      }, 90_000, 50);
      const { before, after, size } = held!;
      const pausedPeak = peakRss(agent.pid);
      expect(after.bytesRead).toBe(before.bytesRead); // no reading while paused
      expect(size - after.bytesRead).toBeGreaterThanOrEqual(BACKLOG); // the backlog stays in the file …
      expect(pausedPeak).toBeLessThanOrEqual(rssAtStart + PAUSED_GROWTH); // … not in the agent
      expect(total(after.m, 'logsieve_output_records_total')).toBe(0);
      expect(after.pauses).toBeGreaterThanOrEqual(1);

      // 2. chaos until every line was kept at least once
      receiver.startChaos();
      const lines = await writer.done;
      const seen = new Uint8Array(lines);
      let missing = lines;
      let counted = 0;
      await until('every line kept by the receiver', async () => {
        for (; counted < receiver.attempts.length; counted++) {
          const a = receiver.attempts[counted];
          if (!a.kept) continue;
          for (const s of a.seqs) if (seen[s]++ === 0) missing--;
        }
        await read();
        return missing === 0;
      }, 120_000, 100);
      // and acknowledged: the agent counted them delivered and holds nothing
      let last = await read();
      await until('the agent to acknowledge every line', async () => {
        last = await read();
        return total(last.m, 'logsieve_output_records_total') === lines && total(last.m, 'logsieve_output_queue_batches') === 0;
      }, 60_000, 100);
      const peak = peakRss(agent.pid);
      expect(await agent.stop()).toBe(0);

      // nothing lost
      expect(missing).toBe(0);
      // the requests are runs of equal bodies (one batch at a time, sent again until acknowledged)
      const batches: Attempt[][] = [];
      for (const a of receiver.attempts) {
        const run = batches.at(-1);
        if (run && run[0].body === a.body) run.push(a);
        else batches.push([a]);
      }
      // distinct batches never share a line, and together hold every line, in order
      const all = batches.flatMap((b) => b[0].seqs);
      expect(all.length).toBe(lines);
      expect(all.every((s, i) => s === i)).toBe(true);
      // each batch's last attempt was kept (the agent moved on only after a 2xx)
      expect(batches.filter((b) => !b.at(-1)!.kept).map((b) => b.at(-1)!.n)).toEqual([]);
      // duplicates: lines kept more than once; each from a batch sent again after a failed attempt
      const kept = receiver.attempts.filter((a) => a.kept).reduce((n, a) => n + a.seqs.length, 0);
      const duplicates = kept - lines;
      const linesInFailedAttempts = batches.reduce((n, b) => n + (b.length - 1) * b[0].seqs.length, 0);
      expect(duplicates).toBeLessThanOrEqual(linesInFailedAttempts);
      // the agent counted every attempt but one per batch as a failure, and retried it (an attempt the receiver
      // never saw — cut before its body arrived — would be counted by the agent alone)
      const requests = total(last.m, 'logsieve_output_requests_total');
      expect(requests).toBeGreaterThanOrEqual(receiver.attempts.length);
      expect(total(last.m, 'logsieve_output_failures_total')).toBe(requests - batches.length);
      expect(total(last.m, 'logsieve_output_retries_total')).toBe(requests - batches.length);
      expect(total(last.m, 'logsieve_output_records_total')).toBe(lines);
      const kinds = (k: Answer) => receiver.attempts.filter((a) => a.answer === k).length;
      expect(kinds('stall')).toBeGreaterThan(0);
      expect(kinds('reset')).toBeGreaterThan(0);
      expect(kinds('429')).toBeGreaterThan(0);
      expect(kinds('500')).toBeGreaterThan(0);
      expect(last.m.get(`logsieve_output_retries_total{output="loki:${receiver.url}/loki/api/v1/push",reason="timeout"}`)).toBeGreaterThan(0);

      // backpressure: paused, counted, the queue bounded
      expect(last.pauses).toBeGreaterThanOrEqual(1);
      expect(pausedScrapes).toBeGreaterThanOrEqual(2);
      const biggestBatch = Math.max(...batches.map((b) => Buffer.byteLength(b[0].body)));
      expect(maxQueue).toBeLessThanOrEqual(MAX_QUEUE_BYTES + biggestBatch);
      // memory: bounded over the whole run, whatever the backlog
      expect(peak).toBeLessThanOrEqual(rssAtStart + RUN_GROWTH);

      console.log(`agent chaos: ${lines} lines (${(statSync(file).size / 1e6).toFixed(1)} MB), ${receiver.attempts.length} requests for ${batches.length} batches: ` +
        `${kinds('refuse')} refused while paused, ${kinds('reset')} resets, ${kinds('stall')} stalls, ${kinds('429')} 429, ${kinds('500')} 500; ` +
        `${duplicates} duplicate lines (≤ ${linesInFailedAttempts} in failed attempts); ${last.pauses} pauses; queue peak ${maxQueue} B (bound ${MAX_QUEUE_BYTES}, biggest batch ${biggestBatch}); ` +
        `VmHWM ${MiB(rssAtStart)} at start, ${MiB(pausedPeak)} paused with ${MiB(size - after.bytesRead)} unread, ${MiB(peak)} at the end`);
    } finally {
      await receiver.close();
    }
  }, 180_000);
});
