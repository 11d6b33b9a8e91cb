// The front desk in a real headless Chromium: the window clerk registers a phone appeal for a
// township and gets the receipt (受理回执) with the tracking number, laid out for printing.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('the front desk in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
  });

  it('registers a phone appeal and shows a printable receipt with the tracking number', async () => {
    await signIn(page, rt.url, 'window1');
    await page.getByRole('button', { name: '前台登记' }).click();
    await page.getByLabel('受理单位').selectOption({ label: 'A镇综治中心' });
    await page.getByLabel('来源渠道').selectOption('电话');
    await page.getByLabel('诉求人姓名').fill('王五');
    await page.getByLabel('联系电话').fill('13700001234');
    await page.getByLabel('诉求类别').selectOption('物业纠纷');
    await page.getByLabel('诉求内容').fill('楼道堆放杂物存在消防隐患');
    await page.getByRole('button', { name: '登记并出具回执' }).click();

    const receipt = page.getByRole('region', { name: '受理回执' });
    const number = (await receipt.getByText(/^受理编号：SQ\d{8}-[0-9A-Z]{8}$/).textContent())!.replace(
      '受理编号：',
      '',
    );
    await receipt.getByText('A镇综治中心').waitFor();
    await receipt.getByText('窗口受理员 王芳').waitFor();
    await page.getByRole('button', { name: '打印回执' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.topbar').isVisible()).resolves.toBe(false);
    await expect(receipt.isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });

    const tracked = await rt.request('GET', `/api/public/appeals/${number}?phone=13700001234`);
    expect(tracked.body).toMatchObject({ status: 'active', category: '物业纠纷', tenant: { id: 'town-a' } });
    const admin = await rt.login('admin');
    const [c] = (await rt.request('GET', `/api/process-instances?businessKey=${number}`, { token: admin }))
      .body as Array<{ id: string }>;
    expect((await rt.request('GET', `/api/process-instances/${c!.id}`, { token: admin })).body.variables).toMatchObject(
      { applicantName: '王五', channel: '电话' },
    );
  });
});
