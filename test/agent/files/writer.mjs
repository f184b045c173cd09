// A log writer in its own process (real concurrency with the tailer): appends numbered lines fast and rotates
// its file the way a node does. Usage: node writer.mjs <json> with { file, mode, rotations, gapMs, seen }:
//   rename        kubelet: rename file → file.<timestamp>, a few more lines into the old handle (the runtime
//                 has not reopened yet), then a new file
//   copytruncate  logrotate: copy file → file.<n>, truncate file to 0, go on writing (O_APPEND)
//   delete        unlink the file (after closing it), then create it again
// Rotations are at least gapMs apart, and instance r is not rotated before the file `<seen><r>` exists (the
// test creates it when the tailer opened that instance: a file rotated away before any tailer saw it is lost
// by every tailer, and on a busy machine a rescan can come late); writing goes on meanwhile. Prints one JSON
// line per file instance written:
// { instance, first, last } (line numbers), then {"done":true,"lines":n}.
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { rotate } from '../../helpers/rotate.mjs';

const { file, mode, rotations, gapMs, seen } = JSON.parse(process.argv[2]);
const lineOf = (n) => `seq ${String(n).padStart(8, '0')} ${'x'.repeat(40)}\n`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let seq = 0;
let fd = openSync(file, 'a');
let instance = 0;
let first = 0;
const report = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const burst = (target, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += lineOf(seq++);
  writeSync(target, s);
};

for (let r = 0; r <= rotations; r++) {
  const until = Date.now() + gapMs;
  while (Date.now() < until || (r < rotations && !existsSync(`${seen}${r}`))) {
    burst(fd, 100);
    await sleep(1);
  }
  if (r === rotations) break;
  fd = rotate(mode, file, fd, r, (old) => burst(old, 20)); // rename: still written through the old handle
  report({ instance: instance++, first, last: seq - 1 });
  first = seq;
}
closeSync(fd);
report({ instance: instance++, first, last: seq - 1 });
report({ done: true, lines: seq });
