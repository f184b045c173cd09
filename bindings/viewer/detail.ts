// The expanded record (#detail): every line of a grouped trace, a JSON message pretty-printed, and the
// record's fields (time, level, stream, file, kubernetes, flags).

import type { RecordObject } from '../core/record.ts';

/** The message as shown: pretty-printed when it is one JSON object or array, otherwise as it is. */
export function prettyMessage(log: string): string {
  const t = log.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return log;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return log;
  }
}

export class Detail {
  constructor(private readonly box: HTMLElement) {}

  get open(): boolean {
    return !this.box.hidden;
  }

  close(): void {
    this.box.hidden = true;
  }

  show(record: RecordObject & { timeMs?: number }): void {
    const fields: Array<[string, string]> = [['time', record.time], ['stream', record.stream]];
    if (record.level) fields.push(['level', record.level]);
    if (record.error) fields.push(['error', record.error]);
    if (record.partial) fields.push(['partial', 'yes (released before its last piece)']);
    if (record.truncated) fields.push(['truncated', 'yes (cut at the size limit)']);
    if (record.multiline) fields.push(['multiline', `${record.multiline}, ${record.logLines ?? 1} lines`]);
    if (record.__error__) fields.push(['__error__', record.__error__]);
    if (record.file) fields.push(['file', record.file]);
    if (record.kubernetes) fields.push(['kubernetes', JSON.stringify(record.kubernetes)]);
    if (record.attrs !== undefined) fields.push(['attrs', JSON.stringify(record.attrs)]);
    const dl = document.createElement('dl');
    for (const [k, v] of fields) {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      dl.append(dt, dd);
    }
    const pre = document.createElement('pre');
    pre.className = 'log';
    pre.textContent = prettyMessage(record.log);
    this.box.replaceChildren(dl, pre);
    this.box.hidden = false;
  }
}
