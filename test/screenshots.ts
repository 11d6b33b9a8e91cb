// `npm run screenshots` (tooling, beside the browser tests): the README's pictures (docs/designer.png: A镇's
// administrator adjusting the city's appeal loop; docs/inbox.png: a window clerk's inbox), taken
// in headless Chromium from a fresh server with the examples loaded.
import { join } from 'node:path';
import { launchBrowser, startAppRuntime } from './browser.js';

const out = join(import.meta.dirname, '..', 'docs', 'designer.png');
const inboxOut = join(import.meta.dirname, '..', 'docs', 'inbox.png');
const rt = await startAppRuntime();
const browser = await launchBrowser();
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

  // The inbox: a window clerk with a new appeal's intake form.
  const admin = await rt.login('admin');
  await rt.request('POST', '/api/process-instances', { token: admin, body: { processKey: 'appeal-loop', tenant: 'town-a', businessKey: 'A-2026-001' } });
  await page.getByRole('button', { name: '退出' }).click();
  await page.getByLabel('用户名').fill('window1');
  await page.getByLabel('密码').fill('demo-password');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-task="Task_Receive"]').click();
  await page.getByRole('button', { name: '签收', exact: true }).click();
  await page.getByLabel('诉求人姓名').fill('张三');
  await page.getByLabel('诉求类别').selectOption('劳动纠纷');
  await page.screenshot({ path: inboxOut });
  console.log(`wrote ${inboxOut}`);
} finally {
  await browser.close();
  await rt.stop();
}
