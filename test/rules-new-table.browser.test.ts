// Issue 16 §2 in a real headless Chromium: an administrator builds a new decision table in the
// dmn-js editor — two input columns and a hit policy — tries it in the test panel, keeps two test
// cases, sees a deploy refused because a changed rule breaks one (named), fixes it and deploys.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

/** Types into a contenteditable or CodeMirror field as a user does: click, select what is there, type. */
async function retype(page: Page, field: Locator, text: string): Promise<void> {
  await field.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describe.skipIf(!browserAvailable())('a new decision table in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp((app) => {
    ({ rt, page } = app);
  });

  it('builds a table with two input columns and the FIRST hit policy, tries it, keeps two test cases, is refused when a rule breaks one, and deploys once fixed', async () => {
    await signIn(page, rt.url, 'city-admin');
    await page.getByRole('button', { name: '规则设计' }).click();
    await page.getByRole('button', { name: '新建规则表' }).click();
    await page.getByLabel('规则表名称').fill('网格事件分级');
    await page.getByLabel('标识（流程按它调用）').fill('referral');
    await page.getByRole('alert').getByText('已有同一标识的规则表').waitFor();
    await page.getByLabel('标识（流程按它调用）').fill('grid-level');
    await page.getByRole('button', { name: '创建' }).click();
    const editor = page.locator('.rules-editor');
    const heads = editor.locator('thead th.input-cell');
    await heads.first().waitFor();
    await expect(heads.count()).resolves.toBe(1);

    // A second input column, right of the first: 涉及人数, reading `people`, a number.
    await heads.first().locator('button[title="添加输入列"]').click();
    await expect(heads.count()).resolves.toBe(2);
    await heads.nth(1).dblclick();
    const popup = editor.locator('.context-menu');
    await popup.getByRole('textbox', { name: '列标题' }).waitFor();
    // The popup saves what is typed a moment later (dmn-js debounces it): the head shows it then.
    // Without a label the head shows the expression.
    await retype(page, popup.getByRole('textbox', { name: '输入表达式' }), 'people');
    await heads.nth(1).getByText('people').waitFor();
    await retype(page, popup.getByRole('textbox', { name: '列标题' }), '涉及人数');
    await heads.nth(1).getByText('涉及人数').waitFor();
    await popup.getByRole('textbox', { name: '类型' }).click();
    await page.locator('.options .option', { hasText: '数字' }).click();
    await page.keyboard.press('Escape');
    await expect(heads.nth(1).textContent()).resolves.toContain('涉及人数');
    await expect(heads.nth(1).textContent()).resolves.toContain('数字');

    // The hit policy: the first matching rule wins.
    await editor.locator('.hit-policy .dms-input').click();
    await page.locator('.options .option', { hasText: '首条命中' }).click();
    await editor.getByText('首条命中').waitFor();

    // Two rules: a group pollution case is 重大, anything else 一般.
    const rows = editor.locator('tbody tr');
    const cells = (row: number) => rows.nth(row).locator('td.input-cell, td.output-cell');
    await retype(page, cells(0).nth(0), '"环境污染"');
    await retype(page, cells(0).nth(1), '>= 10');
    await retype(page, cells(0).nth(2), '"重大"');
    await page.keyboard.press('Escape');
    await editor.locator('tfoot button[title="添加规则"]').click();
    await expect(rows.count()).resolves.toBe(2);
    await retype(page, cells(1).nth(2), '"一般"');
    await page.keyboard.press('Escape');
    // A number column does not take text: marked, and 部署 waits until it is a number again.
    await retype(page, cells(1).nth(1), '"十"');
    await page.keyboard.press('Escape');
    await page.getByRole('region', { name: '无法部署的单元格' }).getByText('第 2 条规则的涉及人数').waitFor();
    await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(true);
    await retype(page, cells(1).nth(1), '-');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('region', { name: '无法部署的单元格' }).count()).toBe(0);

    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：决策表「网格事件分级」版本 1（市级）').waitFor();

    const panel = page.getByRole('region', { name: '试算' });
    const keep = async (category: string, people: string, rule: number, name: string) => {
      await panel.getByRole('combobox', { name: '诉求类别', exact: true }).selectOption(category);
      await panel.getByRole('spinbutton', { name: '涉及人数' }).fill(people);
      await panel.getByRole('button', { name: '试算' }).click();
      await panel.getByRole('status').getByText(`符合：第 ${rule} 条规则`).waitFor();
      await panel.getByRole('textbox', { name: '测试用例名称' }).fill(name);
      await panel.getByRole('button', { name: '保存为测试用例' }).click();
      await panel.getByRole('list', { name: '测试用例' }).getByText(name).waitFor();
    };
    await keep('环境污染', '12', 1, '群体污染为重大');
    await keep('环境污染', '3', 2, '少数人污染为一般');
    await panel.getByText('输入 诉求类别 = 环境污染，涉及人数 = 12 → 期望 结果 = 重大').waitFor();

    await retype(page, cells(0).nth(2), '"较大"');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    const problems = page.getByRole('region', { name: '问题' });
    await problems.getByText('测试用例「群体污染为重大」未通过：期望「结果」为 重大，实际为 较大').waitFor();
    await expect.poll(() => problems.getByText('少数人污染为一般').count()).toBe(0);

    await retype(page, cells(0).nth(2), '"重大"');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：决策表「网格事件分级」版本 2（市级）').waitFor();

    const admin = await rt.login('admin');
    const [latest] = (
      await rt.request('GET', '/api/decision-definitions?tenant=city&key=grid-level&latest=true', { token: admin })
    ).body;
    const xml: string = (await rt.request('GET', `/api/decision-definitions/${latest.id}/xml`, { token: admin })).body;
    expect(xml).toContain('hitPolicy="FIRST"');
    expect(xml).toContain('name="群体污染为重大"');
    expect(xml).toContain('name="少数人污染为一般"');
    const tried = await rt.request('POST', `/api/decision-definitions/${latest.id}/evaluate`, {
      token: admin,
      body: { inputs: { category: '环境污染', people: 30 } },
    });
    expect(tried.body.result).toBe('重大');
  }, 120_000);
});
