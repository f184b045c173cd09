// `logsieve agent` as a process (bindings/cli/agent.ts): a configuration file, a Loki receiver on 127.0.0.1, log
// files written (and rotated by rename, kubelet style) while it runs; `kill -9` at seeded moments and a start
// again: no record lost, and the duplicates (records sent again because the agent died before it could note
// the receiver's answer) are counted; SIGTERM then a start again: no duplicate. /metrics and /healthz answer.
// Bad usage and a bad configuration exit 2 with one line. Bounded waits; no wall-clock assertions.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { receiver } from '../agent/outputs/helpers.ts';
import { podLogAndConfig } from './agent-process.ts';

const BIN = join(__dirname, '..', '..', 'bin', 'logsieve.js');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let n = 0;
function lines(count: number): string {
  let s = '';
  for (let i = 0; i < count; i++, n++) {
    const t = `2026-11-24T10:${String(Math.floor(n / 60000) % 60).padStart(2, '0')}:${String(Math.floor(n / 1000) % 60).padStart(2, '0')}.${String(n % 1000).padStart(3, '0')}Z`;
    if (n % 9 === 4) s += `${t} stderr F Exception in thread "main" java.lang.IllegalStateException: n${n}\n${t} stderr F \tat a.B.c(B.java:${n})\n`;
    else if (n % 13 === 6) s += `${t} stdout P piece ${n} \n${t} stdout F end ${n}\n`;
    else s += `${t} stdout F line ${n}\n`;
  }
  return s;
}

function received(requests: Array<{ body: Buffer }>): string[] {
  const out: string[] = [];
  for (const r of requests) {
    for (const s of (JSON.parse(r.body.toString()) as { streams: Array<{ values: string[][] }> }).streams) for (const v of s.values) out.push(v[1]);
  }
  return out;
}

function expectedLines(texts: string[]): string[] {
  const e = createEngine({ multiline: { detectors: 'all' } });
  const out: string[] = [];
  for (const text of texts) {
    const s = e.source('x.log');
    out.push(...[...s.push(text)].map((r) => r.log));
    out.push(...[...s.close()].map((r) => r.log));
  }
  return out;
}

async function until(what: string, cond: () => boolean, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function start(config: string): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'agent', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stderr: () => err, exited };
}

function setup(lokiUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'logsieve-agent-cli-'));
  dirs.push(dir);
  const { file, config } = podLogAndConfig(dir, [`  - spec: "loki:${lokiUrl}"`, '    maxBatchWaitMs: 20'],
    ['multiline: all', 'multilineIdle: 200ms', 'metricsPort: 0', 'kubernetes: false', 'shutdownDeadline: 5s'], '*.log*');
  return { dir, file, config };
}

describe('logsieve agent', () => {
  it('kill -9 at seeded moments while files are written and rotated: nothing lost, duplicates counted; SIGTERM: none', async () => {
    const loki = await receiver(() => ({ status: 204 }));
    try {
      const { file, config } = setup(loki.url);
      const texts: string[] = [''];
      const write = (count: number) => {
        const t = lines(count);
        appendFileSync(file, t);
        texts[texts.length - 1] += t;
      };
      write(100);
      let rng = 20261201;
      const next = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let round = 0; round < 4; round++) {
        const a = start(config);
        for (let k = 0; k < 5 + Math.floor(next() * 10); k++) {
          write(20 + Math.floor(next() * 80));
          if (round === 1 && k === 2) {
            // kubelet's rotation: the file is renamed, a new one starts
            renameSync(file, `${file}.20261201-0700${k}`);
            texts.push('');
          }
          await new Promise((r) => setTimeout(r, 10 + next() * 40));
        }
        a.child.kill('SIGKILL');
        await a.exited;
      }
      // a last run, stopped cleanly once everything arrived
      const last = start(config);
      const want = expectedLines(texts);
      const count = (line: string, list: string[]) => list.filter((l) => l === line).length;
      await until('every record', () => new Set(received(loki.requests)).size >= new Set(want).size);
      await new Promise((r) => setTimeout(r, 400)); // idle release of a last trace
      last.child.kill('SIGTERM');
      expect(await last.exited).toBe(0);
      const got = received(loki.requests);
      const missing = want.filter((l) => count(l, got) === 0);
      expect(missing).toEqual([]);
      const duplicates = got.length - want.length;
      console.log(`logsieve agent kill -9 test: ${want.length} records, ${got.length} received, ${duplicates} sent again after kill -9`);
      expect(duplicates).toBeGreaterThanOrEqual(0);

      // after the clean stop: a start with nothing new sends nothing again
      const before = loki.requests.length;
      const again = start(config);
      await until('the agent to start', () => again.stderr().includes('"msg":"started"'));
      await new Promise((r) => setTimeout(r, 300));
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
      expect(received(loki.requests.slice(before))).toEqual([]);
    } finally {
      await loki.close();
    }
  }, 240_000);

  it('/metrics and /healthz answer on 127.0.0.1', async () => {
    const loki = await receiver(() => ({ status: 204 }));
    try {
      const { file, config } = setup(loki.url);
      const written = lines(10);
      appendFileSync(file, written);
      const a = start(config);
      await until('the metrics URL', () => /"msg":"metrics","url":"[^"]+"/.test(a.stderr()));
      const url = /"msg":"metrics","url":"([^"]+)"/.exec(a.stderr())![1];
      await until('records', () => received(loki.requests).length >= 10);
      const metrics = await (await fetch(url)).text();
      expect(metrics).toMatch(/logsieve_output_records_total\{output="loki:[^"]+"\} \d+/);
      expect(metrics).toMatch(/logsieve_file_bytes_read_total\{path="[^"]+0\.log"\} \d+/);
      const physical = written.split('\n').length - 1; // records of 10 lines, some of two (a trace, P + F)
      expect(metrics).toMatch(new RegExp(`logsieve_file_lines_read_total\\{path="[^"]+0\\.log"\\} ${physical}\\n`));
      expect(metrics).toMatch(/logsieve_engine_records_total \d+/);
      expect(await (await fetch(url.replace('/metrics', '/healthz'))).text()).toBe('ok\n');
      a.child.kill('SIGTERM');
      expect(await a.exited).toBe(0);
    } finally {
      await loki.close();
    }
  }, 120_000);

  it('bad usage and a bad configuration: exit 2 with one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsieve-agent-cli-'));
    dirs.push(dir);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'outputs: [stdout]\nbogus: 1\n');
    for (const args of [['--bogus'], ['--output', 'nope:x'], ['--query', '{app='], ['--config', bad], ['--metrics-port', '70000']]) {
      const r = spawnSync(process.execPath, [BIN, 'agent', ...args, '--checkpoint-dir', join(dir, 'cp')], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
