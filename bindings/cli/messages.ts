// Messages on stderr, each on a line of its own: a progress line being shown is cleared first, whichever
// part of the CLI has something to say (a path it cannot read, a failed write, the counters).

let clearProgressLine: () => void = () => {};

/** Registers how to clear the progress line before a message (one progress line per process). */
export function clearBeforeMessages(clear: () => void): void {
  clearProgressLine = clear;
}

export function printMessage(line: string): void {
  clearProgressLine();
  process.stderr.write(line + '\n');
}

/** An error as a message; for fs errors without the ", syscall 'path'" Node appends (we name the path). */
export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const message = String(e?.message ?? err);
  const tail = e?.syscall ? message.lastIndexOf(`, ${e.syscall}`) : -1;
  return tail > 0 ? message.slice(0, tail) : message;
}
