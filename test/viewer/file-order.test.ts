// Which files of a dropped or picked folder are read, in which order (bindings/viewer/file-order.ts).
import { describe, expect, it } from 'vitest';
import { comparePaths, folderFiles, isLogFileName } from '../../bindings/viewer/file-order.ts';

describe('folder files', () => {
  it('*.log and *.gz files, as the CLI walks: name by name at each level', () => {
    const paths = ['n/pods/a-b/0.log', 'n/pods/a/1.log', 'n/pods/a/0.log', 'n/pods/a/0.log.20260101.gz', 'n/pods/a/notes.txt', 'n/x.log'];
    expect(folderFiles(paths.map((path) => ({ path, file: path }))).map((f) => f.path)).toEqual([
      'n/pods/a/0.log', 'n/pods/a/0.log.20260101.gz', 'n/pods/a/1.log', 'n/pods/a-b/0.log', 'n/x.log',
    ]);
  });

  it('names', () => {
    expect(isLogFileName('0.log')).toBe(true);
    expect(isLogFileName('0.log.gz')).toBe(true);
    expect(isLogFileName('0.log.20260101-081400')).toBe(false); // as the CLI: not *.log
    expect(comparePaths('a/b', 'a-c')).toBeLessThan(0);
    expect(comparePaths('a', 'a/b')).toBeLessThan(0);
  });
});
