// Shared by the browser tests and the screenshot script: Debian's headless Chromium driven by
// playwright-core, and a real server (examples loaded) serving a freshly built designer.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildDesigner } from '../designer/build.js';
import { startTestRuntime, type TestRuntime } from '../runtime/testing/databases.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether browser tests run. With CIVICFLOW_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser is an error, never a skip. */
export function browserAvailable(): boolean {
  const have = existsSync(CHROMIUM);
  if (!have && process.env.CIVICFLOW_REQUIRE_BROWSER === '1')
    throw new Error(`a browser is required (CIVICFLOW_REQUIRE_BROWSER=1) but ${CHROMIUM} is missing`);
  return have;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A server on a fresh SQLite database with the examples loaded, serving the designer built into a temporary directory. */
export async function startAppRuntime(): Promise<TestRuntime> {
  const dist = await buildDesigner(mkdtempSync(join(tmpdir(), 'civicflow-designer-')));
  return startTestRuntime('sqlite', { loadExamples: true, staticDir: dist });
}

/** Opens the app at `url` and signs in through its form (demo accounts share one password). */
export async function signIn(page: Page, url: string, username: string, password = 'demo-password'): Promise<void> {
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}
