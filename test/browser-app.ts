// The hooks every browser test starts with: a server with the app (browser.ts) and a Chromium
// page in Chinese, ready before the tests (after `ready` has run), closed after them.
// When a test fails, what the page showed and what went wrong in it is printed, so a failure in
// CI (where nobody can look at the page) says where the page was.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { launchBrowser, startAppRuntime } from './browser.js';

export interface BrowserApp {
  rt: TestRuntime;
  browser: Browser;
  page: Page;
}

/** Below the 30 s test timeout, so a step that waits in vain fails naming its locator instead of timing the test out. */
const STEP_TIMEOUT_MS = 20_000;
const EVENTS_KEPT = 30;

export function useBrowserApp(ready: (app: BrowserApp) => void | Promise<void>): void {
  const started: Partial<BrowserApp> = {};
  const events: string[] = [];
  beforeAll(async () => {
    const rt = (started.rt = await startAppRuntime());
    const browser = (started.browser = await launchBrowser());
    const page = (started.page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' }));
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    recordTrouble(page, events);
    await ready({ rt, browser, page });
  }, 60_000);
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !started.page) return;
    console.warn(await describePage(context.task.name, started.page, events));
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.rt?.stop();
  });
}

function recordTrouble(page: Page, events: string[]): void {
  const note = (line: string) => {
    events.push(`${new Date().toISOString()} ${line}`);
    if (events.length > EVENTS_KEPT) events.shift();
  };
  page.on('pageerror', (e) => note(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') note(`console ${m.type()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => note(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) note(`response ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) note(`navigated: ${f.url()}`);
  });
  page.on('crash', () => note('page crashed'));
}

async function describePage(test: string, page: Page, events: string[]): Promise<string> {
  const text = page.isClosed()
    ? ''
    : await page
        .locator('body')
        // biome-ignore lint/performance/useDomNodeTextContent: what the page showed, not hidden text
        .innerText({ timeout: 3_000 })
        .then((t) => t.replace(/\s+/g, ' ').slice(0, 800))
        .catch((e: Error) => `(the page did not answer: ${e.message.split('\n')[0]})`);
  return [
    `browser test failed: ${test}`,
    `  page: ${page.isClosed() ? '(closed)' : page.url()}`,
    `  text: ${text}`,
    ...(events.length > 0 ? ['  events:', ...events.map((e) => `    ${e}`)] : ['  events: none']),
  ].join('\n');
}
