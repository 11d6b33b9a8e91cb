// 一企一码 end to end in a real headless Chromium: a township registers an enterprise and gets
// its QR code; the code's address opens the public appeal form (no account) with the enterprise
// filled in; the submitted appeal is followed by tracking number and phone. The unit's sheets download as a PDF.
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('public intake and enterprise QR codes in Chromium', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let page: Page;
  let intakeUrl: string;
  let trackingNo: string;

  useBrowserApp((app) => {
    ({ rt, page, browser } = app);
  });

  it('a township registers an enterprise and gets its QR code', async () => {
    await signIn(page, rt.url, 'towna-admin');
    await page.getByRole('button', { name: '企业码' }).click();
    await page.getByLabel('企业名称').fill('苏州某某化工有限公司');
    // A code whose check character matches (the server refuses one that does not).
    await page.getByLabel('统一社会信用代码').fill('91320581MA1W8K3X22');
    await page.getByRole('button', { name: '登记企业' }).click();
    const card = page.locator('[data-enterprise="苏州某某化工有限公司"]');
    const qr = card.getByRole('img');
    await qr.waitFor();
    await expect
      .poll(() =>
        qr.evaluate(
          (img) =>
            (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
            (img as unknown as { naturalWidth: number }).naturalWidth > 0,
        ),
      )
      .toBe(true);
    intakeUrl = (await card.locator('.intake-url').getAttribute('href'))!;
    expect(intakeUrl).toMatch(new RegExp(`^${rt.url}/#/intake/town-a\\?enterprise=\\w+$`));
    // Under the code, words for people; the address (with the enterprise's code) is only the link's target.
    await expect(card.locator('.intake-url').textContent()).resolves.toBe('预览扫码页面');
  });

  it("downloads the unit's sheets as a PDF: one A4 page with the enterprise's name and the three purposes", async () => {
    const unit = page.locator('label.add-enterprise');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      unit.getByRole('button', { name: '下载PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('一企一码-A镇综治中心.pdf');
    const bytes = await readFile((await download.path())!);
    const pdf = await getDocument({ data: new Uint8Array(bytes) }).promise;
    expect(pdf.numPages).toBe(1);
    const text = (await (await pdf.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    for (const part of ['苏州某某化工有限公司', '91320581MA1W8K3X22', '反映诉求', '申请调解', '法律咨询'])
      expect(text).toContain(part);
    await pdf.destroy();
  });

  it('the code opens the appeal form without an account; the appeal is received with the enterprise', async () => {
    const citizen = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'zh-CN' }); // a phone
    const loaded: string[] = [];
    citizen.on('request', (r) => loaded.push(r.url()));
    await citizen.goto(intakeUrl);
    await citizen.getByRole('heading', { name: 'A镇综治中心 · 网上提交诉求' }).waitFor();
    await citizen.getByText('企业：苏州某某化工有限公司（一企一码）').waitFor();
    // The code offers its three purposes first.
    const purposes = citizen.getByRole('region', { name: '请选择您要办理的事项' });
    for (const name of ['反映诉求', '申请调解', '法律咨询']) await purposes.getByRole('button', { name }).waitFor();
    await purposes.getByRole('button', { name: '反映诉求' }).click();
    await citizen.getByText('办理事项：反映诉求').waitFor();
    await expect.poll(() => citizen.getByLabel('来源渠道').count()).toBe(0);
    await citizen.getByLabel('诉求人姓名').fill('赵六');
    await citizen.getByLabel('联系电话').fill('13700001111');
    await citizen.getByLabel('诉求类别').selectOption('环境污染');
    await citizen.getByLabel('诉求内容').fill('园区道路积水影响车辆通行');
    // A phone loads the form, not the designers: bpmn-js and ECharts are chunks of their own.
    expect(loaded.filter((u) => /\/(Workspace|Dashboard|FormDesigner|RulesDesigner)-\w+\.js$/.test(u))).toEqual([]);
    await citizen.getByRole('button', { name: '提交诉求' }).click();
    const receipt = citizen.getByRole('status').getByText(/^诉求已提交，受理编号：SQ\d{8}-[0-9A-Z]{8}$/);
    await receipt.waitFor();
    trackingNo = (await receipt.textContent())!.split('：')[1]!;

    const admin = await rt.login('admin');
    const [c] = (await rt.request('GET', `/api/process-instances?businessKey=${trackingNo}`, { token: admin })).body;
    // A镇's variant sends an enterprise's environmental appeal on to the city loop, where the window registers it.
    expect(c).toMatchObject({
      tenant: 'town-a',
      processKey: 'town-a-appeal',
      activeElementIds: ['Call_City'],
      variables: {
        channel: '一企一码',
        enterpriseName: '苏州某某化工有限公司',
        phone: '13700001111',
        purpose: '反映诉求',
      },
    });

    await citizen.getByRole('link', { name: '查询办理进度' }).click();
    await expect(citizen.getByLabel('受理编号').inputValue()).resolves.toBe(trackingNo);
    await citizen.getByLabel('联系电话').fill('13700009999');
    await citizen.getByRole('button', { name: '查询' }).click();
    await citizen.getByRole('alert').getByText('没有找到该编号和电话对应的诉求').waitFor();
    await citizen.getByLabel('联系电话').fill('13700001111');
    await citizen.getByRole('button', { name: '查询' }).click();
    const status = citizen.getByTestId('appeal-status');
    await status.getByText('办理中').waitFor();
    await status.getByText('当前环节：受理登记').waitFor();
    await citizen.close();
  });

  it('re-issues an enterprise code: the old QR is refused in Chinese, the new one opens the form', async () => {
    page.once('dialog', (d) => void d.accept());
    const card = page.locator('[data-enterprise="苏州某某化工有限公司"]');
    await card.getByRole('button', { name: '重新生成二维码' }).click();
    await page.getByRole('status').filter({ hasText: '已为苏州某某化工有限公司生成新二维码，旧码已作废' }).waitFor();
    const newUrl = (await card.locator('.intake-url').getAttribute('href'))!;
    expect(newUrl).not.toBe(intakeUrl);

    const citizen = await browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'zh-CN' });
    await citizen.goto(intakeUrl);
    await citizen
      .getByRole('alert')
      .getByText('此二维码已作废：企业已换发新码，请扫描企业现在张贴的二维码。')
      .waitFor();
    await expect.poll(() => citizen.getByRole('button', { name: '提交诉求' }).count()).toBe(0);
    await citizen.goto('about:blank');
    await citizen.goto(newUrl);
    await citizen.getByText('企业：苏州某某化工有限公司（一企一码）').waitFor();
    await citizen.getByRole('button', { name: '法律咨询' }).waitFor();
    await citizen.close();
  });
});
