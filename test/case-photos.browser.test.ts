// Photos with a public appeal, end to end in a real headless Chromium: a citizen on a phone attaches
// a photo to the appeal form (uploaded at once, the file's name shown), submits; the township's staff
// open the case page and see the photo among the attachments, from 群众 at 群众上报（网页）, and
// download it; the township's administrator sets its 附件规则 in 系统管理 with pickers.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(!browserAvailable())('photos with a public appeal in Chromium', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let page: Page;
  let caseId: string;

  useBrowserApp((app) => {
    ({ rt, page, browser } = app);
  });

  it('a citizen attaches a photo to the appeal form and submits it', async () => {
    const citizen = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'zh-CN' });
    await citizen.goto(`${rt.url}/#/intake/town-a`);
    await citizen.getByRole('heading', { name: 'A镇综治中心 · 网上提交诉求' }).waitFor();
    await citizen.getByLabel('诉求人姓名').fill('孙八');
    await citizen.getByLabel('联系电话').fill('13600002222');
    await citizen.getByLabel('诉求类别').selectOption('环境污染');
    await citizen.getByLabel('诉求内容').fill('河道漂浮大量垃圾无人清理');
    // The unit's public policy in words: photos only, up to 9, each at most 20 MB.
    await citizen.getByText('可上传照片，最多 9 个，单个不超过 20 MB').waitFor();
    await citizen
      .getByLabel('现场照片 选择照片或文件')
      .setInputFiles({ name: '河道.png', mimeType: 'image/png', buffer: PNG });
    await citizen.locator('.file-list').getByText('河道.png').waitFor();
    // A file the unit does not take is refused with the reason, and not added.
    await citizen
      .getByLabel('现场照片 选择照片或文件')
      .setInputFiles({ name: '说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await citizen.getByRole('alert').getByText('不支持此类文件；本单位只接受：照片').waitFor();
    await expect(citizen.locator('.file-list li').count()).resolves.toBe(1);
    await citizen.getByRole('button', { name: '提交诉求' }).click();
    const receipt = citizen.getByRole('status').getByText(/^诉求已提交，受理编号：SQ\d{8}-[0-9A-Z]{8}$/);
    await receipt.waitFor();
    const trackingNo = (await receipt.textContent())!.split('：')[1]!;
    await citizen.close();
    const admin = await rt.login('admin');
    const [c] = (await rt.request('GET', `/api/process-instances?businessKey=${trackingNo}`, { token: admin })).body;
    caseId = c.id;
    expect(c.variables.photos).toEqual([expect.stringMatching(/^[0-9a-z]{16}$/)]);
  });

  it('the staff case page shows the photo among the attachments, from the public, and downloads it', async () => {
    await signIn(page, rt.url, 'towna-admin');
    await page.getByRole('button', { name: '退出' }).waitFor();
    await page.goto(`${rt.url}/#/cases/${encodeURIComponent(caseId)}`);
    const attachments = page.getByRole('region', { name: '附件' });
    const item = attachments.getByRole('listitem').filter({ hasText: '河道.png' });
    await item.waitFor();
    await item.getByText(/群众/).waitFor();
    await item.getByText('于「群众上报（网页）」', { exact: false }).waitFor();
    const text = (await attachments.textContent()) ?? '';
    expect(text).not.toMatch(/public|[0-9a-z]{16}/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      attachments.getByRole('button', { name: '河道.png' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('河道.png');
  });

  it('the township’s administrator sets its 附件规则 with pickers: own values, the rest inherited', async () => {
    await page.getByRole('button', { name: '系统管理' }).click();
    await page.getByRole('button', { name: '附件规则' }).click();
    const section = page.getByRole('region', { name: '附件规则' });
    await section.getByLabel('所属单位').selectOption('town-a');
    const row = section.locator('[data-attachment-rule="publicMaxFiles"]');
    await row.getByText('9（系统默认）').waitFor();
    await row.getByLabel('沿用上级单位').uncheck();
    await row.getByLabel('每件群众上报最多附件数').fill('3');
    const kinds = section.locator('[data-attachment-rule="kinds"]');
    await kinds.getByLabel('沿用上级单位').uncheck();
    await kinds.getByLabel('Office 文档').uncheck();
    await section.getByRole('button', { name: '保存附件规则' }).click();
    await page.getByRole('status').getByText('已保存 A镇综治中心 的附件规则').waitFor();
    const policy = (
      await rt.request('GET', '/api/attachment-policies/town-a', { token: await rt.login('towna-admin') })
    ).body;
    expect(policy.own).toEqual({ publicMaxFiles: 3, kinds: ['photo', 'pdf'] });
    expect(policy.effective).toMatchObject({ publicMaxFiles: 3, kinds: ['photo', 'pdf'], publicKinds: ['photo'] });
  });
});
