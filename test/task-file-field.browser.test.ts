// A file field of a staff task form, end to end in a real headless Chromium: the window's clerk opens
// 受理登记 of a city appeal, picks a photo in the form's 现场照片 field (uploaded at once to the task,
// its name shown), registers the appeal; the case page lists the photo among the attachments, from
// the clerk, at 受理登记; the case's data keeps it under 现场照片 by name.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(!browserAvailable())("a staff task form's file field in Chromium", () => {
  let rt: TestRuntime;
  let page: Page;
  let caseId: string;

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    const admin = await rt.login('admin');
    caseId = (
      await rt.request('POST', '/api/process-instances', {
        token: admin,
        // The channel is set where the appeal came in (read-only at 受理登记).
        body: { processKey: 'city-appeal', tenant: 'city', variables: { channel: '窗口' } },
      })
    ).body.id;
  });

  it('the clerk uploads a photo from the 现场照片 field and registers the appeal', async () => {
    await signIn(page, rt.url, 'window1');
    await page.locator('[data-task="Task_Receive"]').click();
    await page.getByRole('button', { name: '签收', exact: true }).click();
    await page.getByRole('button', { name: '暂存' }).waitFor();
    await page.getByLabel('诉求人姓名').fill('周九');
    await page.getByLabel('联系电话').fill('13900003333');
    await page.getByLabel('诉求类别').selectOption('环境污染');
    await page.getByLabel('诉求内容').fill('工厂夜间排放刺鼻气体');
    await page
      .getByLabel('现场照片 选择照片或文件')
      .setInputFiles({ name: '排放.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.file-list').getByText('排放.png').waitFor();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('status').getByText('已提交：受理登记').waitFor();
    const file = (await rt.request('GET', `/api/cases/${caseId}`, { token: await rt.login('admin') })).body;
    // The case's data keeps the field as the files' names, never their ids.
    expect(file.data.find((s: { elementId: string }) => s.elementId === 'Task_Receive').fields).toContainEqual({
      key: 'photos',
      label: '现场照片',
      value: ['排放.png'],
    });
  });

  it('the case page lists the photo from the clerk at 受理登记', async () => {
    await page.goto(`${rt.url}/#/cases/${encodeURIComponent(caseId)}`);
    const attachments = page.getByRole('region', { name: '附件', exact: true });
    const item = attachments.getByRole('listitem').filter({ hasText: '排放.png' });
    await item.waitFor();
    await item.getByText('窗口受理员 王芳', { exact: false }).waitFor();
    await item.getByText('于「受理登记」', { exact: false }).waitFor();
    expect((await attachments.textContent()) ?? '').not.toMatch(/[0-9a-z]{16}|window1/);
  });
});
