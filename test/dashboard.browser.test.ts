// The dashboard in a real headless Chromium: a supervisor sees where the city's appeals stand
// and what is overdue, in figures and in charts (ECharts, drawn as SVG).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { INTAKE } from '../engine/bench/workload.js';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('the dashboard in Chromium', () => {
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
    await call('POST', '/api/admin/clock', { now: '2026-03-02T01:00:00.000Z' }); // a Monday, 09:00 in Shanghai
    for (const [tenant, category] of [
      ['town-a', '劳动纠纷'],
      ['town-a', '物业纠纷'],
      ['street-b', null],
    ] as const) {
      const c = await call('POST', '/api/process-instances', { processKey: 'appeal-loop', tenant });
      if (!category) continue;
      const [intake] = (await call('GET', `/api/tasks?processInstanceId=${c.id}`)) as Array<{ id: string }>;
      await call('POST', `/api/tasks/${intake!.id}/complete`, { variables: { ...INTAKE, category } });
    }
    await call('POST', '/api/admin/clock', { advance: 'P2DT12H' }); // street-b's intake is overdue now
  });

  it('a supervisor opens the dashboard: figures, charts by step and department, and each unit', async () => {
    await signIn(page, rt.url, 'dispatcher1');
    await page.getByRole('button', { name: '看板' }).click();
    const kpi = (id: string) => page.locator(`[data-kpi="${id}"] .value`).textContent();
    await page.locator('[data-kpi="activeCases"]').waitFor();
    await expect(kpi('activeCases')).resolves.toBe('3');
    await expect(kpi('overdueTasks')).resolves.toBe('1');
    await expect(kpi('onTimeRate')).resolves.toBe('100%');
    const steps = page.getByRole('img', { name: '各环节在办与超期' });
    await steps.locator('svg').getByText('人社局办理').waitFor();
    await steps.locator('svg').getByText('受理登记').waitFor();
    await page.getByRole('img', { name: '各部门在办与超期' }).locator('svg').getByText('市住房和城乡建设局').waitFor();
    await expect(page.locator('tr[data-tenant="street-b"] td').allTextContents()).resolves.toEqual([
      'B街道综治中心',
      '1',
      '1',
      '1',
    ]);
    await expect(page.locator('tr[data-tenant="town-a"] td').allTextContents()).resolves.toEqual([
      'A镇综治中心',
      '2',
      '2',
      '0',
    ]);
  });

  it('lists what is overdue and urges its handlers (催办)', async () => {
    const overdue = page.getByRole('region', { name: '超期任务' });
    const row = overdue.locator('[data-overdue="Task_Receive"]');
    await row.getByText('street-b', { exact: false }).waitFor();
    await expect(overdue.locator('li').count()).resolves.toBe(1);
    await row.getByRole('button', { name: '催办' }).click();
    await page.getByRole('status').getByText('已催办：受理登记').waitFor();
    const admin = await rt.login('admin');
    const [task] = (await rt.request('GET', '/api/tasks?status=open&light=red', { token: admin })).body;
    const urges = (await rt.request('GET', `/api/tasks/${task.id}/urges`, { token: admin })).body;
    expect(JSON.stringify(urges)).toContain('dispatcher1');
  });

  it('a figure opens the cases behind it in the case search, with the same filters', async () => {
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('link', { name: '查看A镇综治中心 在办案件的案件' }).click();
    await page.getByText('共 2 件').waitFor();
    await page.getByText('仅显示：A镇综治中心').waitFor();
    await expect(page.getByRole('combobox', { name: '状态' }).inputValue()).resolves.toBe('active');
    await expect(page.getByRole('button', { name: '案件查询' }).getAttribute('class')).resolves.toContain('active');
    // The whole city's active cases, from the figure at the top.
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('link', { name: '查看在办案件的案件' }).click();
    await page.getByText('共 3 件').waitFor();
    await expect(page.getByText('仅显示：').count()).resolves.toBe(0);
  });

  it('staff have no dashboard', async () => {
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, 'window1');
    await page.getByRole('button', { name: '待办' }).waitFor();
    await expect(page.getByRole('button', { name: '看板' }).count()).resolves.toBe(0);
  });
});
