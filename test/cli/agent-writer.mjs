// A container's log writer in its own process, for the tests that run `logsieve agent` as a process: appends
// numbered CRI lines (`<time> stdout F seq <8 digits> x…`) as fast as it is let, and rotates its file the way
// a node does. Usage: node agent-writer.mjs <json> with
//   { file, mode: 'rename' | 'copytruncate' | 'delete' | 'none', rotations, minLines, burst, signals, quiesce?, maxLines? }
//   rename        kubelet: file → file.<timestamp>, 20 more lines through the old handle (the runtime has not
//                 reopened yet), then a new file
//   copytruncate  logrotate: copy file → file.<r+1>, then truncate file to 0 through the handle and go on
//                 writing (O_APPEND). Copy and truncate are done back to back by this process, so no line is
//                 written between them: the copy holds every line of the instance.
//   delete        close, unlink, create again
//   none          no rotation: `minLines` lines at `burst` lines a millisecond or so, or `phases`:
//                 [{ lines, burst }, …] one after the other (a fast start, then a steady rate)
// Bounded: instance r is rotated once it has at least `minLines` lines AND the file `<signals>/seen-<r>` exists
// (the test creates it once the agent's output holds a line of instance r: a file rotated away before the agent
// opened it is lost by any tailer). Meanwhile it writes `burst` lines every millisecond or so, up to `maxLines`
// per instance, then waits. With `quiesce[r]` true (copytruncate), writing stops before rotation r until
// `<signals>/caught-<r>` exists (the agent delivered the instance's last line): that truncate races nothing.
// stdout, one JSON line each: {"start":r,"first":n} when instance r starts; {"quiesced":r,"last":n};
// {"instance":r,"first":n,"last":n} when it is rotated away (or at the end); then {"done":true,"lines":n}.
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { rotate } from '../helpers/rotate.mjs';

const o = JSON.parse(process.argv[2]);
const { file, mode, rotations, minLines, burst, signals } = o;
const maxLines = Math.max(o.maxLines ?? minLines * 4, minLines);
const quiesce = o.quiesce ?? [];
const GIVE_UP_MS = 90_000;
const pad = 'x'.repeat(40);
// a distinct, increasing time per line (the fingerprint of every instance's first KiB differs)
const lineOf = (n) => `${new Date(Date.UTC(2026, 10, 24, 10, 0, 0) + n).toISOString().slice(0, -1)}000000Z stdout F seq ${String(n).padStart(8, '0')} ${pad}\n`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const report = (x) => process.stdout.write(JSON.stringify(x) + '\n');

async function waitFor(path) {
  const end = Date.now() + GIVE_UP_MS;
  while (!existsSync(path)) {
    if (Date.now() > end) {
      process.stderr.write(`writer: no ${path} within ${GIVE_UP_MS} ms\n`);
      process.exit(3);
    }
    await sleep(5);
  }
}

let seq = 0;
let fd = openSync(file, 'a');
const write = (target, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += lineOf(seq++);
  writeSync(target, s);
};

if (mode === 'none') {
  report({ start: 0, first: 0 });
  // `phases`: [{ lines, burst }, …] one after the other (default one phase: minLines at burst)
  let end = 0;
  for (const phase of o.phases ?? [{ lines: minLines, burst }]) {
    end += phase.lines;
    while (seq < end) {
      write(fd, Math.min(phase.burst, end - seq));
      await sleep(1);
    }
  }
  closeSync(fd);
  report({ instance: 0, first: 0, last: seq - 1 });
  report({ done: true, lines: seq });
  process.exit(0);
}

for (let r = 0; r <= rotations; r++) {
  const first = seq;
  report({ start: r, first });
  const seen = `${signals}/seen-${r}`;
  while (seq - first < minLines || (r < rotations && !existsSync(seen))) {
    if (seq - first < maxLines) {
      write(fd, Math.min(burst, first + maxLines - seq));
      await sleep(1);
    } else {
      await waitFor(seen); // the bound: no more lines until the agent has seen this instance
    }
  }
  if (r === rotations) {
    report({ instance: r, first, last: seq - 1 });
    break;
  }
  if (quiesce[r]) {
    report({ quiesced: r, last: seq - 1 });
    await waitFor(`${signals}/caught-${r}`);
  }
  // copytruncate racing: a last burst just before the copy, which the agent can hardly have read when the file is cut
  if (mode === 'copytruncate' && !quiesce[r]) write(fd, 2000);
  fd = rotate(mode, file, fd, r, (old) => write(old, 20)); // rename: the runtime writes through its old handle
  report({ instance: r, first, last: seq - 1 });
}
closeSync(fd);
report({ done: true, lines: seq });
