// `logsieve agent` as a process while a writer process appends numbered CRI lines as fast as it is let and
// rotates its file: by rename (kubelet), by copytruncate (logrotate), by deletion. The agent writes NDJSON to a
// file output; every sequence number is counted. Rename and delete: every line comes out exactly once, in order
// within its file. Copytruncate: lines the agent read before a truncate come out exactly once; the lines written
// after its last read and before the truncate are only in the copy (copytruncate's own race: nothing that
// follows the file can read them) — the test accounts for them exactly: each racing instance comes out as a
// prefix of its lines (plus at most the piece of the line being written when it was cut), the rest is in the
// copy, and nothing comes twice; an instance whose truncate waited for the agent to catch up comes out whole.
// Bounded: the writer rotates instance r only after the agent delivered a line of it (a file rotated away before
// any tailer opened it is lost by every tailer), and writes at most maxLines per instance meanwhile.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NdjsonFile, type OutRecord, answerWriter, cleanup, podLogAndConfig, runWriter, scratch, startAgent, until, writerLine } from './agent-process.ts';

afterEach(cleanup);

function setup() {
  const dir = scratch();
  const signals = join(dir, 'signals');
  mkdirSync(signals);
  const outPath = join(dir, 'out.ndjson');
  // `*.log`: not the rotated names (0.log.<n>, 0.log.<timestamp>)
  const { file, config } = podLogAndConfig(dir, [`  - spec: "file:${outPath}"`, '    maxBatchWaitMs: 50', '    maxBatchBytes: 262144'],
    ['multilineIdle: 200ms', 'metricsPort: 0', 'kubernetes: false', 'shutdownDeadline: 20s']);
  return { file, signals, out: new NdjsonFile(outPath), config };
}

/** How many times each sequence number came out (index: seq). */
function counts(records: OutRecord[], lines: number): Uint32Array {
  const c = new Uint32Array(lines);
  for (const r of records) if (r.seq !== undefined) c[r.seq]++;
  return c;
}

/** Runs a writer with the agent following its file; returns the output once every `expected` line came out. */
async function run(mode: 'rename' | 'copytruncate' | 'delete', quiesce?: boolean[]) {
  const { file, signals, out, config } = setup();
  const agent = startAgent(config);
  await agent.metricsUrl();
  const writer = runWriter({ file, mode, rotations: 3, minLines: 15_000, maxLines: 60_000, burst: 40, signals, quiesce });
  answerWriter(writer, signals, () => { out.poll(); return out.maxSeq; });
  const lines = await writer.done;
  return { agent, writer, lines, out, file };
}

/** Waits until `expected` whole lines came out, stops the agent cleanly and reads the rest of its output. */
async function finish(r: Awaited<ReturnType<typeof run>>, expected: (c: Uint32Array) => boolean) {
  await until('the lines to come out', () => {
    r.out.poll();
    return expected(counts(r.out.records, r.lines));
  });
  expect(await r.agent.stop()).toBe(0);
  r.out.poll();
  return counts(r.out.records, r.lines);
}

const instanceOf = (instances: Array<{ first: number; last: number }>, seq: number) => instances.findIndex((i) => seq >= i.first && seq <= i.last);

/** Within each file instance the lines come out in the order they were written. */
function expectInOrderPerInstance(records: OutRecord[], instances: Array<{ first: number; last: number }>) {
  const last = instances.map(() => -1);
  for (const r of records) {
    if (r.seq === undefined) continue;
    const i = instanceOf(instances, r.seq);
    expect(r.seq, `line ${r.seq} after ${last[i]}`).toBeGreaterThan(last[i]);
    last[i] = r.seq;
  }
}

/** Rotation by rename or delete: all four file instances came out, every line exactly once, in order per file. */
async function expectEveryLineOnce(mode: 'rename' | 'delete') {
  const r = await run(mode);
  const c = await finish(r, (c) => c.every((n) => n > 0));
  const instances = r.writer.instances();
  expect(instances).toHaveLength(4);
  expect(r.out.records.filter((x) => x.seq === undefined)).toEqual([]);
  expect([...c].findIndex((n) => n !== 1)).toBe(-1); // every line exactly once
  expect(r.out.records).toHaveLength(r.lines);
  expectInOrderPerInstance(r.out.records, instances);
  expect(r.agent.stderr()).not.toContain('"level":"error"');
  console.log(`agent rotation by ${mode}: ${r.lines} lines in ${instances.length} files, each came out once`);
}

describe('logsieve agent: rotation while a writer writes fast', () => {
  it('by rename (0.log → 0.log.<timestamp>, 20 lines more through the old handle, a new 0.log): every line once', async () => {
    await expectEveryLineOnce('rename');
  }, 150_000);

  it('by delete (unlinked, then created again): every line once', async () => {
    await expectEveryLineOnce('delete');
  }, 150_000);

  it('by copytruncate: what was read comes out once; what the race leaves only in the copy is accounted for', async () => {
    // rotations 0 and 2 race the agent (the writer truncates at full speed); before 1 the writer waits until
    // the agent delivered its last line (then nothing can be lost)
    const quiesce = [false, true, false];
    const r = await run('copytruncate', quiesce);
    const instances = r.writer.instances();
    const lastInstance = instances[3];
    // the last instance is never truncated: done once all of it came out
    const c = await finish(r, (c) => c.subarray(lastInstance.first, lastInstance.last + 1).every((n) => n > 0));
    expect(instances).toHaveLength(4);
    expect([...c].findIndex((n) => n > 1)).toBe(-1); // nothing twice

    const pieces = r.out.records.filter((x) => x.seq === undefined);
    let lost = 0;
    const cuts: number[] = []; // per racing truncate, the first line that did not come out
    for (let i = 0; i < 4; i++) {
      const { first, last } = instances[i];
      const got = [...c.subarray(first, last + 1)];
      if (i === 3 || quiesce[i]) {
        expect(got.every((n) => n === 1), `instance ${i} whole`).toBe(true);
        continue;
      }
      // a racing instance: a prefix of its lines came out (at least one: the writer waited for it) …
      const k = got.indexOf(0);
      expect(k === -1 || k > 0, `instance ${i}: some of it came out`).toBe(true);
      if (k < 0) continue; // read to its end before the truncate
      cuts.push(first + k);
      expect(got.slice(k).every((n) => n === 0), `instance ${i}: lines first+${k}… are a suffix`).toBe(true);
      lost += got.length - k;
      // … the rest is in the copy, which holds the whole instance (copy and truncate are back to back)
      const copy = readFileSync(`${r.file}.${i + 1}`, 'latin1').split('\n').slice(0, -1);
      expect(copy.length).toBe(last - first + 1);
      expect(copy[0]).toBe(writerLine(first));
      expect(copy.at(-1)).toBe(writerLine(last));
    }
    // at most one piece per racing truncate: the line being written when it was cut, handed on as it was
    expect(pieces.length).toBeLessThanOrEqual(quiesce.filter((q) => !q).length);
    const pieceOf = (log: string, n: number) => writerLine(n).startsWith(log) || writerLine(n).slice(writerLine(n).indexOf(' F ') + 3).startsWith(log);
    for (const p of pieces) expect(cuts.some((n) => pieceOf(p.log, n)), `piece ${JSON.stringify(p)}`).toBe(true);
    expect(r.agent.stderr().match(/file truncated \(copytruncate\)/g)).toHaveLength(3);
    expect(r.agent.stderr()).not.toContain('"level":"error"');
    expectInOrderPerInstance(r.out.records, instances);
    const once = [...c].filter((n) => n === 1).length;
    expect(once + lost).toBe(r.lines);
    console.log(`agent rotation by copytruncate: ${r.lines} lines, ${once} came out once, ${lost} only in the copies (written after the agent's last read before a racing truncate), ${pieces.length} pieces`);
  }, 150_000);
});
