// The agent composed (bindings/agent/agent.ts): real files written while it runs, a Loki receiver on 127.0.0.1,
// a clean stop and a start again from the checkpoints: every record arrives exactly once, in order per stream,
// traces grouped; a stop whose outputs cannot deliver (the receiver refuses everything with 500) loses nothing:
// the next start reads again what was not acknowledged. Bounded waits, no wall-clock assertions.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Agent } from '../../bindings/agent/agent.ts';
import { createEngine } from '../../bindings/node.ts';
import { type Answer, receiver } from './outputs/helpers.ts';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const quiet = () => {};
let n = 0;
function lines(count: number): string {
  let s = '';
  for (let i = 0; i < count; i++, n++) {
    const t = `2026-11-24T10:${String(Math.floor(n / 60000) % 60).padStart(2, '0')}:${String(Math.floor(n / 1000) % 60).padStart(2, '0')}.${String(n % 1000).padStart(3, '0')}Z`;
    if (n % 7 === 3) s += `${t} stderr F Exception in thread "main" java.lang.IllegalStateException: n${n}\n${t} stderr F \tat a.B.c(B.java:${n})\n`;
    else if (n % 11 === 5) s += `${t} stdout P piece ${n} \n${t} stdout F end ${n}\n`;
    else s += `${t} stdout F line ${n}\n`;
  }
  return s;
}

/** Every line Loki received, in order of arrival. */
function received(requests: Array<{ body: Buffer }>): string[] {
  const out: string[] = [];
  for (const r of requests) {
    const push = JSON.parse(r.body.toString()) as { streams: Array<{ values: string[][] }> };
    for (const s of push.streams) for (const v of s.values) out.push(v[1]);
  }
  return out;
}

async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'logsieve-agent-'));
  dirs.push(dir);
  const logDir = join(dir, 'pods', 'shop_web-0_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c', 'web');
  mkdirSync(logDir, { recursive: true });
  return { dir, file: join(logDir, '0.log'), checkpoints: join(dir, 'state') };
}

const agentOptions = (dir: string, checkpoints: string, url: string) => ({
  checkpointDir: checkpoints,
  outputs: [{ spec: `loki:${url}`, maxBatchWaitMs: 20 }],
  engine: { multiline: { detectors: 'all' as const, idleMs: 100 } },
  files: { globs: [join(dir, 'pods', '*', '*', '*.log')], rescanIntervalMs: 50, pollIntervalMs: 50 },
  tickMs: 20,
  checkpointIntervalMs: 50,
  log: quiet,
});

/** The lines the engine makes of the whole file (what the receiver must get once each). */
function expectedLines(text: string): string[] {
  const e = createEngine({ multiline: { detectors: 'all' } });
  const s = e.source('x.log');
  const first = [...s.push(text)].map((r) => r.log);
  return [...first, ...[...s.close()].map((r) => r.log)];
}

describe('agent', () => {
  it('clean stop and start again: every record exactly once', async () => {
    const { dir, file, checkpoints } = setup();
    const loki = await receiver(() => ({ status: 204 }));
    try {
      let text = lines(200);
      appendFileSync(file, text);
      let agent = await Agent.start(agentOptions(dir, checkpoints, loki.url));
      const more = lines(300);
      appendFileSync(file, more);
      text += more;
      // the last trace of the file waits for the idle release; everything else comes at once
      await until('the first run\'s records', () => received(loki.requests).length >= expectedLines(text).length - 1);
      await agent.stop(5000);
      const last = lines(100);
      appendFileSync(file, last);
      text += last;
      agent = await Agent.start(agentOptions(dir, checkpoints, loki.url));
      await until('the second run\'s records', () => received(loki.requests).length >= expectedLines(text).length - 1);
      await new Promise((r) => setTimeout(r, 300)); // idle release of the last group, and nothing more
      await agent.stop(5000);
      const want = expectedLines(text);
      const got = received(loki.requests);
      expect(got.slice().sort()).toEqual(want.slice().sort());
    } finally {
      await loki.close();
    }
  }, 120_000);

  it('a stop while the receiver refuses everything loses nothing: the next start sends it', async () => {
    const { dir, file, checkpoints } = setup();
    let refuse = true;
    const loki = await receiver((): Answer => (refuse ? { status: 500 } : { status: 204 }));
    try {
      const text = lines(150);
      appendFileSync(file, text);
      let agent = await Agent.start(agentOptions(dir, checkpoints, loki.url));
      await until('a refused request', () => loki.requests.length > 0);
      await agent.stop(100); // the deadline passes: the batches stay unacknowledged
      const refused = loki.requests.length;
      refuse = false;
      agent = await Agent.start(agentOptions(dir, checkpoints, loki.url));
      const want = expectedLines(text);
      await until('every record', () => received(loki.requests.slice(refused)).length >= want.length);
      await agent.stop(5000);
      expect(received(loki.requests.slice(refused)).sort()).toEqual(want.slice().sort());
    } finally {
      await loki.close();
    }
  }, 120_000);
});
