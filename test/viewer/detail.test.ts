// The detail pane's message text (bindings/viewer/detail.ts) and the table's time/label text (format.ts).
import { describe, expect, it } from 'vitest';
import { prettyMessage } from '../../bindings/viewer/detail.ts';
import { formatTime, formatWho } from '../../bindings/viewer/format.ts';

describe('detail and row text', () => {
  it('a JSON object or array message is pretty-printed; anything else is shown as it is', () => {
    expect(prettyMessage('{"level":"info","n":[1,2]}')).toBe('{\n  "level": "info",\n  "n": [\n    1,\n    2\n  ]\n}');
    expect(prettyMessage(' [1] ')).toBe('[\n  1\n]');
    expect(prettyMessage('{not json}')).toBe('{not json}');
    const trace = 'Exception in thread "main" java.lang.X\n\tat a.b(C.java:1)';
    expect(prettyMessage(trace)).toBe(trace);
  });

  it('times are UTC to the ms; the epoch itself (no time of its own) is a dash', () => {
    expect(formatTime(Date.UTC(2026, 10, 24, 10, 0, 0, 117) + 0.969)).toBe('2026-11-24 10:00:00.117');
    expect(formatTime(0)).toBe('—');
  });

  it('who: namespace/pod/container as known, else the file name', () => {
    expect(formatWho('shop', 'web-1', 'web', 'x')).toBe('shop/web-1/web');
    expect(formatWho('', '', '', 'logs/app.log')).toBe('app.log');
  });
});
