// The input the browser tests give the demo app (fixtures/demo.js), and what the Node binding makes of it:
// a page must give exactly the same.
import type { Page } from 'playwright-core';
import { compileRegex, createEngine } from '../../bindings/node.ts';
import type { Browser } from './chromium.ts';
// @ts-expect-error: plain JS module without types (the app the browser tests bundle)
import { filtered } from './fixtures/filtered.js';

export const text = [
  '2024-05-01T12:00:01.5Z stdout F hello from the browser ✓',
  '2024-05-01T12:00:02Z stderr P first half, ',
  '2024-05-01T12:00:02.25Z stderr F second half',
  'not a cri line',
  '2024-05-01T12:00:03Z stdout F last line without a newline',
].join('\n');
export const pattern = '(\\w+) half';

export function expected() {
  const bytes = Buffer.from(text);
  const src = createEngine().source('/var/log/pods/demo/app/0.log');
  const records = [...src.push(bytes).toObjects(), ...src.close().toObjects()];
  const s2 = createEngine().source('stream.log');
  const ndjson = Buffer.concat([s2.pushNdjson(bytes), s2.closeNdjson()]).toString();
  const re = compileRegex(pattern);
  return {
    records, ndjson, matches: records.map((r) => re.test(r.log)), captures: re.captures(records[0].log),
    filtered: filtered(createEngine, bytes),
  };
}

/** Opens the app's page and waits until it has defined window.run (page errors explain a failure). */
export async function openApp(browser: Browser, url: string): Promise<Page> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as any).run === 'function').catch((e) => {
    throw new Error(`the app at ${url} did not start: ${errors.join('; ') || e.message}`);
  });
  return page;
}

/** Runs the demo in the page. */
export function runDemo(page: Page): Promise<unknown> {
  return page.evaluate(([t, p]) => (window as any).run(t, p), [text, pattern]);
}
