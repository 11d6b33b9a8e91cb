// The whole closed loop of the city's process in a real headless Chromium, as staff work it, with
// the task operations: the window registers a walk-in appeal at the front desk (receipt) and
// accepts it; the dispatcher refers it to 住建局; 住建局 refuses it (退单) with a reason; the
// dispatcher reads the reason and re-routes it to 人社局; 人社局 transfers it (转办) to a
// colleague, who handles it; the centre's review returns it (退回) once; 人社局 handles it again;
// the review passes it; 回访 closes it. Each person's view is checked on the way.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

const TITLE = '钱七 · 物业纠纷 · 市综治中心';

describe.skipIf(!browserAvailable())('the closed loop with the task operations in Chromium', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let admin: string;
  let trackingNo = '';
  let caseId = '';

  useBrowserApp(async (app) => {
    ({ rt, browser } = app);
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
  });

  const openSteps = async () =>
    (
      (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Array<{
        elementId: string;
        assignee: string | null;
      }>
    ).map((t) => (t.assignee ? `${t.elementId}@${t.assignee}` : t.elementId));
  const as = async (user: string, password?: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    page.setDefaultTimeout(12_000);
    await signIn(page, rt.url, user, password);
    await page.getByRole('tab', { name: /待办/ }).waitFor();
    return page;
  };
  /** Opens the task at `el` in the inbox, checking the row names the case by its title (never an id). */
  const openTask = async (page: Page, el: string, name: string) => {
    const row = page.locator(`[data-task="${el}"]`).first();
    await row.getByText(TITLE, { exact: false }).waitFor();
    await expect(row.textContent()).resolves.not.toContain(caseId);
    await row.click();
    await page.getByTestId('task-title').getByText(name).waitFor();
  };
  const submit = async (page: Page, name: string) => {
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByRole('status').getByText(`已提交：${name}`).waitFor();
  };
  const operate = async (
    page: Page,
    op: string,
    reason: string,
    fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>,
  ) => {
    await page.getByRole('button', { name: op, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: op });
    if (fill) await fill(dialog);
    await dialog.getByLabel('理由').fill(reason);
    await dialog.getByRole('button', { name: '确定' }).click();
  };

  it('the window registers a walk-in appeal, prints the receipt and accepts it for referral', async () => {
    const page = await as('window1');
    await page.getByRole('button', { name: '前台登记' }).click();
    await page.getByLabel('受理单位').selectOption({ label: '市综治中心' });
    await page.getByLabel('来源渠道').selectOption('窗口');
    await page.getByLabel('诉求人姓名').fill('钱七');
    await page.getByLabel('联系电话').fill('13700001234');
    await page.getByLabel('诉求类别').selectOption('物业纠纷');
    await page.getByLabel('诉求内容').fill('单位拖欠三个月工资，物业公司代发未果');
    await page.getByRole('button', { name: '登记并出具回执' }).click();
    const receipt = page.getByRole('region', { name: '受理回执' });
    trackingNo = (await receipt.getByText(/^受理编号：SQ\d{8}-[0-9A-Z]{8}$/).textContent())!.replace('受理编号：', '');
    const [found] = (await rt.request('GET', `/api/process-instances?businessKey=${trackingNo}`, { token: admin }))
      .body as Array<{ id: string }>;
    caseId = found!.id;

    await page.getByRole('button', { name: '待办', exact: true }).click();
    if ((await openSteps()).includes('Task_Receive')) {
      await openTask(page, 'Task_Receive', '受理登记');
      await submit(page, '受理登记');
    }
    await openTask(page, 'Task_Accept', '受理审查');
    await page.getByLabel('受理审查结果').selectOption('转办');
    await submit(page, '受理审查');
    expect(await openSteps()).toEqual(['Task_Dispatch']);
    await page.close();
  });

  it('the dispatcher refers it to 住建局 as the catalogue suggests; 住建局 refuses it (退单) with a reason', async () => {
    const dispatcher = await as('dispatcher1');
    await openTask(dispatcher, 'Task_Dispatch', '分类转办');
    await expect(dispatcher.getByLabel('承办部门（编号）').inputValue()).resolves.toBe('dept-zj');
    await submit(dispatcher, '分类转办');
    expect(await openSteps()).toEqual(['Task_Handle']);
    await dispatcher.close();

    const zj = await as('zj1');
    await openTask(zj, 'Task_Handle', '部门签收办理');
    await operate(zj, '退单', '工资拖欠属于人社局职责');
    await zj.getByRole('status').getByText('已退单：部门签收办理').waitFor();
    await expect.poll(() => zj.locator('[data-task="Task_Handle"]').count()).toBe(0);
    expect(await openSteps()).toEqual(['Task_Dispatch']);
    await zj.close();
  });

  it('the dispatcher is told by the bell, reads the reason and re-routes it to 人社局; 住建局 sees nothing more', async () => {
    const dispatcher = await as('dispatcher1');
    await dispatcher.getByRole('button', { name: /通知（[1-9]\d* 条未读）/ }).click();
    await dispatcher
      .getByRole('region', { name: '通知' })
      .getByRole('button', { name: /退单：分类转办/ })
      .click();
    await dispatcher.getByTestId('task-title').getByText('分类转办').waitFor();
    await dispatcher
      .getByRole('note')
      .getByText('承办部门退单，理由：工资拖欠属于人社局职责。请重新分派或确认原部门办理。')
      .waitFor();
    await dispatcher.getByLabel('承办部门（编号）').fill('dept-rs');
    await dispatcher.getByLabel(/^承办部门\*?$/).fill('市人力资源和社会保障局');
    await submit(dispatcher, '分类转办');
    expect(await openSteps()).toEqual(['Task_Handle']);
    await dispatcher.close();

    const zj = await as('zj1');
    await zj.getByText('没有待办任务').waitFor();
    await zj.close();
  });

  it('人社局 transfers it (转办) to a colleague, who is told and handles it', async () => {
    const rs = await as('rs1');
    await openTask(rs, 'Task_Handle', '部门签收办理');
    await expect(rs.getByRole('button', { name: '退单', exact: true }).count()).resolves.toBe(1);
    await operate(rs, '转办', '孙悦负责劳动监察', async (dialog) => {
      await dialog.getByLabel('转给人员').fill('孙悦');
      await dialog.getByRole('button', { name: '人社局 孙悦（市综治中心）' }).click();
    });
    await rs.getByRole('status').getByText('已转办：部门签收办理').waitFor();
    expect(await openSteps()).toEqual(['Task_Handle@rs2']);
    await rs.close();

    const rs2 = await as('rs2', 'Renshe-colleague-2026!');
    await rs2.getByRole('button', { name: /通知（1 条未读）/ }).click();
    await rs2
      .getByRole('region', { name: '通知' })
      .getByRole('button', { name: /转办：部门签收办理/ })
      .click();
    await rs2.getByTestId('task-title').getByText('部门签收办理').waitFor();
    await rs2.getByLabel('办理结果').selectOption('办结');
    await rs2.getByLabel('答复意见').fill('已联系用人单位');
    await submit(rs2, '部门签收办理');
    expect(await openSteps()).toEqual(['Task_Review']);
    await rs2.close();
  });

  it('the review returns it (退回) once; 人社局 reads why and handles it again; the review passes it', async () => {
    const dispatcher = await as('dispatcher1');
    await openTask(dispatcher, 'Task_Review', '中心审核');
    await expect(dispatcher.getByLabel('部门答复意见').inputValue()).resolves.toBe('已联系用人单位');
    await operate(dispatcher, '退回', '答复未说明工资何时发放');
    await dispatcher.getByRole('status').getByText('已退回：中心审核').waitFor();
    expect(await openSteps()).toEqual(['Task_Handle']);
    await dispatcher.close();

    const rs2 = await as('rs2', 'Renshe-colleague-2026!');
    await openTask(rs2, 'Task_Handle', '部门签收办理');
    await rs2.getByRole('note').getByText('本环节被退回，理由：答复未说明工资何时发放').waitFor();
    await rs2.getByLabel('办理结果').selectOption('办结');
    await rs2.getByLabel('答复意见').fill('用人单位承诺本月15日前全额发放');
    await submit(rs2, '部门签收办理');
    await rs2.close();

    const again = await as('dispatcher1');
    await openTask(again, 'Task_Review', '中心审核');
    await expect(again.getByLabel('部门答复意见').inputValue()).resolves.toBe('用人单位承诺本月15日前全额发放');
    await again.getByLabel('审核结果').selectOption('通过');
    await submit(again, '中心审核');
    expect(await openSteps()).toEqual(['Task_FollowUp']);
    await again.close();
  });

  it('回访 closes the case; the case page and the public tracking page show it closed with the whole story', async () => {
    const followup = await as('followup1');
    await openTask(followup, 'Task_FollowUp', '回访');
    await followup.getByLabel('满意度').selectOption('满意');
    await submit(followup, '回访');
    expect(await openSteps()).toEqual([]);

    await followup.goto(`${rt.url}/#/cases/${caseId}`);
    await followup.locator('.case-status.completed').getByText('已办结').waitFor();
    const timeline = followup.getByRole('region', { name: '办理过程' });
    await timeline
      .getByText('退单（「部门签收办理」不属本部门职责），退回派单环节，理由：工资拖欠属于人社局职责')
      .waitFor();
    await timeline.getByText('将「部门签收办理」转办给 人社局 孙悦，理由：孙悦负责劳动监察').waitFor();
    await timeline.getByText('将「中心审核」退回「部门签收办理」，理由：答复未说明工资何时发放').waitFor();
    await timeline.getByText('办结归档').waitFor();
    await expect(timeline.textContent()).resolves.not.toMatch(/Task_|rs2|dept-/);
    await followup.close();

    const tracked = await rt.request('GET', `/api/public/appeals/${trackingNo}?phone=13700001234`);
    expect(tracked.body).toMatchObject({ status: 'completed', category: '物业纠纷' });
  });
});
