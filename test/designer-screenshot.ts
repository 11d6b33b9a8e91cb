// `npm run screenshot:designer` (tooling, beside the designer's browser test): the README's picture of the designer (docs/designer.png), taken
// in headless Chromium from a fresh server with the examples loaded: A镇's administrator adjusting
// the city's appeal loop.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startTestRuntime } from '../runtime/testing/databases.js';
import { buildDesigner } from '../designer/build.js';

const out = join(import.meta.dirname, '..', 'docs', 'designer.png');
const rt = await startTestRuntime('sqlite', { loadExamples: true, staticDir: await buildDesigner(mkdtempSync(join(tmpdir(), 'civicflow-designer-'))) });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, locale: 'zh-CN' });
  await page.goto(rt.url);
  await page.getByLabel('用户名').fill('towna-admin');
  await page.getByLabel('密码').fill('demo-password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-process="appeal-loop@city"]').click();
  await page.locator('.djs-element[data-element-id="Task_HandleLabour"]').first().waitFor();
  await page.locator('.djs-element[data-element-id="Task_HandleLabour"]').first().click();
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await rt.stop();
}
