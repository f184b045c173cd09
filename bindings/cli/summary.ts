// The counters line printed on stderr at the end of a run.
import type { Counters } from '../core/abi.ts';

export function summaryLine(files: number, c: Counters): string {
  const errors = Object.entries(c.errors).filter(([, n]) => n > 0).map(([k, n]) => `${k}=${n}`).join(' ');
  return (
    `logsieve: files=${files} bytes=${c.bytesIn} lines=${c.linesIn} records=${c.records} ` +
    `errors=${c.errorRecords}${errors ? ` (${errors})` : ''} truncated=${c.truncatedRecords} ` +
    `pieces_joined=${c.piecesJoined} partial_released=${c.partialReleased} lines_cut=${c.linesCut}`
  );
}
