// The incidents screen in a real headless Chromium: a township administrator finds a case stopped
// at a decision, sees the step marked on its diagram and why in Chinese, fills in the missing
// amount and retries; the case goes on to the step the amount decides.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import {
  STUCK_FORM,
  STUCK_FORM_PROCESS_KEY,
  STUCK_PROCESS_BPMN,
  STUCK_PROCESS_KEY,
  STUCK_PROCESS_WITH_FORM_BPMN,
} from '../runtime/testing/stuck-case.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('incidents in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  let caseId: string;

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    const admin = await rt.login('admin');
    const deployed = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: { tenant: 'town-a', resources: [{ name: 'amount-routing.bpmn', content: STUCK_PROCESS_BPMN }] },
    });
    expect(deployed.status).toBe(201);
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: {
        processKey: STUCK_PROCESS_KEY,
        tenant: 'town-a',
        businessKey: 'GD-0042',
        variables: { applicant: '张三' },
      },
    });
    caseId = started.body.id;
  });

  it('retries an incident after fixing a variable', async () => {
    await signIn(page, rt.url, 'towna-admin');
    await page.getByRole('button', { name: '故障案件' }).click();
    const list = page.getByRole('region', { name: '处理中断的案件' });
    await list.getByRole('button', { name: /金额判断/ }).click();

    const detail = page.getByRole('region', { name: '故障详情' });
    await detail.getByRole('heading', { name: '表达式无法计算 · 停在「金额判断」' }).waitFor();
    await detail.getByText('「金额判断」中的计算条件无法得出结果，请检查变量「amount」是否缺失或填写有误').waitFor();
    await detail.getByText('案件 GD-0042', { exact: false }).waitFor();
    // The stopped step is marked on the diagram; nowhere is an element id shown.
    await page.locator('[data-testid="case-diagram"] [data-element-id="Gateway_Amount"].case-incident').waitFor();
    await expect(detail.textContent()).resolves.not.toContain('Gateway_Amount');

    const variables = detail.getByRole('region', { name: '涉及的数据' });
    await variables.getByRole('cell', { name: '（未填写）' }).waitFor();
    await variables.getByLabel('「amount」的类型').selectOption({ label: '数字' });
    await variables.getByLabel('「amount」改为').fill('五千');
    await detail.getByRole('button', { name: '修正后重试' }).click();
    await detail.getByRole('alert').filter({ hasText: '「amount」应填写数字。' }).waitFor();
    await variables.getByLabel('「amount」改为').fill('5000');
    await detail.getByLabel('处理说明（记入留痕）').fill('补录申请金额');
    await detail.getByRole('button', { name: '修正后重试' }).click();

    await page.getByRole('status').filter({ hasText: '已重试，案件继续办理。' }).waitFor();
    await page.getByText('没有处理中断的案件。').waitFor();
    const admin = await rt.login('admin');
    const instance = (await rt.request('GET', `/api/process-instances/${caseId}`, { token: admin })).body;
    expect(instance.activeElementIds).toEqual(['Task_Large']);
    expect(instance.variables.amount).toBe(5000);
  });

  it("names the data to fix by its form field's label, never the variable as written", async () => {
    const admin = await rt.login('admin');
    const deployed = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: {
        tenant: 'town-a',
        resources: [{ name: 'amount-apply-routing.bpmn', content: STUCK_PROCESS_WITH_FORM_BPMN }, STUCK_FORM],
      },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: {
        processKey: STUCK_FORM_PROCESS_KEY,
        tenant: 'town-a',
        businessKey: 'GD-0043',
        variables: { applicant: '李四' },
      },
    });
    expect(started.status).toBe(201);

    await page.reload(); // still signed in as towna-admin (the session survives a reload)
    await page.getByRole('button', { name: '故障案件' }).click();
    const list = page.getByRole('region', { name: '处理中断的案件' });
    await list.getByRole('button', { name: /GD-0043/ }).click();
    const detail = page.getByRole('region', { name: '故障详情' });
    await detail.getByText('案件 GD-0043', { exact: false }).waitFor();
    await detail.getByText('「金额判断」中的计算条件无法得出结果，请检查「申请金额」是否缺失或填写有误').waitFor();

    const variables = detail.getByRole('region', { name: '涉及的数据' });
    await variables.getByRole('cell', { name: '申请金额', exact: true }).waitFor();
    await variables.getByLabel('「申请金额」的类型').selectOption({ label: '数字' });
    await variables.getByLabel('「申请金额」改为').fill('五千');
    await detail.getByRole('button', { name: '修正后重试' }).click();
    await detail.getByRole('alert').filter({ hasText: '「申请金额」应填写数字。' }).waitFor();
    // The case's other data, offered to fix too, by label.
    await expect(variables.getByRole('option', { name: '申请人' }).count()).resolves.toBe(1);
    await expect(detail.textContent()).resolves.not.toContain('amount');
    await expect(detail.textContent()).resolves.not.toContain('applicant');

    await variables.getByLabel('「申请金额」改为').fill('500');
    await detail.getByRole('button', { name: '修正后重试' }).click();
    await page.getByRole('status').filter({ hasText: '已重试，案件继续办理。' }).waitFor();
    const instance = (await rt.request('GET', `/api/process-instances/${started.body.id}`, { token: admin })).body;
    expect(instance.activeElementIds).toEqual(['Task_Normal']);
    expect(instance.variables.amount).toBe(500);
  });
});
