// The same app with Vite, no configuration: `vite build` emits the .wasm files it finds through the literal
// `new URL('./logsieve-….wasm', import.meta.url)` in logsieve/browser, and the dev server serves them;
// in chromium both give the Node binding's results with a plain `await init()`.
import { copyFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectWithPackedLogsieve, root } from '../helpers/packed.ts';
import { type Browser, type StaticServer, haveChromium, launchChromium, serveDirectory, skipNote } from './chromium.ts';
import { expected, openApp, runDemo } from './demo.ts';

const fixtures = join(root, 'test/browser/fixtures');
let project: string;
let app: string;
let browser: Browser;

describe.skipIf(!haveChromium)(`Vite app in chromium${skipNote}`, () => {
  beforeAll(async () => {
    project = projectWithPackedLogsieve('vite');
    // a user's project: package.json and node_modules beside the app (Vite serves files under that root)
    app = project;
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'vite-app', private: true, type: 'module' }));
    copyFileSync(join(fixtures, 'index.html'), join(app, 'index.html'));
    copyFileSync(join(fixtures, 'demo.js'), join(app, 'demo.js'));
    copyFileSync(join(fixtures, 'filtered.js'), join(app, 'filtered.js'));
    copyFileSync(join(fixtures, 'app-beside.js'), join(app, 'app.js'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('vite build: the .wasm files are emitted and init() finds them', async () => {
    const outDir = join(app, 'dist');
    await build({ root: app, configFile: false, logLevel: 'silent', build: { outDir } });
    const assets = readdirSync(join(outDir, 'assets'));
    expect(assets.filter((f) => /^logsieve-(simd|scalar)-.+\.wasm$/.test(f))).toHaveLength(2);
    let server: StaticServer | undefined;
    try {
      server = await serveDirectory(outDir);
      const page = await openApp(browser, `${server.base}/index.html`);
      expect(await runDemo(page)).toEqual(expected());
      await page.close();
    } finally {
      await server?.close();
    }
  });

  it('vite dev server: init() finds the .wasm', async () => {
    let server: ViteDevServer | undefined;
    try {
      server = await createServer({
        root: app, configFile: false, logLevel: 'silent',
        server: { host: '127.0.0.1', port: 0, watch: null, hmr: false },
      });
      await server.listen();
      const page = await openApp(browser, server.resolvedUrls!.local[0]);
      expect(await runDemo(page)).toEqual(expected());
      await page.close();
    } finally {
      await server?.close();
    }
  });
});
