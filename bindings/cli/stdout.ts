// NDJSON to stdout, with back-pressure. A reader that goes away (`logsieve … | head -1`) is not an error:
// the run ends at once, quietly, with status 0 — whatever is left would be written to nobody.
import { once } from 'node:events';
import { describeError, printMessage } from './messages.ts';

export function endQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    printMessage(`logsieve: cannot write output: ${describeError(err)}`);
    process.exit(1);
  });
  // a closed stderr leaves nowhere to report anything; the exit status still tells
  process.stderr.on('error', () => {});
}

export async function writeStdout(bytes: Uint8Array | string): Promise<void> {
  if (bytes.length === 0) return;
  if (!process.stdout.write(bytes)) await once(process.stdout, 'drain');
}
