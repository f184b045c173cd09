// Path arguments → the inputs to read, in order. Directories are walked for *.log files (sorted by name,
// symlinks followed). Each real file is read once, however many routes lead to it (a symlink loop, or
// /var/log/containers links into /var/log/pods): files and directories are told apart by device + inode.
// In a walk only regular files are taken (a FIFO named *.log would block the run); a path named on the
// command line is read whatever it is, like stdin.
import { type BigIntStats, readdirSync, statSync } from 'node:fs';
import { joinPathBytes } from './path-bytes.ts';

export type Input = { kind: 'stdin' } | { kind: 'file'; path: Buffer };

/** Called for each path that cannot be read; the walk goes on with the others. */
export type ReportProblem = (path: Buffer, err: unknown) => void;

const LOG_SUFFIX = Buffer.from('.log');

export function collectInputs(args: readonly string[], reportProblem: ReportProblem): Input[] {
  const inputs: Input[] = [];
  const seen = new Set<string>(); // `dev:ino` of every file and directory already taken

  const firstVisit = (st: BigIntStats): boolean => {
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  };

  const walk = (dir: Buffer, st: BigIntStats): void => {
    if (!firstVisit(st)) return;
    let names: Buffer[];
    try {
      names = readdirSync(dir, { encoding: 'buffer' });
    } catch (err) {
      reportProblem(dir, err);
      return;
    }
    for (const name of names.sort(Buffer.compare)) {
      const path = joinPathBytes(dir, name);
      const isLog = name.subarray(-LOG_SUFFIX.length).equals(LOG_SUFFIX);
      let entry: BigIntStats;
      try {
        entry = statSync(path, { bigint: true });
      } catch (err) {
        // a dangling link not named *.log leads nowhere we would read; anything else is a loss to report
        if (isLog || (err as NodeJS.ErrnoException).code !== 'ENOENT') reportProblem(path, err);
        continue;
      }
      if (entry.isDirectory()) walk(path, entry);
      else if (isLog && entry.isFile() && firstVisit(entry)) inputs.push({ kind: 'file', path });
    }
  };

  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ kind: 'stdin' });
      continue;
    }
    const path = Buffer.from(arg);
    let st: BigIntStats;
    try {
      st = statSync(path, { bigint: true });
    } catch (err) {
      reportProblem(path, err);
      continue;
    }
    if (st.isDirectory()) walk(path, st);
    else if (firstVisit(st)) inputs.push({ kind: 'file', path });
  }
  return inputs;
}
