// 离岗代理 in a real headless Chromium: 人社局 张敏 (rs1) sets her colleague 李四 (rs-lisi, a demo account
// of the examples) as her proxy from the header; her claimed appeal is handed over at once (the dialog
// offers it, on by default), her inbox shows the banner, a new task assigned to her lands in the proxy's
// inbox, the case timeline says so in words, and cancelling from the banner ends it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ControlledClock } from '../runtime/platform/clock.js';
import { chainProcess, deployment, end, start } from '../runtime/testing/bpmn.js';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

/** Monday 7 December 2026, 10:00 in Beijing. */
const MONDAY = '2026-12-07T02:00:00.000Z';
const personalAppeal = chainProcess(
  'personal-appeal',
  [
    start(),
    {
      id: 'Task_Personal',
      xml: '<bpmn:userTask id="Task_Personal" name="人社局承办"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="rs1" /></bpmn:extensionElements>{flows}</bpmn:userTask>',
    },
    end(),
  ],
  { name: '专人承办诉求' },
);

describe.skipIf(!browserAvailable())('离岗代理 in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  let admin: string;
  let claimedCase: string;

  const openTasks = async (caseId: string) =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Array<{
      id: string;
      elementId: string;
      assignee: string | null;
    }>;

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    (rt.deps.clock as ControlledClock).set(MONDAY);
    admin = await rt.login('admin');
    const deployed = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: deployment('city', ['personal-appeal.bpmn', personalAppeal]),
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    // An appeal referred to 人社局 and claimed by 张敏: hers before she leaves.
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a' },
    });
    claimedCase = started.body.id;
    const [receive] = await openTasks(claimedCase);
    const referred = await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
      token: await rt.login('window1'),
      body: {
        variables: {
          applicantName: '张三',
          phone: '13800138000',
          category: '劳动纠纷',
          description: '公司拖欠三个月工资',
          channel: '窗口',
        },
      },
    });
    expect(referred.status, JSON.stringify(referred.body)).toBe(200);
    const [handle] = await openTasks(claimedCase);
    expect((await rt.request('POST', `/api/tasks/${handle!.id}/claim`, { token: await rt.login('rs1') })).status).toBe(
      200,
    );
  });

  it('张敏 sets 李四 as her proxy from the header; her open appeal goes to him and her inbox says so', async () => {
    await signIn(page, rt.url, 'rs1');
    await page.locator('[data-task="Task_HandleLabour"]').waitFor();
    await page.getByRole('button', { name: '离岗代理' }).click();
    const dialog = page.getByRole('dialog', { name: '离岗代理' });
    await dialog.getByLabel('代理人').fill('李四');
    await dialog.getByRole('button', { name: '人社局 李四（市综治中心）' }).click();
    await expect(dialog.getByLabel('开始日期').inputValue()).resolves.toBe('2026-12-07');
    await dialog.getByLabel('结束日期（不填则直到取消）').fill('2026-12-11');
    await dialog.getByText('离岗期间：12月7日—12月11日，共5天').waitFor();
    await dialog.getByLabel('事由（选填）').fill('外出参加培训');
    const handover = dialog.getByLabel('同时转交现有待办（1件）');
    await expect(handover.isChecked()).resolves.toBe(true);
    await dialog.getByRole('button', { name: '设置离岗代理' }).click();
    await dialog
      .getByRole('status')
      .getByText('已设置离岗代理：人社局 李四（12月7日—12月11日），已转交现有待办 1 件')
      .waitFor();
    await dialog.getByText('人社局 张敏 → 代理人 人社局 李四（12月7日—12月11日）').waitFor();
    await dialog.getByRole('button', { name: '关闭' }).click();

    await page
      .getByText('您已设置离岗代理：人社局 李四（12月7日—12月11日），期间分配给您的待办将转给代理人。')
      .waitFor();
    expect((await openTasks(claimedCase))[0]).toMatchObject({ assignee: 'rs-lisi' });
  });

  it('a new task for her lands in 李四’s inbox, and the case timeline says who stood in for whom', async () => {
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'personal-appeal', tenant: 'city' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect((await openTasks(started.body.id))[0]).toMatchObject({ elementId: 'Task_Personal', assignee: 'rs-lisi' });

    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, 'rs-lisi');
    await page.locator('[data-task="Task_Personal"]').waitFor();
    await page.locator('[data-task="Task_HandleLabour"]').waitFor();
    // Above the proxy's inbox: whom 李四 stands in for, and until when.
    await page
      .locator('.leave-proxy-banner')
      .getByText('您正在代理人社局 张敏（12月7日—12月11日），其本人的待办会转到您这里。')
      .waitFor();
    await page.goto(`${rt.url}/#/cases/${started.body.id}`);
    await page.getByText('离岗代理：原办理人 人社局 张敏，代理人 人社局 李四，环节「人社局承办」').waitFor();
    await page.goto(`${rt.url}/#/cases/${claimedCase}`);
    await page.getByText('离岗代理：原办理人 人社局 张敏，代理人 人社局 李四，环节「人社局办理」').waitFor();
  });

  it('张敏 cancels from the banner: new tasks are hers again', async () => {
    await page.goto(rt.url);
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, 'rs1');
    const banner = page.getByText(/^您已设置离岗代理：人社局 李四/);
    await banner.waitFor();
    await page.locator('.leave-proxy-banner').getByRole('button', { name: '取消' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'personal-appeal', tenant: 'city' },
    });
    expect((await openTasks(started.body.id))[0]).toMatchObject({ assignee: 'rs1' });
  });
});
