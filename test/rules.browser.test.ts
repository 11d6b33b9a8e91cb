// The decision-table editor in a real headless Chromium: A镇 re-routes one category of the city's
// 派单目录 (referral catalogue) for itself; its new cases follow, other townships' do not.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('the decision-table editor in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp((app) => {
    ({ rt, page } = app);
  });

  it('a township edits a row of the referral catalogue, checked as typed, and deploys it for itself', async () => {
    await signIn(page, rt.url, 'towna-admin');
    await page.getByRole('button', { name: '规则设计' }).click();
    await page.locator('[data-decision="referral@city"]').click();
    await expect(page.getByLabel('诉求类别 4').inputValue()).resolves.toBe('"环境污染"');
    await expect(page.getByLabel('承办部门 4').inputValue()).resolves.toBe('"dept-sh"');

    await page.getByLabel('承办部门 4').fill('"dept-zz');
    await expect(page.getByLabel('承办部门 4').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('承办部门 4').fill('"dept-zz"');
    await page.getByLabel('办理时限 4').fill('"2 workDay"');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：决策表 referral 版本 1（A镇综治中心）').waitFor();

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

  it('fills an input cell with the condition builder (no FEEL typed) and sees the unary tests it wrote', async () => {
    await page.getByRole('button', { name: '按条件填写：第 4 条规则的诉求类别' }).click();
    const operator = page.getByLabel('比较方式：第 4 条规则的诉求类别');
    await expect(operator.inputValue()).resolves.toBe('eq');
    await expect(page.getByLabel('值：第 4 条规则的诉求类别').inputValue()).resolves.toBe('环境污染');
    await operator.selectOption({ label: '包含于' });
    await page.getByLabel('值：第 4 条规则的诉求类别').fill('环境污染，噪声扰民');
    await expect(page.getByLabel('诉求类别 4').inputValue()).resolves.toBe('"环境污染", "噪声扰民"');
    await operator.selectOption({ label: '不等于' });
    await expect(page.getByLabel('诉求类别 4').inputValue()).resolves.toBe('not("环境污染")');
    await operator.selectOption({ label: '任意值（-）' });
    await expect(page.getByLabel('诉求类别 4').inputValue()).resolves.toBe('-');
  });

  it('tries the table in the test panel: a category picked from the intake form’s list, the matching rule marked and the outputs in Chinese', async () => {
    await page.locator('[data-decision="referral@city"]').click();
    const panel = page.getByRole('region', { name: '试算' });
    await panel.getByRole('combobox', { name: '诉求类别', exact: true }).selectOption('医疗纠纷');
    await panel.getByRole('button', { name: '试算' }).click();
    await panel.getByRole('status').getByText('符合：第 3 条规则（医患纠纷（鉴定时间不计入期限））').waitFor();
    await panel.getByRole('status').getByText('市卫生健康委员会').waitFor();
    await expect(page.locator('tr[aria-current="true"]').getAttribute('data-rule')).resolves.toBe('3');

    await panel.getByRole('combobox', { name: '诉求类别', exact: true }).selectOption('');
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
      .getByText('输入 category = 环境污染 → 期望 承办部门 = dept-sh，部门名称 = 市生态环境局，办理时限 = 3 workDay')
      .waitFor();

    await page.getByLabel('承办部门 4').fill('"dept-zz"');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    const problems = page.getByRole('region', { name: '问题' });
    await problems
      .getByText('测试用例「噪声转生态环境」未通过：期望「承办部门」为 "dept-sh"，实际为 "dept-zz"')
      .waitFor();
    await expect(problems.getByText('欠薪转人社').count()).resolves.toBe(0);

    await page.getByLabel('承办部门 4').fill('"dept-sh"');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：决策表 referral 版本 2（A镇综治中心）').waitFor();
    const admin = await rt.login('admin');
    const [latest] = (
      await rt.request('GET', '/api/decision-definitions?tenant=town-a&key=referral&latest=true', { token: admin })
    ).body;
    expect((await rt.request('GET', `/api/decision-definitions/${latest.id}/xml`, { token: admin })).body).toContain(
      'name="噪声转生态环境"',
    );
  });
});
