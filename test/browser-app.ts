// The hooks every browser test starts with: a server with the app (browser.ts) and a Chromium
// page in Chinese, ready before the tests (after `ready` has run), closed after them.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { launchBrowser, startAppRuntime } from './browser.js';

export interface BrowserApp {
  rt: TestRuntime;
  browser: Browser;
  page: Page;
}

export function useBrowserApp(ready: (app: BrowserApp) => void | Promise<void>): void {
  const started: Partial<BrowserApp> = {};
  beforeAll(async () => {
    const rt = (started.rt = await startAppRuntime());
    const browser = (started.browser = await launchBrowser());
    await ready({
      rt,
      browser,
      page: await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' }),
    });
  }, 60_000);
  afterAll(async () => {
    await started.browser?.close();
    await started.rt?.stop();
  });
}
