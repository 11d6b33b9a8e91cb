// The decision-table editor (dmn-js) in a real headless Chromium: A镇 re-routes one category of the
// city's 派单目录 (referral catalogue) for itself with the department picker; its new cases follow,
// other townships' do not. Cells are checked as typed; the test panel tries the deployed table.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

/** A cell of the dmn-js table by its rule and column ids. */
const cell = (page: Page, rule: string, column: string) =>
  page.locator(`.rules-editor td[data-row-id="${rule}"][data-col-id="${column}"]`);

/** Types into a dmn-js cell as a user does: click, select what is there, type. */
async function typeInCell(page: Page, rule: string, column: string, text: string): Promise<void> {
  await cell(page, rule, column).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Escape');
}

describe.skipIf(!browserAvailable())('the decision-table editor in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp((app) => {
    ({ rt, page } = app);
  });

  it('a township re-routes a row of the referral catalogue with the department picker, checked as typed, and deploys it for itself', async () => {
    await signIn(page, rt.url, 'towna-admin');
    await page.getByRole('button', { name: '规则设计' }).click();
    await page.locator('[data-decision="referral@city"]').click();
    const editor = page.locator('.rules-editor');
    await editor.getByText('首条命中（First）').waitFor();
    await expect(cell(page, 'Rule_04', 'Input_Category').innerText()).resolves.toContain('"环境污染"');

    await cell(page, 'Rule_04', 'Output_Department').click();
    const panel = page.getByRole('region', { name: '所选单元格' });
    await expect(panel.getByLabel('承办部门 4').inputValue()).resolves.toBe('"dept-sh"');
    const picker = panel.getByRole('combobox', { name: '选择部门：第 4 条规则的承办部门' });
    await expect(picker.locator('option:checked').innerText()).resolves.toBe('市生态环境局');

    // Typed without quotes, the id is a subtraction: marked, and 部署 waits.
    await panel.getByLabel('承办部门 4').fill('dept-zz');
    await panel.getByRole('alert').getByText('dept-zz 不是这一列的类型（文字）').waitFor();
    await page.getByRole('region', { name: '无法部署的单元格' }).getByText('第 4 条规则的承办部门').waitFor();
    await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(true);
    // The picker offers the departments by name and writes the quoted id.
    await picker.selectOption({ label: '综治中心综合组' });
    await expect(panel.getByLabel('承办部门 4').inputValue()).resolves.toBe('"dept-zz"');
    await expect(cell(page, 'Rule_04', 'Output_Department').innerText()).resolves.toContain('"dept-zz"');
    await expect(page.getByRole('region', { name: '无法部署的单元格' }).count()).resolves.toBe(0);

    await typeInCell(page, 'Rule_04', 'Output_Deadline', '"2 workDay"');
    await expect(cell(page, 'Rule_04', 'Output_Deadline').innerText()).resolves.toContain('"2 workDay"');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：决策表 referral 版本 1（town-a）').waitFor();

    const admin = await rt.login('admin');
    const referredTo = async (tenant: string) => {
      const c = (
        await rt.request('POST', '/api/process-instances', {
          token: admin,
          body: { processKey: 'appeal-referral', tenant },
        })
      ).body;
      const [intake] = (await rt.request('GET', `/api/tasks?processInstanceId=${c.id}`, { token: admin })).body;
      const done = await rt.request('POST', `/api/tasks/${intake.id}/complete`, {
        token: admin,
        body: {
          variables: {
            applicantName: '孙八',
            phone: '13500003333',
            category: '环境污染',
            description: '河道漂浮垃圾较多',
            channel: '窗口',
          },
        },
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      const [handle] = (await rt.request('GET', `/api/tasks?processInstanceId=${c.id}`, { token: admin })).body;
      return { groups: handle.candidateGroups, deadline: handle.deadline };
    };
    expect(await referredTo('town-a')).toEqual({ groups: ['dept-zz'], deadline: '2 workDay' });
    expect(await referredTo('street-b')).toEqual({ groups: ['dept-sh'], deadline: '3 workDay' });
  });
});
