// The handler's case work in a real headless Chromium: attach a site photo at the task (a text file
// named .png is refused in Chinese) and see it on the case page; 已办 lists the completed step and
// offers 撤回 while the next one is untouched; 抄送我 shows a copy unread, then read, and the
// sender sees who read it.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const INTAKE = { applicantName: '王五', phone: '13700137000', description: '工地拖欠工资两个月', category: '劳动纠纷' };

describe.skipIf(!browserAvailable())('case work in Chromium: attachments, 已办, 抄送我', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let admin: string;

  useBrowserApp(async (app) => {
    ({ rt, browser } = app);
    admin = await rt.login('admin');
  });

  /** A case the window received (by the API) and referred to 人社局: rs1's task. */
  const referred = async () => {
    const c = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a' },
    });
    const [receive] = (await rt.request('GET', `/api/tasks?processInstanceId=${c.body.id}`, { token: admin }))
      .body as Array<{ id: string }>;
    const done = await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
      token: await rt.login('window1'),
      body: { variables: INTAKE },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const [handle] = (await rt.request('GET', `/api/tasks?processInstanceId=${c.body.id}`, { token: admin }))
      .body as Array<{ id: string }>;
    return { caseId: c.body.id as string, handleId: handle!.id };
  };
  const pageOf = async (user: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    page.setDefaultTimeout(12_000);
    await signIn(page, rt.url, user);
    await page.getByRole('tab', { name: /待办/ }).waitFor();
    return page;
  };

  it('rs1 attaches a photo on the task, a text file named .png is refused; the photo is on the case page and in its timeline', async () => {
    const { caseId } = await referred();
    const page = await pageOf('rs1');
    await page.locator('[data-task="Task_HandleLabour"]').click();
    const attachments = page.getByRole('region', { name: '附件' });
    await attachments.getByText('还没有附件').waitFor();
    // The picker is a button in Chinese, not the browser's own "Choose File / No file chosen".
    await expect(attachments.locator('.file-button .button-face').textContent()).resolves.toBe('上传附件');
    // The browser's own control is hidden from sight (a 1 px clip), yet focusable from the keyboard.
    const native = await attachments.locator('input[type="file"]').boundingBox();
    expect(native!.width * native!.height).toBeLessThanOrEqual(1);
    await attachments
      .getByLabel('上传附件')
      .setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    await attachments.getByRole('status').getByText('已上传附件：现场照片.png').waitFor();
    await attachments.getByRole('button', { name: '现场照片.png' }).waitFor();

    await attachments.getByLabel('上传附件').setInputFiles({
      name: '伪装.png',
      mimeType: 'image/png',
      buffer: Buffer.from('只是一段文字，不是图片。'.repeat(10)),
    });
    await attachments
      .getByRole('alert')
      .getByText('无法识别文件类型；本单位只接受：照片、PDF、Office 文档', { exact: false })
      .waitFor();
    await expect.poll(() => attachments.getByRole('button', { name: '伪装.png' }).count()).toBe(0);

    await page.getByRole('link', { name: '查看案件' }).click();
    const onCase = page.getByRole('region', { name: '附件' });
    await onCase.getByRole('button', { name: '现场照片.png' }).waitFor();
    await onCase.getByText(/人社局 张敏/).waitFor();
    await page
      .getByRole('region', { name: '办理过程' })
      .getByText('在「人社局办理」上传附件「现场照片.png」')
      .waitFor();
    expect((await rt.request('GET', `/api/cases/${caseId}/attachments`, { token: admin })).body).toHaveLength(1);
    await page.close();
  }, 90_000);

  it('已办 lists the step window1 completed, with its case; 撤回 takes it back while the next step is untouched', async () => {
    const { caseId } = await referred();
    const page = await pageOf('window1');
    await page.getByRole('tab', { name: /已办/ }).click();
    const item = page.getByRole('button', { name: /受理登记.*王五 · 劳动纠纷/ }).first();
    await item.waitFor();
    await item.click();
    await page.getByTestId('task-title').getByText('受理登记').waitFor();
    await page.getByRole('button', { name: '撤回' }).click();
    await page.getByRole('dialog', { name: '撤回' }).getByRole('button', { name: '确定' }).click();
    await page.getByRole('status').getByText('已撤回：受理登记').waitFor();
    await page.getByRole('tab', { name: /待办/, selected: true }).waitFor();
    const open = (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Array<{
      elementId: string;
    }>;
    expect(open.map((t) => t.elementId)).toEqual(['Task_Receive']);
    await page.close();
  }, 90_000);

  it('抄送我 shows a copy unread, opening it shows the case and marks it read; the sender sees who read it', async () => {
    const { handleId } = await referred();
    const cc = await rt.request('POST', `/api/tasks/${handleId}/cc`, {
      token: await rt.login('rs1'),
      body: { users: ['zz1'], note: '请协助核实用工情况' },
    });
    expect(cc.status, JSON.stringify(cc.body)).toBe(200);

    const page = await pageOf('zz1');
    await page.getByRole('tab', { name: '抄送我（1）' }).click();
    const copy = page.getByRole('button', { name: /未读.*王五 · 劳动纠纷/ });
    await copy.getByText('请协助核实用工情况').waitFor();
    await copy.click();
    await page.getByTestId('case-title').waitFor();
    await page.getByRole('region', { name: '附件' }).waitFor();
    await page.getByRole('button', { name: '待办', exact: true }).click();
    await page.getByRole('tab', { name: '抄送我' }).click();
    await page.getByRole('button', { name: /已读.*王五 · 劳动纠纷/ }).waitFor();
    await page.close();

    const sender = await pageOf('rs1');
    await sender.getByRole('tab', { name: /抄送我/ }).click();
    await sender.getByLabel('我抄送的').check();
    await sender
      .getByRole('button', { name: /抄送给 综合组 陈静/ })
      .getByText(/综合组 陈静 已读/)
      .waitFor();
    await sender.close();
  }, 90_000);
});
