// Task operations in a real headless Chromium: 住建局 refuses a misrouted appeal (退单) with a
// reason; the window (the appeal loop's dispatch step) is told through the notice bell, reads the
// reason and re-routes it to 人社局; 人社局 transfers it (转办) to a colleague, who handles it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('task operations in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  let admin: string;
  let caseId: string;

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    admin = await rt.login('admin');
    const colleague = await rt.request('POST', '/api/users', {
      token: admin,
      body: {
        username: 'rs2',
        password: 'Renshe-colleague-2026!',
        displayName: '人社局 孙悦',
        tenantId: 'city',
        groups: ['dept-rs'],
        roles: ['staff'],
      },
    });
    expect(colleague.status, JSON.stringify(colleague.body)).toBe(201);
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a' },
    });
    caseId = started.body.id;
    const [receive] = await openTasks();
    const window1 = await rt.login('window1');
    const referred = await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
      token: window1,
      body: {
        variables: {
          applicantName: '张三',
          phone: '13800138000',
          category: '物业纠纷',
          description: '公司拖欠工资，物业不予处理',
          channel: '窗口',
        },
      },
    });
    expect(referred.status, JSON.stringify(referred.body)).toBe(200);
  });

  const openTasks = async () =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Array<{
      id: string;
      elementId: string;
      assignee: string | null;
    }>;
  const signOutAndIn = async (user: string, password?: string) => {
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, user, password);
  };

  it('住建局 sees the case by its title, not an id, and refuses it with a reason', async () => {
    await signIn(page, rt.url, 'zj1');
    const row = page.locator('[data-task="Task_HandleHousing"]');
    await row.getByText('张三 · 物业纠纷 · A镇综治中心').waitFor();
    await expect(row.textContent()).resolves.not.toContain(caseId);
    await row.click();
    await page.getByTestId('task-title').getByText('住建局办理').waitFor();
    await page.getByRole('button', { name: '退单' }).click();
    const dialog = page.getByRole('dialog', { name: '退单' });
    await dialog.getByLabel('理由').fill('拖欠工资属于人社局职责');
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.getByRole('status').getByText('已退单：住建局办理').waitFor();
    await expect.poll(() => row.count()).toBe(0);
    expect((await openTasks()).map((t) => t.elementId)).toEqual(['Task_Receive']);
  });

  it('the window gets a notice in the bell, follows it to the task, reads the reason and re-routes', async () => {
    await signOutAndIn('window1');
    const bell = page.getByRole('button', { name: /通知（1 条未读）/ });
    await bell.click();
    await page
      .getByRole('region', { name: '通知' })
      .getByRole('button', { name: /退单：受理登记/ })
      .click();
    await page.getByTestId('task-title').getByText('受理登记').waitFor();
    await page
      .getByRole('note')
      .getByText('承办部门退单，理由：拖欠工资属于人社局职责。请重新分派或确认原部门办理。')
      .waitFor();
    await page.getByRole('button', { name: /通知（0 条未读）/ }).waitFor();
    await expect(page.getByLabel('诉求人姓名').inputValue()).resolves.toBe('张三'); // the case keeps its data
    await page.getByLabel('诉求类别').selectOption('劳动纠纷');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('status').getByText('已提交：受理登记').waitFor();
    expect((await openTasks()).map((t) => t.elementId)).toEqual(['Task_HandleLabour']);
  });

  it('人社局 transfers it to a colleague, who is told and handles it', async () => {
    await signOutAndIn('rs1');
    await page.locator('[data-task="Task_HandleLabour"]').click();
    await page.getByTestId('task-title').getByText('人社局办理').waitFor();
    // 抄送 to two people picked by name; a chosen one can be taken off again.
    await page.getByRole('button', { name: '抄送' }).click();
    const cc = page.getByRole('dialog', { name: '抄送' });
    for (const [part, person] of [
      ['陈静', '综合组 陈静（市综治中心）'],
      ['刘洋', '回访员 刘洋（市综治中心）'],
      ['王芳', '窗口受理员 王芳（市综治中心）'],
    ]) {
      await cc.getByLabel('抄送人员').fill(part!);
      await cc.getByRole('button', { name: person }).click();
    }
    await cc.getByRole('button', { name: '移除 窗口受理员 王芳' }).click();
    await cc.getByLabel('备注').fill('请了解劳动监察进展');
    await cc.getByRole('button', { name: '确定' }).click();
    await page.getByRole('status').getByText('已抄送：人社局办理').waitFor();
    const sent = (await rt.request('GET', '/api/worklists/cc-sent', { token: await rt.login('rs1') })).body as {
      items: Array<{ recipient: { id: string } }>;
    };
    expect(sent.items.map((i) => i.recipient.id).sort()).toEqual(['followup1', 'zz1']);
    await page.getByRole('button', { name: '转办' }).click();
    const dialog = page.getByRole('dialog', { name: '转办' });
    // By name, from the people found: nobody types an account.
    await dialog.getByLabel('转给人员').fill('孙悦');
    await dialog.getByRole('button', { name: '人社局 孙悦（市综治中心）' }).click();
    await dialog.getByLabel('理由').fill('孙悦负责劳动监察');
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.getByRole('status').getByText('已转办：人社局办理').waitFor();
    expect(await openTasks()).toMatchObject([{ elementId: 'Task_HandleLabour', assignee: 'rs2' }]);

    await signOutAndIn('rs2', 'Renshe-colleague-2026!');
    await page.getByRole('button', { name: /通知（1 条未读）/ }).click();
    await page
      .getByRole('region', { name: '通知' })
      .getByRole('button', { name: /转办：人社局办理/ })
      .click();
    await page.getByTestId('task-title').getByText('人社局办理').waitFor();
    await page.getByLabel('办理结果').fill('已约谈企业，工资已补发');
    await page.getByLabel('是否已解决').check();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('status').getByText('已提交：人社局办理').waitFor();
    expect((await openTasks()).map((t) => t.elementId)).toEqual(['Task_FollowUp']);
    const events = (await rt.request('GET', `/api/process-instances/${caseId}/history`, { token: admin })).body
      .events as Array<{ type: string; actor: string }>;
    expect(
      events.filter((e) => ['taskRefused', 'taskTransferred'].includes(e.type)).map((e) => [e.type, e.actor]),
    ).toEqual([
      ['taskRefused', 'zj1'],
      ['taskTransferred', 'rs1'],
    ]);
  }, 90_000);

  it('人社局 delegates a case to a colleague: the task page names both by the names people know them by', async () => {
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a' },
    });
    const tasks = async () =>
      (await rt.request('GET', `/api/tasks?processInstanceId=${started.body.id}`, { token: admin })).body as Array<{
        id: string;
        elementId: string;
      }>;
    const [receive] = await tasks();
    const window1 = await rt.login('window1');
    const received = await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
      token: window1,
      body: {
        variables: {
          applicantName: '李四',
          phone: '13800138001',
          category: '劳动纠纷',
          description: '加班费未按规定支付',
          channel: '窗口',
        },
      },
    });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    const [handle] = await tasks();
    expect((await rt.request('POST', `/api/tasks/${handle!.id}/claim`, { token: await rt.login('rs1') })).status).toBe(
      200,
    );

    await signOutAndIn('rs1');
    await page.locator('[data-task="Task_HandleLabour"]').filter({ hasText: '李四' }).click();
    await page.getByRole('button', { name: '委派' }).click();
    const dialog = page.getByRole('dialog', { name: '委派' });
    // By name, from the people found: nobody types an account.
    await dialog.getByLabel('转给人员').fill('孙悦');
    await dialog.getByRole('button', { name: '人社局 孙悦（市综治中心）' }).click();
    await dialog.getByLabel('理由').fill('请协助核实加班记录');
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.getByRole('status').getByText('已委派：人社局办理').waitFor();

    await signOutAndIn('rs2', 'Renshe-colleague-2026!');
    await page.locator('[data-task="Task_HandleLabour"]').filter({ hasText: '李四' }).click();
    const note = page.getByText('已委派给 人社局 孙悦；办毕交回后由 人社局 张敏 完成。');
    await note.waitFor();
    await expect(note.textContent()).resolves.not.toMatch(/rs1|rs2/);
  });
});
