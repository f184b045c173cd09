// A user's app importing `logsieve/browser`, bundled with esbuild from the packed package exactly as README
// ("Bundlers") says, served from 127.0.0.1 and run in real chromium: init, an engine, CRI lines, a regex give
// what the Node binding gives. When the .wasm is missing, init() names the URL it tried.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectWithPackedLogsieve, root } from '../helpers/packed.ts';
import { type Browser, type StaticServer, haveChromium, launchChromium, serveDirectory, skipNote } from './chromium.ts';
import { expected, openApp, runDemo } from './demo.ts';

const fixtures = join(root, 'test/browser/fixtures');
let project: string;
let server: StaticServer;
let browser: Browser;

/** Bundles fixtures/<app> with esbuild into <project>/<out>/app.js beside an index.html; returns the out dir. */
function bundle(app: string, out: string, extraArgs: string[] = []): string {
  const outDir = join(project, out);
  mkdirSync(outDir, { recursive: true });
  execFileSync(join(root, 'node_modules/.bin/esbuild'),
    [`src/${app}`, '--bundle', '--format=esm', `--outfile=${out}/app.js`, '--log-level=warning', ...extraArgs],
    { cwd: project, stdio: 'pipe', timeout: 120_000 });
  copyFileSync(join(fixtures, 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

const open = (out: string) => openApp(browser, `${server.base}/${out}/index.html`);

describe.skipIf(!haveChromium)(`esbuild-bundled app in chromium${skipNote}`, () => {
  beforeAll(async () => {
    project = projectWithPackedLogsieve('esbuild');
    mkdirSync(join(project, 'src'));
    for (const f of readdirSync(fixtures)) copyFileSync(join(fixtures, f), join(project, 'src', f));
    // recipe 1: bundle, then copy the .wasm files beside the bundle
    bundle('app-beside.js', 'beside');
    for (const b of ['simd', 'scalar']) {
      copyFileSync(join(project, `node_modules/logsieve/dist/logsieve-${b}.wasm`), join(project, `beside/logsieve-${b}.wasm`));
    }
    // recipe 2: esbuild's file loader for the imported .wasm URL
    bundle('app-file-loader.js', 'file-loader', ['--loader:.wasm=file']);
    // the mistake: bundled, .wasm not copied
    bundle('app-beside.js', 'no-wasm');
    server = await serveDirectory(project);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('recipe 1 (.wasm copied beside the bundle): init() with no argument, then engine, stream and regex work', async () => {
    const page = await open('beside');
    const got = await runDemo(page);
    const want = expected();
    expect(want.records.length).toBe(4);
    expect(got).toEqual(want);
    await page.close();
  });

  it('recipe 2 (esbuild --loader:.wasm=file, the imported URL passed to init)', async () => {
    expect(readdirSync(join(project, 'file-loader')).filter((f) => f.endsWith('.wasm'))).toHaveLength(1);
    const page = await open('file-loader');
    const got = await runDemo(page);
    expect(got).toEqual(expected());
    await page.close();
  });

  it('without the .wasm beside the bundle, init() says which URL it tried and what came back', async () => {
    const page = await open('no-wasm');
    const message = await page.evaluate(() => (window as any).initError(undefined));
    expect(message).toContain(`${server.base}/no-wasm/logsieve-simd.wasm (404 Not Found)`);
    await page.close();
  });

  it('init() with a bad URL names it', async () => {
    const page = await open('beside');
    const bad = `${server.base}/nowhere/engine.wasm`;
    expect(await page.evaluate((u) => (window as any).initError(u), bad)).toContain(`${bad} (404 Not Found)`);
    const html = `${server.base}/beside/index.html`;
    expect(await page.evaluate((u) => (window as any).initError(u), html)).toContain(`${html} is not a WebAssembly module`);
    await page.close();
  });
});
