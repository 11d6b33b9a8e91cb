// 流程监控 in a real headless Chromium: the city supervisor picks the city's appeal process by name, sees
// on its diagram how many cases stand at each step (and how many are overdue there), and a badge opens
// the list of exactly those cases.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { STUCK_PROCESS_BPMN, STUCK_PROCESS_KEY } from '../runtime/testing/stuck-case.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

const APPEAL = {
  applicantName: '吴九',
  phone: '13500008888',
  category: '物业纠纷',
  description: '楼道漏水已经一个月没人修',
};

describe.skipIf(!browserAvailable())('流程监控 in Chromium', () => {
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
    const step = async (id: string, changes: Record<string, unknown> = {}) => {
      const [task] = (await call('GET', `/api/tasks?processInstanceId=${id}`)) as Array<{ id: string }>;
      const form = (await call('GET', `/api/tasks/${task!.id}/form`)) as { data: Record<string, unknown> };
      await call('POST', `/api/tasks/${task!.id}/complete`, { variables: { ...form.data, ...changes } });
    };
    // Three appeals at 部门签收办理, two still at 受理登记.
    for (let i = 0; i < 5; i++) {
      const r = (await call('POST', '/api/public/intake/city', { data: APPEAL })) as { trackingNo: string };
      const [c] = (await call('GET', `/api/process-instances?businessKey=${r.trackingNo}`)) as Array<{ id: string }>;
      if (i >= 3) continue;
      await step(c!.id);
      await step(c!.id, { acceptance: '转办' });
      await step(c!.id, { department: 'dept-zj', departmentName: '市住房和城乡建设局', timeLimit: '5 workDay' });
    }
    // Two cases stopped at a decision (故障).
    await call('POST', '/api/deployments', {
      tenant: 'city',
      resources: [{ name: 'amount-routing.bpmn', content: STUCK_PROCESS_BPMN }],
    });
    for (let i = 0; i < 2; i++)
      await call('POST', '/api/process-instances', { processKey: STUCK_PROCESS_KEY, tenant: 'city' });
    await call('POST', '/api/admin/clock', { advance: 'P10D' }); // every open step is past its deadline now
  });

  it('a supervisor opens 流程监控, sees the badges on 部门签收办理, and a badge opens those cases', async () => {
    await signIn(page, rt.url, 'dispatcher1');
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('button', { name: '流程监控' }).click();
    const picker = page.locator('.map-pickers select').first();
    await picker.waitFor();
    const option = await picker.locator('option', { hasText: '市综治中心诉求闭环' }).getAttribute('value');
    await picker.selectOption(option!);
    await page.getByTestId('process-map-totals').filter({ hasText: '在办 5 件，其中超期 5 件' }).waitFor();

    const handle = page.locator('.map-badge[title^="部门签收办理："]');
    await expect(handle.first().getAttribute('title')).resolves.toBe('部门签收办理：在办 3件，其中超期 3件');
    await expect(handle.allTextContents()).resolves.toEqual(['3', '3']);
    const receive = page.locator('.map-badge.open[title^="受理登记："]');
    await expect(receive.textContent()).resolves.toBe('2');
    await expect(page.locator('.map-diagram .map-badge.incidents').count()).resolves.toBe(0);
    await page.getByText('故障停办件数').waitFor(); // the legend

    await page.locator('.map-badge.overdue[title^="部门签收办理："]').click();
    await page.getByText('共 3 件').waitFor();
    await expect(page.locator('.case-results tbody tr').count()).resolves.toBe(3);
    await expect(page.locator('.filter-chip[data-filter="waitingAt"]').textContent()).resolves.toContain(
      '停留在“部门签收办理”环节',
    );
    await expect(page.locator('.filter-chip[data-filter="process"]').textContent()).resolves.toContain(
      '市综治中心诉求闭环',
    );
  });

  const openMap = async (user: string, processName: string) => {
    // The one signed in before (the test above's supervisor, or the one before this) signs out first.
    await page.goto(`${rt.url}/#/`);
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, user);
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('button', { name: '流程监控' }).click();
    const picker = page.locator('.map-pickers select').first();
    await picker.waitFor();
    await picker.selectOption((await picker.locator('option', { hasText: processName }).getAttribute('value'))!);
  };

  it('故障: the badge opens the stopped cases for a supervisor, and 故障案件 at that step for an administrator', async () => {
    await openMap('dispatcher1', '金额分流');
    const stuck = page.locator('.map-diagram .map-badge.incidents');
    await expect(stuck.getAttribute('title')).resolves.toBe('金额判断：故障停办 2件');
    await stuck.click();
    await page.getByText('共 2 件').waitFor();
    await expect(page.locator('.filter-chip[data-filter="stuckAt"]').textContent()).resolves.toContain(
      '在“金额判断”环节故障停办',
    );

    await openMap('city-admin', '金额分流');
    await page.locator('.map-diagram .map-badge.incidents').click();
    await page
      .getByTestId('incident-filter')
      .filter({ hasText: '流程“金额分流”在“金额判断”环节处理中断的案件' })
      .waitFor();
    await expect(page.locator('.incident-list li').count()).resolves.toBe(2);
    // The 故障案件 tab lists every incident again.
    await page.getByRole('button', { name: '故障案件' }).click();
    await page.getByTestId('incident-filter').waitFor({ state: 'detached' });
    await page.locator('.incident-list li').first().waitFor();
  });
});
