// The 派单目录's cells in words (real Chromium): a department by its name, a time limit as 「5个工作日」 and
// a category without quotes, while the FEEL stays what the cell holds: what the FEEL editor opens on when
// the cell is clicked, what the cell panel shows, and what is deployed.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';
import { cell, shown } from './rules-table.js';

/** The FEEL editor a clicked cell opens. */
const feel = (page: Page, rule: string, column: string) => cell(page, rule, column).locator('.cm-content');

describe.skipIf(!browserAvailable())('the decision table in words', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp((app) => {
    ({ rt, page } = app);
  });

  it('shows departments by name and time limits in words; the FEEL is what is edited and deployed', async () => {
    await signIn(page, rt.url, 'city-admin');
    await page.getByRole('button', { name: '规则设计' }).click();
    await page.locator('[data-decision="referral@city"]').click();
    await page.locator('.rules-editor').getByText('首条命中').waitFor();

    // The DMN holds "劳动纠纷", "dept-rs", "市人力资源和社会保障局", "5 workDay".
    await expect.poll(() => shown(page, 'Rule_01', 'Output_Department')).toBe('市人力资源和社会保障局');
    await expect(shown(page, 'Rule_01', 'Output_Deadline')).resolves.toBe('5个工作日');
    await expect(shown(page, 'Rule_03', 'Output_Deadline')).resolves.toBe('10个工作日');
    await expect(shown(page, 'Rule_01', 'Input_Category')).resolves.toBe('劳动纠纷');
    await expect(shown(page, 'Rule_01', 'Output_DepartmentName')).resolves.toBe('市人力资源和社会保障局');
    await expect(page.locator('.rules-editor tbody').textContent()).resolves.not.toMatch(/dept-|workDay|"/);

    // Clicked, the cell opens on its FEEL; the panel shows it too.
    await cell(page, 'Rule_01', 'Output_Deadline').click();
    await expect.poll(() => feel(page, 'Rule_01', 'Output_Deadline').textContent()).toBe('"5 workDay"');
    const panel = page.getByRole('region', { name: '所选单元格' });
    await expect(panel.getByLabel('办理时限 1').inputValue()).resolves.toBe('"5 workDay"');
    // Typed FEEL is stored as typed and shown in words once the cell is left.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('"15 calendarDay"');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.getByLabel('办理时限 1').inputValue()).toBe('"15 calendarDay"');
    await cell(page, 'Rule_02', 'Output_Department').click();
    await expect.poll(() => shown(page, 'Rule_01', 'Output_Deadline')).toBe('15日');

    // A time limit is picked, not typed: a number and a unit beside the table.
    await cell(page, 'Rule_03', 'Output_Deadline').click();
    const amount = panel.getByLabel('第 3 条规则的办理时限：数量');
    await expect.poll(() => amount.inputValue()).toBe('10');
    await expect(panel.getByLabel('第 3 条规则的办理时限：单位').inputValue()).resolves.toBe('workDay');
    await amount.fill('3');
    await panel.getByLabel('第 3 条规则的办理时限：单位').selectOption({ label: '个自然日' });
    await expect.poll(() => panel.getByLabel('办理时限 3').inputValue()).toBe('"3 calendarDay"');
    await cell(page, 'Rule_02', 'Output_Department').click();
    await expect.poll(() => shown(page, 'Rule_03', 'Output_Deadline')).toBe('3日');
    // Typed wrong, the cell says to use the picker, not what FEEL wants.
    await cell(page, 'Rule_03', 'Output_Deadline').click();
    await panel.getByLabel('办理时限 3').fill('"3 calendarDay');
    await panel.getByRole('alert').getByText('这一格是办理时限：请用旁边的数量和单位填写（如 5个工作日）').waitFor();
    await panel.getByLabel('第 3 条规则的办理时限：数量').fill('4');
    await expect.poll(() => panel.getByLabel('办理时限 3').inputValue()).toBe('"4 calendarDay"');
    await cell(page, 'Rule_02', 'Output_Department').click();

    // The picker writes the quoted id; the table names the department.
    await page
      .getByRole('combobox', { name: '选择部门：第 2 条规则的承办部门' })
      .selectOption({ label: '综治中心综合组' });
    await expect.poll(() => shown(page, 'Rule_02', 'Output_Department')).toBe('综治中心综合组');
    await expect(page.getByRole('region', { name: '所选单元格' }).getByLabel('承办部门 2').inputValue()).resolves.toBe(
      '"dept-zz"',
    );
    // A literal the table cannot name stays FEEL.
    await page.getByRole('region', { name: '所选单元格' }).getByLabel('承办部门 2').fill('"dept-none"');
    await expect.poll(() => shown(page, 'Rule_02', 'Output_Department')).toBe('"dept-none"');
    await page
      .getByRole('combobox', { name: '选择部门：第 2 条规则的承办部门' })
      .selectOption({ label: '综治中心综合组' });

    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page
      .getByRole('status')
      .getByText('已部署：决策表「派单目录（诉求类别 → 承办部门、办理时限）」版本 2（市级）')
      .waitFor();
    const admin = await rt.login('admin');
    const [latest] = (
      await rt.request('GET', '/api/decision-definitions?tenant=city&key=referral&latest=true', { token: admin })
    ).body;
    const xml: string = (await rt.request('GET', `/api/decision-definitions/${latest.id}/xml`, { token: admin })).body;
    expect(xml).toMatch(/<outputEntry id="OutDept_01">\s*<text>"dept-rs"<\/text>/);
    expect(xml).toMatch(/<outputEntry id="OutDeadline_01">\s*<text>"15 calendarDay"<\/text>/);
    expect(xml).toMatch(/<outputEntry id="OutDept_02">\s*<text>"dept-zz"<\/text>/);
    expect(xml).toMatch(/<outputEntry id="OutDeadline_02">\s*<text>"5 workDay"<\/text>/);
    expect(xml).toMatch(/<inputEntry id="In_01">\s*<text>"劳动纠纷"<\/text>/);
    expect(xml).not.toContain('个工作日');
    expect(xml).not.toContain('综治中心综合组</text>');
  }, 120_000);
});
