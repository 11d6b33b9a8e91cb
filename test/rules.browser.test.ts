// The decision-table editor (dmn-js) in a real headless Chromium: A镇 re-routes one category of the
// city's 派单目录 (referral catalogue) for itself with the department picker; its new cases follow,
// other townships' do not. Cells are checked as typed; the test panel tries the deployed table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

/** A cell of the dmn-js table by its rule and column ids. */
const cell = (page: Page, rule: string, column: string) =>
  page.locator(`.rules-editor td[data-row-id="${rule}"][data-col-id="${column}"]`);
/** What the table shows in a cell when it is not being edited: its value in words. */
const shown = (page: Page, rule: string, column: string) =>
  cell(page, rule, column).locator('.feel-editor > .content-editable').textContent();

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
    await editor.getByText('首条命中').waitFor();
    await expect(shown(page, 'Rule_04', 'Input_Category')).resolves.toBe('环境污染');
    await expect.poll(() => shown(page, 'Rule_04', 'Output_Department')).toBe('市生态环境局');

    await cell(page, 'Rule_04', 'Output_Department').click();
    const panel = page.getByRole('region', { name: '所选单元格' });
    await expect(panel.getByLabel('承办部门 4').inputValue()).resolves.toBe('"dept-sh"');
    const picker = panel.getByRole('combobox', { name: '选择部门：第 4 条规则的承办部门' });
    await expect(picker.locator('option:checked').textContent()).resolves.toBe('市生态环境局');

    // Typed without quotes, the id is a subtraction: marked, and 部署 waits.
    await panel.getByLabel('承办部门 4').fill('dept-zz');
    await panel.getByRole('alert').getByText('dept-zz 不是这一列的类型（文字）').waitFor();
    await page.getByRole('region', { name: '无法部署的单元格' }).getByText('第 4 条规则的承办部门').waitFor();
    await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(true);
    // The picker offers the departments by name and writes the quoted id.
    await picker.selectOption({ label: '综治中心综合组' });
    await expect(panel.getByLabel('承办部门 4').inputValue()).resolves.toBe('"dept-zz"');
    await expect(shown(page, 'Rule_04', 'Output_Department')).resolves.toBe('综治中心综合组');
    await expect.poll(() => page.getByRole('region', { name: '无法部署的单元格' }).count()).toBe(0);

    await typeInCell(page, 'Rule_04', 'Output_Deadline', '"2 workDay"');
    await expect.poll(() => panel.getByLabel('办理时限 4').inputValue()).toBe('"2 workDay"');
    await expect.poll(() => shown(page, 'Rule_04', 'Output_Deadline')).toBe('2个工作日');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page
      .getByRole('status')
      .getByText('已部署：决策表「派单目录（诉求类别 → 承办部门、办理时限）」版本 1（A镇综治中心）')
      .waitFor();

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

  it('fills a condition with the builder or the form’s choices (no FEEL typed) and sees the unary tests it wrote', async () => {
    await cell(page, 'Rule_04', 'Input_Category').click();
    const panel = page.getByRole('region', { name: '所选单元格' });
    const text = panel.getByLabel('诉求类别 4');
    await expect(text.inputValue()).resolves.toBe('"环境污染"');
    await panel.getByRole('combobox', { name: '选择值：第 4 条规则的诉求类别' }).selectOption('婚姻家庭');
    await expect(text.inputValue()).resolves.toBe('"婚姻家庭"');
    await expect(shown(page, 'Rule_04', 'Input_Category')).resolves.toBe('婚姻家庭');

    await panel.getByRole('button', { name: '按条件填写：第 4 条规则的诉求类别' }).click();
    const operator = panel.getByLabel('比较方式：第 4 条规则的诉求类别', { exact: true });
    await expect(operator.inputValue()).resolves.toBe('eq');
    await operator.selectOption({ label: '包含于' });
    await panel.getByLabel('值：第 4 条规则的诉求类别', { exact: true }).fill('环境污染，噪声扰民');
    await expect(text.inputValue()).resolves.toBe('"环境污染", "噪声扰民"');
    await operator.selectOption({ label: '不等于' });
    await expect(text.inputValue()).resolves.toBe('not("环境污染")');
    await operator.selectOption({ label: '任意值（-）' });
    await expect(text.inputValue()).resolves.toBe('-');
    await expect(shown(page, 'Rule_04', 'Input_Category')).resolves.toBe('-');
  });

  it('tries the table in the test panel: a category from the intake form’s list or a recent case, the matching rule marked and the outputs in Chinese', async () => {
    await page.locator('[data-decision="referral@city"]').click();
    const panel = page.getByRole('region', { name: '试算' });
    const category = panel.getByRole('combobox', { name: '诉求类别', exact: true });
    await category.selectOption('医疗纠纷');
    await panel.getByRole('button', { name: '试算' }).click();
    await panel.getByRole('status').getByText('符合：第 3 条规则（医患纠纷（鉴定时间不计入期限））').waitFor();
    // The outputs in words: the department by its name, the time limit in working days, no raw cell values.
    await panel.getByRole('status').getByText('市卫生健康委员会').first().waitFor();
    await panel
      .getByRole('status')
      .getByText(/^\d+个工作日$/)
      .waitFor();
    await expect(
      panel
        .getByRole('status')
        .getByText(/dept-|workDay/)
        .count(),
    ).resolves.toBe(0);
    const background = (rule: string) =>
      cell(page, rule, 'Input_Category').evaluate(
        (td) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(td)
            .backgroundColor,
      );
    await expect.poll(() => background('Rule_03')).toBe('rgb(255, 244, 194)');
    await expect(background('Rule_04')).resolves.not.toBe('rgb(255, 244, 194)');

    // The case A镇 registered in the first test (环境污染), picked by its title: its category fills the input.
    const cases = panel.getByRole('combobox', { name: '选取近期案件' });
    await expect(cases.locator('option').nth(1).textContent()).resolves.toBe('孙八 · 环境污染 · A镇综治中心');
    await cases.selectOption({ index: 1 });
    await expect.poll(() => category.inputValue()).toBe('环境污染');
    await panel.getByRole('button', { name: '试算' }).click();
    await panel.getByRole('status').getByText('符合：第 4 条规则（废气、废水、噪声）').waitFor();

    await category.selectOption('');
    await panel.getByRole('button', { name: '试算' }).click();
    await panel.getByRole('status').getByText('符合：第 14 条规则（其他：综治中心综合组兜底（首接负责））').waitFor();
  });

  it('keeps two trials as test cases; a rule that breaks one is refused at deploy naming the test, and deploys once fixed', async () => {
    const panel = page.getByRole('region', { name: '试算' });
    const keep = async (category: string, rule: number, name: string) => {
      await panel.getByRole('combobox', { name: '诉求类别', exact: true }).selectOption(category);
      await panel.getByRole('button', { name: '试算' }).click();
      await panel.getByRole('status').getByText(`符合：第 ${rule} 条规则`).waitFor();
      await panel.getByRole('textbox', { name: '测试用例名称' }).fill(name);
      await panel.getByRole('button', { name: '保存为测试用例' }).click();
      await panel.getByRole('list', { name: '测试用例' }).getByText(name).waitFor();
    };
    await keep('劳动纠纷', 1, '欠薪转人社');
    await keep('环境污染', 4, '噪声转生态环境');
    await panel
      .getByText(
        '输入 诉求类别 = 环境污染 → 期望 承办部门 = 市生态环境局，部门名称 = 市生态环境局，办理时限 = 3个工作日',
      )
      .waitFor();

    await cell(page, 'Rule_04', 'Output_Department').click();
    const picker = page.getByRole('combobox', { name: '选择部门：第 4 条规则的承办部门' });
    await picker.selectOption({ label: '综治中心综合组' });
    await page.getByRole('button', { name: '部署', exact: true }).click();
    const problems = page.getByRole('region', { name: '问题' });
    // Said as the table reads: the departments by name, not the server's JSON of their ids.
    await problems
      .getByText('测试用例「噪声转生态环境」未通过：期望「承办部门」为 市生态环境局，实际为 综治中心综合组')
      .waitFor();
    await panel.getByText('未通过：期望「承办部门」为 市生态环境局，实际为 综治中心综合组').waitFor();
    await expect.poll(() => problems.getByText('欠薪转人社').count()).toBe(0);

    await picker.selectOption({ label: '市生态环境局' });
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page
      .getByRole('status')
      .getByText('已部署：决策表「派单目录（诉求类别 → 承办部门、办理时限）」版本 2（A镇综治中心）')
      .waitFor();
    const admin = await rt.login('admin');
    const [latest] = (
      await rt.request('GET', '/api/decision-definitions?tenant=town-a&key=referral&latest=true', { token: admin })
    ).body;
    expect((await rt.request('GET', `/api/decision-definitions/${latest.id}/xml`, { token: admin })).body).toContain(
      'name="噪声转生态环境"',
    );
  });

  it('the township’s copy shows its base and its changes against it, then the city moving on, 同步市级更新, and 恢复继承 goes back to the city’s table', async () => {
    await page.locator('[data-decision="referral@town-a"]').click();
    const banner = page.getByTestId('base-banner');
    await banner.getByText('基于市级 v1').waitFor();
    const mine = banner.getByRole('region', { name: '与市级 v1 相比' });
    await mine.getByText('没有改动').waitFor();
    await cell(page, 'Rule_04', 'Output_Department').click();
    await page
      .getByRole('combobox', { name: '选择部门：第 4 条规则的承办部门' })
      .selectOption({ label: '综治中心综合组' });
    // The rule reads as the table does: department names and time limits in words, no FEEL.
    await mine.getByText('修改 第 4 条规则：环境污染 → 综治中心综合组，市生态环境局，3个工作日').waitFor();

    const city = readFileSync(join(import.meta.dirname, '..', 'examples', 'appeal', 'referral.dmn'), 'utf8').replace(
      /"10 workDay"/g,
      '"9 workDay"',
    );
    const moved = await rt.request('POST', '/api/deployments', {
      token: await rt.login('city-admin'),
      body: { tenant: 'city', resources: [{ name: 'referral.dmn', content: city }] },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: '规则设计' }).click();
    await page.locator('[data-decision="referral@town-a"]').click();
    await banner.getByText('市级已更新到 v2').waitFor();
    const upstream = banner.getByRole('region', { name: '市级在 v1 之后的变化' });
    await upstream.getByText('修改 第 3 条规则：医疗纠纷 → 市卫生健康委员会，市卫生健康委员会，9个工作日').waitFor();

    // 放弃同步 puts the copy back as it was.
    await banner.getByRole('button', { name: '同步市级更新' }).click();
    await banner.getByText('同步市级 v2（合并结果，尚未部署）').waitFor();
    await expect.poll(() => shown(page, 'Rule_03', 'Output_Deadline')).toBe('9个工作日');
    await banner.getByRole('button', { name: '放弃同步' }).click();
    await banner.getByRole('button', { name: '同步市级更新' }).waitFor();
    await expect.poll(() => shown(page, 'Rule_03', 'Output_Deadline')).toBe('10个工作日');

    // 同步市级更新: the city's new deadline merged into A镇's copy, rule by rule; deployed, based on v2.
    await banner.getByRole('button', { name: '同步市级更新' }).click();
    await banner.getByText('同步市级 v2（合并结果，尚未部署）').waitFor();
    await banner
      .getByRole('region', { name: '已并入的市级改动' })
      .getByText('医患纠纷（鉴定时间不计入期限）')
      .waitFor();
    await banner.getByRole('region', { name: '没有冲突：市级的改动都已并入' }).waitFor();
    await expect.poll(() => shown(page, 'Rule_03', 'Output_Deadline')).toBe('9个工作日');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page
      .getByRole('status')
      .getByText(/已部署：决策表「派单目录（诉求类别 → 承办部门、办理时限）」版本 \d+（A镇综治中心）/)
      .waitFor();
    // The badge itself: the merge's hint (「新版本将记为基于市级 v2」) says it too until the list is read again.
    await banner.locator('.badge').getByText('基于市级 v2', { exact: true }).waitFor();
    await expect.poll(() => banner.getByText('市级已更新到').count()).toBe(0);

    page.once('dialog', (d) => void d.accept());
    await banner.getByRole('button', { name: '恢复继承' }).click();
    await page.getByRole('status').getByText('已恢复继承：新案件按市级 v2 的决策表派单').waitFor();
    await expect.poll(() => page.locator('[data-decision="referral@town-a"]').count()).toBe(0);
  });
});
