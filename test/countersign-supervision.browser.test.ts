// 会签 and 督办单 in a real headless Chromium: a signer reads the vote summary on the task page and
// adds (加签) and removes (减签) signers; the case page shows the summary. A supervisor issues a
// 督办单 on the case page; 人社局 finds it under 督办 in the inbox (with its count) and answers
// with 整改反馈 and a case file; the supervisor returns it once (要求重新整改), then closes it (办结).
// A supervisor escalates an order from the town to the city (升级督办). A CC recipient reads the case
// without being offered an upload.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ControlledClock } from '../runtime/platform/clock.js';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';
import { countersignBpmn } from '../runtime/testing/countersign-bpmn.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const INTAKE = { applicantName: '赵六', phone: '13700137000', description: '工地拖欠工资两个月', category: '劳动纠纷' };
const JOINT = countersignBpmn(['rs1', 'zj1', 'zz1']);

describe.skipIf(!browserAvailable())('会签 and 督办单 in Chromium', () => {
  let rt: TestRuntime;
  let browser: Browser;
  let admin: string;

  useBrowserApp(async (app) => {
    ({ rt, browser } = app);
    admin = await rt.login('admin');
    const deployed = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: { tenant: 'city', resources: [{ name: 'joint-sign.bpmn', content: JOINT }] },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
  });

  const tasksOf = async (caseId: string) =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Array<{
      id: string;
      elementId: string;
      assignee: string | null;
    }>;
  const pageOf = async (user: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    page.setDefaultTimeout(12_000);
    await signIn(page, rt.url, user);
    await page.getByRole('tab', { name: /待办/ }).waitFor();
    return page;
  };

  it('a signer sees the vote summary, adds a signer and removes one; the case page shows who signed and how', async () => {
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'joint-sign', tenant: 'city' },
    });
    const caseId = started.body.id as string;
    const rsTask = (await tasksOf(caseId)).find((t) => t.assignee === 'rs1')!;
    const signed = await rt.request('POST', `/api/tasks/${rsTask.id}/complete`, {
      token: await rt.login('rs1'),
      body: { variables: { agree: true }, opinion: '同意联合处置' },
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);

    const page = await pageOf('zj1');
    await page.locator('[data-task="Task_Sign"]').click();
    const panel = page.getByRole('region', { name: '会签情况' });
    await panel
      .getByTestId('countersign-rule')
      .getByText(/签署人数达到 2\/3 即通过/)
      .waitFor();
    await panel.getByText('已签 1/3（同意 1，不同意 0），待签 2').waitFor();
    await expect(panel.locator('[data-signer="人社局 张敏"]').textContent()).resolves.toContain('同意：同意联合处置');

    await panel.getByLabel('加签/减签理由').fill('涉及回访工作');
    await panel.getByRole('button', { name: '加签' }).click();
    const dialog = page.getByRole('dialog', { name: '加签' });
    await dialog.getByLabel('加签人员（用户名，多人用逗号分隔）').fill('followup1');
    await dialog.getByRole('button', { name: '确定' }).click();
    await page.getByRole('status').getByText('已加签').waitFor();
    await panel.getByText('已签 1/4（同意 1，不同意 0），待签 3').waitFor();
    expect((await tasksOf(caseId)).map((t) => t.assignee).sort()).toEqual(['followup1', 'zj1', 'zz1']);

    const zz = panel.locator('li.signer').filter({ hasText: '签署中' }).nth(1);
    const zzName = (await zz.locator('strong').textContent())!;
    await panel.getByRole('button', { name: `减签 ${zzName}` }).click();
    await page.getByRole('status').getByText('已减签').waitFor();
    await panel.locator('li.signer.removed').getByText(zzName).waitFor();
    expect((await tasksOf(caseId)).map((t) => t.assignee).sort()).toEqual(['followup1', 'zj1']);

    await page.goto(`${rt.url}/#/cases/${caseId}`);
    const summary = page.getByRole('region', { name: '会签情况' });
    await summary.getByText('已签 1/3（同意 1，不同意 0），待签 2').waitFor();
    await expect.poll(() => summary.getByRole('button').count()).toBe(0); // read-only on the case page
    const timeline = page.getByRole('region', { name: '办理过程' });
    await timeline.getByText(/「部门会签」加签：.+，理由：涉及回访工作/).waitFor();
    await timeline.getByText(/「部门会签」减签：/).waitFor();
    await timeline.getByText('会签「部门会签」：同意').waitFor();
    await page.close();
  });

  it('督办单: issued on the case page, answered from the 督办 tab with a file, returned once, then closed', async () => {
    const c = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a' },
    });
    const caseId = c.body.id as string;
    const [receive] = await tasksOf(caseId);
    expect(
      (
        await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
          token: await rt.login('window1'),
          body: { variables: { ...INTAKE, channel: '窗口' } },
        })
      ).status,
    ).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([PNG]), '工资发放凭证.png');
    expect(
      (await rt.request('POST', `/api/cases/${caseId}/attachments`, { token: await rt.login('rs1'), body: form }))
        .status,
    ).toBe(201);

    const supervisor = await pageOf('supervisor1');
    await supervisor.goto(`${rt.url}/#/cases/${caseId}`);
    const orders = supervisor.getByRole('region', { name: '督办单' });
    await orders.getByText('暂无督办单').waitFor();
    await orders.getByRole('button', { name: '发督办单' }).click();
    const issue = supervisor.getByRole('dialog', { name: '发督办单' });
    await issue.getByLabel('督办要求').fill('群众反映久拖未办，请尽快整改并反馈');
    await issue.getByLabel('反馈期限').selectOption({ label: '3 个工作日' });
    await issue.getByRole('button', { name: '确定' }).click();
    await supervisor.getByRole('status').getByText('督办单已发出').waitFor();
    await orders.locator('[data-order="open"]').getByText('待反馈').waitFor();

    const rs = await pageOf('rs1');
    await rs.getByRole('tab', { name: '督办（1）' }).click();
    // With 督办 selected the other tabs stay readable (dark text, not the top bar's light blue), and 督办（1） keeps to one line.
    const color = await rs
      .getByRole('tab', { name: /^已办/ })
      .evaluate(
        (el) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color,
      );
    expect(color).toBe('rgb(18, 50, 79)');
    const selected = await rs.getByRole('tab', { name: '督办（1）' }).boundingBox();
    const other = await rs.getByRole('tab', { name: /^已办/ }).boundingBox();
    expect(Math.round(selected!.height)).toBe(Math.round(other!.height));
    const mine = rs.getByRole('region', { name: '待我反馈' });
    await mine.getByText('赵六 · 劳动纠纷 · A镇综治中心').waitFor();
    await mine.getByRole('link', { name: /群众反映久拖未办/ }).click();
    const rsOrders = rs.getByRole('region', { name: '督办单' });
    const reply = rsOrders.getByRole('form', { name: '整改反馈' });
    await reply.getByLabel('整改情况').fill('已约谈企业，工资本周发放');
    await reply.getByLabel('工资发放凭证.png').check();
    await reply.getByRole('button', { name: '整改反馈' }).click();
    await rs.getByRole('status').getByText('整改反馈已提交').waitFor();
    await rsOrders.getByText('已反馈，待审核').waitFor();
    await rsOrders.getByText('📎 工资发放凭证.png').waitFor();

    await supervisor.goto(`${rt.url}/#/`);
    await supervisor.getByRole('tab', { name: '督办（1）' }).click();
    await supervisor
      .getByRole('region', { name: '本级及下级在办督办单' })
      .getByText(/督办人：.+ · 已反馈，待审核/)
      .waitFor();
    await supervisor
      .getByRole('region', { name: '待我审核' })
      .getByRole('link', { name: /群众反映久拖未办/ })
      .click();
    const review = supervisor.getByRole('region', { name: '督办单' });
    await review.getByLabel('审核意见').fill('请补充发放到账截图');
    await review.getByRole('button', { name: '要求重新整改' }).click();
    await supervisor.getByRole('status').getByText('已要求重新整改').waitFor();
    await review.getByText('审核：要求重新整改：请补充发放到账截图').waitFor();

    // The bell tells 人社局 and opens the case (the notice has no task of its own).
    await rs.goto(`${rt.url}/#/`);
    await rs.getByRole('button', { name: /通知（[1-9]\d* 条未读）/ }).click();
    await rs
      .getByRole('region', { name: '通知' })
      .getByRole('button', { name: /督办要求重新整改：群众反映久拖未办/ })
      .click();
    await rsOrders.getByText('审核：要求重新整改：请补充发放到账截图').waitFor();
    await rsOrders.getByRole('form', { name: '整改反馈' }).getByLabel('整改情况').fill('工资已全部到账');
    await rsOrders.getByRole('form', { name: '整改反馈' }).getByRole('button', { name: '整改反馈' }).click();
    await rs.getByRole('status').getByText('整改反馈已提交').waitFor();

    await supervisor.reload();
    await review.getByRole('button', { name: '办结' }).click();
    await supervisor.getByRole('status').getByText('督办单已办结').waitFor();
    await review.locator('[data-order="closed"]').getByText('已办结').waitFor();
    const timeline = supervisor.getByRole('region', { name: '办理过程' });
    await timeline.getByText('整改反馈：已约谈企业，工资本周发放（附件：工资发放凭证.png）').waitFor();
    await timeline.getByText('督办要求重新整改：请补充发放到账截图').waitFor();
    await timeline.getByText(/督办结束/).waitFor();
    await rs.close();
    await supervisor.close();
  });

  it('抄送 is read-only: the recipient reads the case page without an upload; the handler has one', async () => {
    const c = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a' },
    });
    const caseId = c.body.id as string;
    const [receive] = await tasksOf(caseId);
    await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
      token: await rt.login('window1'),
      body: { variables: { ...INTAKE, channel: '窗口' } },
    });
    const [handle] = await tasksOf(caseId);
    const cc = await rt.request('POST', `/api/tasks/${handle!.id}/cc`, {
      token: await rt.login('rs1'),
      body: { users: ['zj1'], note: '请知悉' },
    });
    expect(cc.status).toBe(200);

    const zj = await pageOf('zj1');
    await zj.goto(`${rt.url}/#/cases/${caseId}`);
    const files = zj.getByRole('region', { name: '附件' });
    await files.getByText('还没有附件').waitFor();
    await expect.poll(() => files.getByLabel('上传附件').count()).toBe(0);
    const rs = await pageOf('rs1');
    await rs.goto(`${rt.url}/#/cases/${caseId}`);
    await rs.getByRole('region', { name: '附件' }).getByLabel('上传附件').waitFor({ state: 'attached' });
    await zj.close();
    await rs.close();
  });

  it('a 督办单 appears on its own when a task stays overdue (controlled clock); 人社局 answers it; a supervisor escalates it (升级督办)', async () => {
    const c = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a' },
    });
    const caseId = c.body.id as string;
    const [receive] = await tasksOf(caseId);
    await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
      token: await rt.login('window1'),
      body: { variables: { ...INTAKE, applicantName: '周十', channel: '窗口' } },
    });
    const clock = rt.deps.clock as ControlledClock;
    clock.set(new Date(Date.parse(clock.now()) + 30 * 86_400_000).toISOString());
    for (let i = 0; i < 4; i++) await rt.ladder.runOnce();
    const orders = (await rt.request('GET', `/api/cases/${caseId}/supervision-orders`, { token: admin }))
      .body as Array<{
      source: string;
    }>;
    expect(orders.map((o) => o.source)).toEqual(['auto']);

    const rs = await pageOf('rs1');
    await rs.getByRole('tab', { name: /^督办（\d+）$/ }).click();
    await rs
      .getByRole('region', { name: '待我反馈' })
      .getByRole('link', { name: /周十 · 劳动纠纷 · A镇综治中心/ })
      .click();
    const panel = rs.getByRole('region', { name: '督办单' });
    await panel.locator('[data-order="open"]').waitFor();
    const reply = panel.getByRole('form', { name: '整改反馈' });
    await reply.getByLabel('整改情况').fill('已加派人手，三日内办结');
    await reply.getByRole('button', { name: '整改反馈' }).click();
    await rs.getByRole('status').getByText('整改反馈已提交').waitFor();
    await panel.locator('[data-order="answered"]').getByText('已反馈，待审核').waitFor();
    await expect.poll(() => panel.getByRole('button', { name: '升级督办' }).count()).toBe(0); // not theirs to escalate
    await rs.close();

    // 升级督办: a supervisor sends the town's order up to the city, with a reason; the city cannot go higher.
    const supervisor = await pageOf('supervisor1');
    await supervisor.goto(`${rt.url}/#/cases/${caseId}`);
    const sOrders = supervisor.getByRole('region', { name: '督办单' });
    await sOrders.getByRole('button', { name: '升级督办' }).click();
    const escalate = supervisor.getByRole('dialog', { name: '升级督办' });
    await escalate.getByLabel('升级原因').fill('镇级督办后仍未办结');
    await escalate.getByRole('button', { name: '确定' }).click();
    await supervisor.getByRole('status').getByText('已升级督办').waitFor();
    await sOrders.getByText(/市综治中心督办（已升级 1 级）/).waitFor();
    await expect.poll(() => sOrders.getByRole('button', { name: '升级督办' }).count()).toBe(0);
    await supervisor
      .getByRole('region', { name: '办理过程' })
      .getByText('升级督办：由市综治中心督办（镇级督办后仍未办结）')
      .waitFor();
    await supervisor.close();
  });
});
