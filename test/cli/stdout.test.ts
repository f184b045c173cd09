// Writing NDJSON to stdout (bindings/cli/stdout.ts): a reader that goes away (`logsieve … | head -1`).
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { criLines, scratchDir, spawnCli } from './run-cli.ts';
import { screen } from './screen.ts';

describe('logsieve stdout', () => {
  let dir: ReturnType<typeof scratchDir>;
  afterEach(() => dir?.remove());

  it('stdout closed early: the run ends at once, quietly, with status 0', async () => {
    dir = scratchDir();
    // Several files, each far more output than a pipe and one engine chunk hold, so the CLI is still writing
    // when the reader leaves; then a FIFO nobody writes to: reaching it would hang the CLI (killed → fails).
    const files: string[] = [];
    for (const name of ['a.log', 'b.log', 'c.log']) {
      writeFileSync(join(dir.path, name), criLines(name, 40_000, 100));
      files.push(join(dir.path, name));
    }
    const neverWritten = join(dir.path, 'never-written');
    execFileSync('mkfifo', [neverWritten]);
    const { child, ended } = spawnCli([...files, neverWritten], { stdio: ['ignore', 'pipe', 'pipe'] });
    let firstLine = '';
    child.stdout!.setEncoding('utf8').once('data', (d: string) => {
      firstLine = d.slice(0, d.indexOf('\n'));
      child.stdout!.destroy(); // like `head -1` exiting
    });
    const end = await ended;
    expect(JSON.parse(firstLine).log).toMatch(/^a\.log 0 x+$/);
    expect(end.signal).toBe(null);
    expect(end.stderr).toBe('');
    expect(end.code).toBe(0);
  });

  it.skipIf(!existsSync('/dev/full'))('stdout that cannot be written (a full disk): status 1, one clean line saying so', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const { ended } = spawnCli(['--progress', 'examples'], { stdio: ['ignore', full, 'pipe'] });
      const end = await ended;
      expect(end.code).toBe(1);
      expect(screen(end.stderr)).toEqual(['logsieve: cannot write output: ENOSPC: no space left on device']);
    } finally {
      closeSync(full);
    }
  });
});
