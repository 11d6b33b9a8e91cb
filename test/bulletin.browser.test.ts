// The dashboard's figures table, trend and monthly 通报 in a real headless Chromium: a supervisor
// groups the month's appeals by department, drills down from a department's figure to the cases
// behind it, exports the table and the 通报 to Excel (the files open with exceljs), and prints the 通报.
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

const APPEAL = { applicantName: '郭十', phone: '13900008888', category: '劳动纠纷', description: '拖欠工资三个月' };

describe.skipIf(!browserAvailable())('figures and the monthly bulletin in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    const admin = await rt.login('admin');
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await rt.request(method, path, { token: admin, ...(body === undefined ? {} : { body }) });
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    await call('POST', '/api/admin/clock', { now: '2026-03-10T01:00:00.000Z' });
    const step = async (caseId: string, changes: Record<string, unknown>) => {
      const [task] = (await call('GET', `/api/tasks?processInstanceId=${caseId}`)) as Array<{ id: string }>;
      const form = (await call('GET', `/api/tasks/${task!.id}/form`)) as { data: Record<string, unknown> };
      await call('POST', `/api/tasks/${task!.id}/complete`, { variables: { ...form.data, ...changes } });
    };
    // Three appeals sent to 人社局, one to 住建局, one answered on the spot.
    for (const [department, departmentName] of [
      ['dept-rs', '人社局'],
      ['dept-rs', '人社局'],
      ['dept-rs', '人社局'],
      ['dept-zj', '住建局'],
      [null, null],
    ] as const) {
      const r = (await call('POST', '/api/public/intake/city', { data: APPEAL })) as { trackingNo: string };
      const [c] = (await call('GET', `/api/process-instances?businessKey=${r.trackingNo}`)) as Array<{ id: string }>;
      await step(c!.id, {});
      if (!department) {
        await step(c!.id, { acceptance: '当场答复', answer: '已当场解答' });
        continue;
      }
      await step(c!.id, { acceptance: '转办' });
      await step(c!.id, { department, departmentName, timeLimit: '5 workDay' });
    }
  });

  const workbook = async (click: () => Promise<void>) => {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    return book;
  };

  it('groups the figures by department and opens the cases behind a department figure', async () => {
    await signIn(page, rt.url, 'dispatcher1');
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('button', { name: '统计表' }).click();
    const rs = page.locator('.figure-table tr[data-key="dept-rs"]');
    await rs.waitFor();
    await expect(rs.locator('[data-figure="received"]').textContent()).resolves.toBe('3');
    await expect(page.locator('.figure-table tfoot [data-figure="received"]').textContent()).resolves.toBe('5');
    await expect(page.locator('.figure-table tfoot [data-figure="onTimeRate"]').textContent()).resolves.toBe('100.0%');
    await page.getByRole('img', { name: '受理与办结趋势' }).locator('svg').getByText('受理').first().waitFor();
    await rs.getByRole('link', { name: /受理量/ }).click();
    await page.getByText('共 3 件').waitFor();
    await expect(page.getByRole('combobox', { name: '承办部门' }).inputValue()).resolves.toBe('dept-rs');
    // 转办: the department's referred appeals, the figure named in a chip.
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('button', { name: '统计表' }).click();
    await expect(rs.locator('[data-figure="referred"]').textContent()).resolves.toBe('3');
    await rs.getByRole('link', { name: /转办/ }).click();
    await page.getByText('共 3 件').waitFor();
    await page.locator('.filter-chip').getByText('统计口径：转办').waitFor();
    await expect(page.getByRole('combobox', { name: '承办部门' }).inputValue()).resolves.toBe('dept-rs');
  });

  it('exports the figures table to Excel with its rows', async () => {
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('button', { name: '统计表' }).click();
    await page.locator('.figure-table tr[data-key="dept-rs"]').waitFor();
    const book = await workbook(() => page.getByRole('button', { name: '导出 Excel' }).click());
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    const names = rows.map((r) => r[1]);
    expect(names).toContain('人社局');
    expect(names).toContain('合计');
  });

  it("shows the month's 通报 in plain words, prints only the document on A4, and exports it", async () => {
    await page.getByRole('button', { name: '月度通报' }).click();
    await page.getByRole('heading', { name: '市综治中心2026年3月群众诉求办理情况通报' }).waitFor();
    await page.getByText(/共受理群众诉求 5 件，其中市级 5 件/).waitFor();
    await page.getByText(/当场答复 1 件，转办 4 件/).waitFor();
    await page.getByText('本月受理的诉求没有超期。').waitFor();
    await page.getByRole('region', { name: '逾期督办单' }).getByText('本月逾期督办单 0 件').waitFor();
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.dashboard-views').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: '打印' }).isVisible()).resolves.toBe(false);
    await expect(page.locator('.bulletin').isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });
    const book = await workbook(() => page.getByRole('button', { name: '导出 Excel' }).click());
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '分层级',
      '分渠道',
      '渠道与层级',
      '分类别',
      '分部门',
      '部门排名',
      '单位排名',
      '超期案件',
      '逾期督办单',
    ]);
    const departments = book.getWorksheet('分部门')!.getSheetValues().filter(Boolean) as unknown[][];
    expect(departments.find((r) => r[1] === '人社局')?.[2]).toBe(3);
    // A count in the sentence opens its appeals too.
    await page.getByRole('link', { name: '当场答复：打开案件清单', exact: true }).click();
    await page.getByText('共 1 件').waitFor();
    await page.locator('.filter-chip').getByText('统计口径：当场答复').waitFor();
  });
});
