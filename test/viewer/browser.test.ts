// The viewer page (dist/viewer, issue 10) in Debian's chromium: what it shows equals what the CLI writes for the
// same input (`node bin/logsieve.js --multiline all [--query Q] PATHS`, /work/notes/viewer-contract.md):
//   the example tree (both folders through #folder-input, and its files one by one through #file-input) and a
//   generated ~100 MB CRI file (#file-input): counts, errors by reason, partial, truncated; a query narrows the
//   table and the histogram (matched = the CLI's lines, histogram total = matched less records without a time);
//   a grouped trace expands; a bad query shows the CLI's position; the export is the CLI's NDJSON byte for byte;
//   the worker survives a binary file; screenshots (kept in a tmp dir for a day, path printed) are not one flat
//   colour and the table and histogram are drawn; `logsieve view --no-open --port 0 PATHS` serves a page that
//   loads those files. The histogram's counts are read from the worker's `selected` replies (protocol.ts) by a
//   test-only wrapper around Worker; its drawing from the canvas's pixels.
// No wall-clock assertions: every wait is on the page's own `window.logsieveViewer.whenIdle()` (timeouts generous,
// the machine is shared). Skipped, loudly, without chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchViewerBrowser, newViewerContext, skipNote } from './chromium.ts';
import { type CliOutput, type Summary, bin, root, runCli, viewerArgs } from './cli.ts';
import { type Scratch, generateBinary, generateCri, scratch } from './generate.ts';
import { decodePng, distinctColours } from './png.ts';
import { type StaticServer, serveStatic } from './serve.ts';
import type { ViewerState } from '../../bindings/viewer/controller.ts';

const viewerDir = join(root, 'dist/viewer');
const BIG_BYTES = 100 * 1000 * 1000;
const EPOCH = '{"time":"1970-01-01T00:00:00.000000000Z"';
const DOCKER_LOG = join(root, 'examples/var/lib/docker/containers/8618a7603dd87e645f72748f4f816fc3ed1c9ff117536186cdde3219c478ccb7/8618a7603dd87e645f72748f4f816fc3ed1c9ff117536186cdde3219c478ccb7-json.log');

const SHOTS_PREFIX = 'logsieve-viewer-screenshots-';

/** Screenshot folders of earlier runs are kept for a day (to look at), then removed by a later run. */
function pruneOldScreenshots() {
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(SHOTS_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    try {
      if (statSync(dir).mtimeMs < dayAgo) rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run removed it first
    }
  }
}


/** What the test sees of the worker's last `selected` message (recorded by a wrapper around Worker, see open()). */
interface SeenSelection {
  count: number;
  histogramTotal: number;
  untimed: number;
}

let browser: Browser;
let server: StaticServer;
let work: Scratch;
let shots: string;
let tree: string; // scratch/tree: pods -> examples/var/log/pods, containers -> examples/var/lib/docker/containers
let big: string;

describe.skipIf(!haveChromium)(`viewer page in chromium${skipNote}`, () => {
  beforeAll(async () => {
    if (!existsSync(join(viewerDir, 'index.html'))) throw new Error(`${viewerDir}/index.html missing: run npm run build`);
    work = scratch();
    pruneOldScreenshots();
    shots = mkdtempSync(join(tmpdir(), SHOTS_PREFIX));
    console.log(`viewer screenshots: ${shots}`);
    tree = join(work.dir, 'tree');
    mkdirSync(tree);
    symlinkSync(join(root, 'examples/var/log/pods'), join(tree, 'pods'));
    symlinkSync(join(root, 'examples/var/lib/docker/containers'), join(tree, 'containers'));
    big = join(work.dir, 'big.log');
    generateCri(big, BIG_BYTES);
    server = await serveStatic(viewerDir);
    browser = await launchViewerBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    work?.remove();
  });

  // ---- helpers ------------------------------------------------------------------------------------------------

  async function open(): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
    const context = await newViewerContext(browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      // test-only: keep what the worker's `selected` replies say about the histogram (protocol.ts Selected)
      const Native = window.Worker;
      (window as any).__seen = undefined;
      (window as any).Worker = class extends Native {
        constructor(url: string | URL, opts?: WorkerOptions) {
          super(url, opts);
          this.addEventListener('message', (e: MessageEvent) => {
            const d = e.data;
            if (d && d.type === 'selected' && d.histogram) {
              let t = 0;
              for (const n of d.histogram as Uint32Array) t += n;
              (window as any).__seen = { count: d.count, histogramTotal: t, untimed: d.untimed };
            }
          });
        }
      };
    });
    await page.goto(`${server.base}/index.html`);
    await page.waitForFunction(() => (window as any).logsieveViewer !== undefined);
    return { page, context, errors };
  }

  const state = (page: Page): Promise<ViewerState> => page.evaluate(() => (window as any).logsieveViewer.state());
  const counters = (page: Page): Promise<any> => page.evaluate(() => (window as any).logsieveViewer.counters());
  const seen = (page: Page): Promise<SeenSelection | undefined> => page.evaluate(() => (window as any).__seen);

  /** Waits until `bytes` have been given to the page and it is idle (loaded, no query pending). */
  async function idle(page: Page, bytes?: number): Promise<ViewerState> {
    if (bytes !== undefined) {
      await page.waitForFunction((b) => (window as any).logsieveViewer.state().bytesTotal >= b, bytes,
        { timeout: 300_000, polling: 100 });
    }
    await page.evaluate(() => (window as any).logsieveViewer.whenIdle());
    const s = await state(page);
    expect(s.phase).toBe('ready');
    return s;
  }

  async function query(page: Page, text: string): Promise<ViewerState> {
    await page.fill('#query', text);
    return idle(page);
  }

  /** The viewer's counters equal the CLI's summary line, in the hook and in #counters. */
  async function expectCounters(page: Page, cli: Summary) {
    const c = await counters(page);
    expect({
      lines: c.linesIn, records: c.records, errors: c.errorRecords,
      errorsByReason: Object.fromEntries(Object.entries(c.errors as Record<string, number>).filter(([, n]) => n > 0)),
      truncated: c.truncatedRecords, partialReleased: c.partialReleased, piecesJoined: c.piecesJoined,
    }).toEqual({
      lines: cli.lines, records: cli.records, errors: cli.errors, errorsByReason: cli.errorsByReason,
      truncated: cli.truncated, partialReleased: cli.partialReleased, piecesJoined: cli.piecesJoined,
    });
    const shown = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('#counters [data-counter]')]
      .map((e) => [e.dataset.counter, e.textContent?.replace(/[^\d]/g, '')])));
    expect(Number(shown.lines)).toBe(cli.lines);
    expect(Number(shown.records)).toBe(cli.records);
    expect(Number(shown.errors)).toBe(cli.errors);
    expect(Number(shown.partial)).toBe(cli.partialReleased);
    expect(Number(shown.truncated)).toBe(cli.truncated);
    for (const [reason, n] of Object.entries(cli.errorsByReason)) expect(Number(shown[`error:${reason}`])).toBe(n);
  }

  /**
   * The histogram of the last selection counts every matched record that has a time of its own: all of them but
   * the CLI's records at the epoch (error records before any good line of a source; the page's `untimed`).
   */
  async function expectHistogram(page: Page, cli: CliOutput) {
    const h = await seen(page);
    expect(h).toBeDefined();
    expect(h!.count).toBe(cli.lines);
    const untimed = cli.text !== undefined ? cli.text.split('\n').filter((l) => l.startsWith(EPOCH)).length : 0;
    if (cli.text === undefined) expect(h!.untimed).toBe(0); // nothing at the epoch at all
    expect(h!.histogramTotal).toBe(cli.lines - untimed);
  }

  /** Clicks #export and returns the downloaded bytes' sha256 and size. */
  async function exported(page: Page): Promise<{ sha256: string; bytes: number; text?: string }> {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.click('#export')]);
    expect(download.suggestedFilename()).toBe('logsieve.ndjson');
    const file = join(work.dir, `export-${Date.now()}-${Math.random().toString(36).slice(2)}.ndjson`);
    await download.saveAs(file);
    const size = statSync(file).size;
    const hash = createHash('sha256');
    hash.update(readFileSync(file));
    return { sha256: hash.digest('hex'), bytes: size, text: size < 4 << 20 ? readFileSync(file, 'utf8') : undefined };
  }

  async function expectExportEquals(page: Page, cli: CliOutput) {
    const got = await exported(page);
    if (cli.text !== undefined && got.text !== undefined && got.text !== cli.text) {
      expect(got.text).toBe(cli.text); // a readable diff
    }
    expect({ bytes: got.bytes, sha256: got.sha256 }).toEqual({ bytes: cli.bytes, sha256: cli.sha256 });
  }

  /** Non-background pixels of the histogram's canvas (uPlot draws into one <canvas>). */
  const histogramInk = (page: Page): Promise<number> => page.evaluate(() => {
    let ink = 0;
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>('#histogram canvas')) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) continue;
      const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 0 && !(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) ink++;
      }
    }
    return ink;
  });

  /** A digest of the histogram canvas's pixels (to tell that a query redrew it). */
  const histogramPixels = (page: Page): Promise<string> => page.evaluate(() => {
    let h = 0x811c9dc5;
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>('#histogram canvas')) {
      const d = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 0x01000193) >>> 0;
    }
    return h.toString(16);
  });

  const renderedRows = (page: Page) => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#table .row')]
    .map((r) => ({ index: Number(r.dataset.index), level: r.dataset.level, text: r.textContent ?? '' })));

  async function screenshot(page: Page, name: string) {
    const path = join(shots, `${name}.png`);
    const png = await page.screenshot({ path, fullPage: false });
    console.log(`screenshot: ${path}`);
    const img = decodePng(png);
    expect(img.width).toBeGreaterThan(0);
    expect(distinctColours(img)).toBeGreaterThan(8);
  }

  // ---- tests --------------------------------------------------------------------------------------------------

  it('the example tree through #folder-input: counts, a query, the histogram, a trace, the export equal the CLI', async () => {
    const { page, context, errors } = await open();
    // the real folders (same names): playwright-core gives a folder input no files for a symlink to a folder
    await page.setInputFiles('#folder-input', realpathSync(join(tree, 'pods')));
    await page.setInputFiles('#folder-input', realpathSync(join(tree, 'containers')));
    const all = await runCli(viewerArgs(['pods', 'containers']), { cwd: tree, keep: 'text' });
    expect(all.code).toBe(0);
    const s = await idle(page, all.summary!.bytes);
    expect(s.bytesRead).toBe(all.summary!.bytes);
    expect(s.records).toBe(all.summary!.records);
    expect(s.matched).toBe(all.lines);
    await expectCounters(page, all.summary!);
    await expectHistogram(page, all);
    await expectExportEquals(page, all);

    // drawn: table rows with text, histogram ink, a screenshot that is not one colour
    const rows = await renderedRows(page);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.text.trim().length > 0)).toBe(true);
    expect(await histogramInk(page)).toBeGreaterThan(50);
    const pixelsAll = await histogramPixels(page);
    await screenshot(page, 'examples-all');

    // a query narrows the table and the histogram
    const q = '{namespace="shop"} |= "error"';
    const narrow = await runCli(viewerArgs(['pods', 'containers'], { query: q }), { cwd: tree, keep: 'text' });
    const sq = await query(page, q);
    expect(narrow.lines).toBeGreaterThan(0);
    expect(narrow.lines).toBeLessThan(all.lines);
    expect(sq.matched).toBe(narrow.lines);
    await expectHistogram(page, narrow);
    const shownQ = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('#counters [data-counter]')]
      .map((e) => [e.dataset.counter, Number(e.textContent?.replace(/[^\d]/g, ''))])));
    expect({ matched: shownQ.matched, dropped: shownQ.dropped, records: shownQ.records })
      .toEqual({ matched: narrow.lines, dropped: all.lines - narrow.lines, records: all.summary!.records });
    const rowsQ = await renderedRows(page);
    expect(rowsQ.length).toBe(Math.min(narrow.lines, rowsQ.length));
    expect(rowsQ.length).toBeLessThanOrEqual(narrow.lines);
    // (the y axis rescales to the tallest bar, so ink need not shrink: the counts did, above; the drawing changed)
    expect(await histogramInk(page)).toBeGreaterThan(50);
    expect(await histogramPixels(page)).not.toBe(pixelsAll);
    await expectExportEquals(page, narrow);
    await screenshot(page, 'examples-query');

    // plain words are a line filter; `-l` a selector (the CLI's -l)
    const words = await runCli(viewerArgs(['pods', 'containers'], { query: '|= "timeout"' }), { cwd: tree, keep: 'text' });
    expect((await query(page, 'timeout')).matched).toBe(words.lines);
    await expectHistogram(page, words);

    // a grouped trace expands: Enter on its row shows all its lines in #detail
    const traces = await runCli(viewerArgs(['pods', 'containers'], { query: '|= "Caused by"' }), { cwd: tree, keep: 'text' });
    const first = JSON.parse(traces.text!.split('\n')[0]);
    expect(first.logLines).toBeGreaterThan(3);
    expect((await query(page, '|= "Caused by"')).matched).toBe(traces.lines);
    await page.locator('#table').focus();
    await page.keyboard.press('j'); // selects the first row
    await expect.poll(() => page.locator('#table .row.selected').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.locator('#table .row.selected').getAttribute('data-index')).toBe(
      await page.locator('#table .row').first().getAttribute('data-index'));
    expect(await page.locator('#detail').isVisible()).toBe(false);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !(document.getElementById('detail') as HTMLElement).hidden);
    const detail = await page.locator('#detail').innerText();
    for (const line of (first.log as string).split('\n')) expect(detail).toContain(line.trim());
    await screenshot(page, 'examples-trace-expanded');

    // a bad query shows the CLI's position (LogQL as typed; for `-l`, counted in the text typed: +3)
    for (const [typed, args, shift] of [
      ['{namespace="shop"', ['--query', '{namespace="shop"'], 0],
      ['|= "a" | json | status >= ', ['--query', '|= "a" | json | status >= '], 0],
      ['-l app in (web', ['-l', 'app in (web'], 3],
    ] as Array<[string, string[], number]>) {
      const bad = await runCli(['--multiline', 'all', ...args, DOCKER_LOG]);
      expect(bad.code).toBe(2);
      const at = Number(/at position (\d+)/.exec(bad.stderr)?.[1]);
      expect(Number.isInteger(at)).toBe(true);
      const sb = await query(page, typed);
      expect(sb.queryError).toBeTruthy();
      await expect.poll(() => page.locator('#query-error').isVisible(), { timeout: 60_000 }).toBe(true);
      expect(await page.locator('#query-error').innerText()).toContain(`at position ${at + shift}`);
    }
    await screenshot(page, 'examples-bad-query');

    // a fine query again clears the error
    expect((await query(page, '')).matched).toBe(all.lines);
    expect(await page.locator('#query-error').isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('the example tree\'s files picked one by one through #file-input: counts equal the CLI\'s over the same files',
    async () => {
      const files = ['examples/var/log/pods', 'examples/var/lib/docker/containers']
        .flatMap((d) => (readdirSync(join(root, d), { recursive: true }) as string[])
          .filter((f) => f.endsWith('.log')).sort().map((f) => join(root, d, f)));
      expect(files.length).toBeGreaterThanOrEqual(4);
      const { page, context, errors } = await open();
      await page.setInputFiles('#file-input', files);
      const cli = await runCli(viewerArgs(files), { cwd: root });
      expect(cli.code).toBe(0);
      const s = await idle(page, cli.summary!.bytes);
      expect(s.records).toBe(cli.summary!.records);
      expect(s.matched).toBe(cli.lines);
      await expectCounters(page, cli.summary!);
      const q = '|= "error"';
      const narrow = await runCli(viewerArgs(files, { query: q }), { cwd: root });
      expect((await query(page, 'error')).matched).toBe(narrow.lines);
      expect(errors).toEqual([]);
      await context.close();
    }, 300_000);

  it(`a generated ${BIG_BYTES / 1e6} MB CRI file through #file-input: counts, a query, the histogram, the export equal the CLI`,
    async () => {
      const { page, context, errors } = await open();
      const size = statSync(big).size;
      await page.setInputFiles('#file-input', big);
      const all = await runCli(viewerArgs([basename(big)]), { cwd: work.dir });
      expect(all.code).toBe(0);
      expect(all.summary!.errors).toBeGreaterThan(0);
      expect(all.summary!.partialReleased).toBeGreaterThan(0);
      expect(all.summary!.piecesJoined).toBeGreaterThan(0);
      const s = await idle(page, size);
      expect(s.bytesRead).toBe(size);
      expect(s.records).toBe(all.summary!.records);
      expect(s.matched).toBe(all.lines);
      await expectCounters(page, all.summary!);
      await expectHistogram(page, all);
      const rows = await renderedRows(page);
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.every((r) => r.text.trim().length > 0)).toBe(true);
      await screenshot(page, 'big-all');

      const q = '|= "Caused by"';
      const narrow = await runCli(viewerArgs([basename(big)], { query: q }), { cwd: work.dir, keep: 'text' });
      expect(narrow.lines).toBeGreaterThan(0);
      const sq = await query(page, q);
      expect(sq.matched).toBe(narrow.lines);
      await expectHistogram(page, narrow);
      await expectExportEquals(page, narrow);

      const json = '| json | level = "error"';
      const jsonCli = await runCli(viewerArgs([basename(big)], { query: json }), { cwd: work.dir });
      expect(jsonCli.lines).toBeGreaterThan(0);
      expect((await query(page, json)).matched).toBe(jsonCli.lines);
      await expectHistogram(page, jsonCli);
      await screenshot(page, 'big-json-query');
      expect(errors).toEqual([]);
      await context.close();
    }, 600_000);

  it('the worker survives a binary file: its lines are error records, a valid file after it loads as the CLI reads both',
    async () => {
      const dir = join(work.dir, 'binary');
      mkdirSync(dir);
      generateBinary(join(dir, 'random.bin'), 3 << 20);
      copyFileSync(DOCKER_LOG, join(dir, 'app.log'));
      const both = await runCli(viewerArgs(['random.bin', 'app.log']), { cwd: dir, keep: 'text' });
      expect(both.code).toBe(0);
      const binOnly = await runCli(viewerArgs(['random.bin']), { cwd: dir });
      expect(binOnly.summary!.errors).toBeGreaterThan(0);

      const { page, context, errors } = await open();
      await page.setInputFiles('#file-input', join(dir, 'random.bin'));
      const s1 = await idle(page, statSync(join(dir, 'random.bin')).size);
      expect(s1.records).toBe(binOnly.summary!.records);
      expect((await counters(page)).errorRecords).toBe(binOnly.summary!.errors);
      // the binary's lines are in the table, marked as errors
      await expect.poll(() => page.locator('#table .row.flag-error').count(), { timeout: 60_000 }).toBeGreaterThan(0);
      await page.setInputFiles('#file-input', join(dir, 'app.log'));
      const s2 = await idle(page, both.summary!.bytes);
      expect(s2.records).toBe(both.summary!.records);
      await expectCounters(page, both.summary!);
      await expectExportEquals(page, both);
      const q = '|= "GET"';
      const narrow = await runCli(viewerArgs(['random.bin', 'app.log'], { query: q }), { cwd: dir });
      expect((await query(page, q)).matched).toBe(narrow.lines);
      await screenshot(page, 'binary-then-valid');
      expect(errors).toEqual([]);
      await context.close();
    }, 300_000);

  it('logsieve view --no-open --port 0 PATHS serves a page that loads those files', async () => {
    const paths = ['examples/var/log/pods', 'examples/var/lib/docker/containers'];
    const cli = await runCli(viewerArgs(paths), { cwd: root, keep: 'text' });
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, [bin, 'view', '--no-open', '--port', '0', ...paths],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr!.on('data', (b) => { err += b; });
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL from logsieve view; stderr: ${err}`)), 60_000);
        child!.stdout!.on('data', (b) => {
          out += b;
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)\r?\n/.exec(out); // the whole line
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child!.on('exit', (code) => reject(new Error(`logsieve view exited (${code}): ${err}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const context = await newViewerContext(browser);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page.waitForFunction(() => (window as any).logsieveViewer !== undefined);
      const s = await idle(page, cli.summary!.bytes);
      expect(s.records).toBe(cli.summary!.records);
      expect(s.matched).toBe(cli.lines);
      await expectCounters(page, cli.summary!);
      await expectExportEquals(page, cli);
      await screenshot(page, 'logsieve-view');
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  }, 300_000);
});
