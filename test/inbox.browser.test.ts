// The staff inbox in a real headless Chromium: a clerk at the window claims the intake task of
// a new appeal, fills the form generated from its JSON Schema (checked in the browser with
// Chinese messages) and submits it; the appeal moves on to the labour department's inbox.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('the staff inbox in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  let admin: string;
  let caseId: string;

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    admin = await rt.login('admin');
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a', businessKey: 'A-2026-007' },
    });
    expect(started.status).toBe(201);
    caseId = started.body.id;
  });

  const openTasks = async () =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Array<{
      elementId: string;
      assignee: string | null;
    }>;

  it('a window clerk lands in the inbox (no designer tab for staff) and claims the new appeal', async () => {
    await signIn(page, rt.url, 'window1');
    await page.getByRole('button', { name: '待办' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: '流程设计' }).count()).toBe(0);
    await page.locator('[data-task="Task_Receive"]').click();
    await page.getByTestId('task-title').getByText('受理登记').waitFor();
    await page.getByLabel('诉求人姓名').waitFor(); // the form, generated from the intake form's JSON Schema
    await page.getByRole('button', { name: '签收', exact: true }).click();
    await page.getByRole('button', { name: '退回签收' }).waitFor();
    expect(await openTasks()).toMatchObject([{ elementId: 'Task_Receive', assignee: 'window1' }]);
  });

  it('checks the form in the browser, in Chinese, and submits nothing until it is right', async () => {
    await page.getByLabel('诉求人姓名').fill('张');
    await page.getByLabel('联系电话').fill('12345');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('诉求人姓名至少填写2个字').first().waitFor();
    await page.getByText('请填写11位手机号码').first().waitFor(); // the form's own message for the phone
    expect(await openTasks()).toMatchObject([{ elementId: 'Task_Receive' }]);
  });

  it('submits the filled form: the task leaves the inbox and the appeal goes to the labour department', async () => {
    await page.getByLabel('诉求人姓名').fill('张三');
    await page.getByLabel('联系电话').fill('13800000000');
    await page.getByLabel('诉求类别').selectOption('劳动纠纷');
    await page.getByLabel('诉求内容').fill('公司拖欠工资三个月未发放');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('status').getByText('已提交：受理登记').waitFor();
    await expect.poll(() => page.locator('[data-task="Task_Receive"]').count()).toBe(0);
    expect((await openTasks()).map((t) => t.elementId)).toEqual(['Task_HandleLabour']);
    const vars = (await rt.request('GET', `/api/process-instances/${caseId}`, { token: admin })).body.variables;
    expect(vars).toMatchObject({ applicantName: '张三', category: '劳动纠纷', channel: '窗口' });
  });

  it('the labour department sees it with its deadline light and the case data', async () => {
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, 'rs1');
    await page.locator('[data-task="Task_HandleLabour"]').click();
    await page.getByTestId('task-title').getByText('人社局办理').waitFor();
    await page.locator('[data-task="Task_HandleLabour"] .light.green').waitFor();
    await page.getByLabel('办理结果').waitFor();
    // What happened so far: registered, received at the window by window1 (named as people know her).
    const history = page.getByRole('region', { name: '办理记录' });
    await history.locator('[data-event="instanceStarted"]').getByText('案件登记').waitFor();
    await history.locator('[data-event="taskCompleted"]').getByText('窗口受理员 王芳').waitFor();
    await expect.poll(() => history.getByText('window1').count()).toBe(0);
  });

  it('the handler claims it and asks for more time; the request waits for a supervisor', async () => {
    await page.getByRole('button', { name: '签收', exact: true }).click();
    // The case has no tracking number: the task names its holder by display name, not account.
    await page.locator('.task-detail').getByText('签收人：人社局 张敏').waitFor();
    // So does its row in the list (the inbox list carries the holder's display name).
    await page.locator('[data-task="Task_HandleLabour"]').getByText('签收人：人社局 张敏').waitFor();
    await page.getByRole('button', { name: '申请延期' }).click();
    await page.getByLabel('延期理由').fill('需企业提供工资台账');
    // A number and a unit from a list, nothing to type wrong but the number.
    await page.getByLabel('延长多少').fill('0');
    await expect(page.getByRole('button', { name: '申请延期' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('延长多少').fill('3');
    await page.getByLabel('延长时间的单位').selectOption({ label: '个工作日' });
    await page.getByRole('button', { name: '申请延期' }).click();
    await page.getByRole('status').getByText('延期申请已提交，等待审批').waitFor();
    const [handle] = (await openTasks()) as unknown as Array<{ id: string }>;
    const requests = (await rt.request('GET', `/api/extension-requests?taskId=${handle!.id}`, { token: admin })).body;
    expect(requests).toMatchObject([
      { status: 'pending', reason: '需企业提供工资台账', requestedBy: 'rs1', requestedByName: '人社局 张敏' },
    ]);
    await page.getByRole('region', { name: '办理记录' }).locator('[data-event="extensionRequested"]').waitFor();
  });

  it('a supervisor approves it on the dashboard: the deadline moves', async () => {
    const [handle] = (await openTasks()) as unknown as Array<{ id: string }>;
    const before = (await rt.request('GET', `/api/tasks/${handle!.id}`, { token: admin })).body.dueAt as string;
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, 'dispatcher1');
    await page.getByRole('button', { name: '看板' }).click();
    const pending = page.getByRole('region', { name: '待审批的延期申请' });
    // By the name people know, not the account.
    await pending.getByText('人社局 张敏 申请延长 3个工作日：需企业提供工资台账').waitFor();
    await pending.getByRole('button', { name: '批准', exact: true }).click();
    await page.getByRole('status').getByText('已处理延期申请').waitFor();
    await expect.poll(() => pending.count()).toBe(0);
    const [request] = (await rt.request('GET', `/api/extension-requests?taskId=${handle!.id}`, { token: admin })).body;
    expect(request).toMatchObject({ status: 'approved', decidedBy: 'dispatcher1', decidedByName: expect.any(String) });
    expect(request.decidedByName).not.toBe('dispatcher1');
    expect((await rt.request('GET', `/api/tasks/${handle!.id}`, { token: admin })).body.dueAt > before).toBe(true);
  });

  it('the 办理记录 says what the 派单目录 decided: the table’s columns, the department by its name, the time limit in words', async () => {
    const c = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-referral', tenant: 'town-a' },
    });
    expect(c.status).toBe(201);
    const [intake] = (await rt.request('GET', `/api/tasks?processInstanceId=${c.body.id}`, { token: admin })).body;
    const done = await rt.request('POST', `/api/tasks/${intake.id}/complete`, {
      token: admin,
      body: {
        variables: {
          applicantName: '钱七',
          phone: '13600002222',
          category: '劳动纠纷',
          description: '公司拖欠工资两个月',
          channel: '窗口',
        },
      },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, 'rs1');
    await page.locator('[data-task="Task_Handle"]').click();
    const decided = page.getByRole('region', { name: '办理记录' }).locator('[data-event="decisionEvaluated"]');
    await decided.getByText('按规则分派').waitFor();
    await decided.getByText('承办部门：市人力资源和社会保障局，办理时限：5个工作日').waitFor();
    await expect(decided.textContent()).resolves.not.toMatch(/[{}"]|dept-|workDay/);
  });
});
