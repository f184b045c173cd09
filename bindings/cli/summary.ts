// The counters line printed on stderr at the end of a run.
import type { Counters } from '../core/abi.ts';

export function summaryLine(files: number, c: Counters): string {
  const errors = Object.entries(c.errors).filter(([, n]) => n > 0).map(([k, n]) => `${k}=${n}`).join(' ');
  return (
    `logsieve: files=${files} bytes=${c.bytesIn} lines=${c.linesIn} records=${c.records} ` +
    `errors=${c.errorRecords}${errors ? ` (${errors})` : ''} truncated=${c.truncatedRecords} ` +
    `pieces_joined=${c.piecesJoined} partial_released=${c.partialReleased} lines_cut=${c.linesCut}` +
    dropped(c)
  );
}

/** ` dropped=N (selector=… query=… grep=…)` when a filter dropped records; query errors when there were any. */
function dropped(c: Counters): string {
  const kinds = [['selector', c.droppedBySelector], ['query', c.droppedByQuery], ['grep', c.droppedByGrep]] as const;
  const total = kinds.reduce((n, [, v]) => n + v, 0);
  let s = '';
  if (total > 0) s += ` dropped=${total} (${kinds.filter(([, v]) => v > 0).map(([k, v]) => `${k}=${v}`).join(' ')})`;
  if (c.queryErrors > 0) s += ` query_errors=${c.queryErrors}`;
  return s;
}
