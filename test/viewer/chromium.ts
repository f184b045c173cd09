// The viewer tests' browser: Debian's chromium (never a downloaded one) through playwright-core, one browser with
// a fresh context per test (downloads accepted). Where chromium is missing the tests are skipped and say so loudly
// (the finder and the warning are test/browser/chromium.ts's: one place decides).
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM, haveChromium, skipNote } from '../browser/chromium.ts';

export { CHROMIUM, haveChromium, skipNote };

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // a hidden or occluded page must not be throttled while another agent loads the machine
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'];

export async function launchViewerBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 120_000 });
}

export async function newViewerContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(120_000);
  return context;
}
