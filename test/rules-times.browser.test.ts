// Times of day, empty cells and a recent case's values in the decision table (real Chromium): a `null` cell reads
// 「空」, a time cell 「17:30」 (never seconds or an offset), the ✎ editor takes 「下午5点半」 and writes the FEEL the
// engine reads (`time("17:30:00")`: without an offset, as a form's time field answers; FEEL reads a time without one
// against a time with one as if it were UTC), and a recent case picked in the test panel fills its duration and time
// in words.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';
import { cell, shown, openTemporalEditor } from './rules-table.js';

const TABLE = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_Hours" name="下班后来访" namespace="https://civicflow.dev/test">
  <decision id="after-hours" name="下班后来访">
    <decisionTable id="Table_Hours" hitPolicy="FIRST">
      <input id="Input_Arrived" label="来访时刻">
        <inputExpression id="Expr_Arrived" typeRef="time"><text>arrivedAt</text></inputExpression>
      </input>
      <input id="Input_Wait" label="等待时长">
        <inputExpression id="Expr_Wait" typeRef="dayTimeDuration"><text>wait</text></inputExpression>
      </input>
      <output id="Output_Note" label="处理方式" name="note" typeRef="string" />
      <output id="Output_Callback" label="回电时间" name="callBack" typeRef="time" />
      <rule id="Rule_1">
        <inputEntry id="In_1"><text>&gt; time("17:30:00")</text></inputEntry>
        <inputEntry id="Wait_1"><text>-</text></inputEntry>
        <outputEntry id="Note_1"><text>"次日回电"</text></outputEntry>
        <outputEntry id="Call_1"><text>time("09:00:00+08:00")</text></outputEntry>
      </rule>
      <rule id="Rule_2">
        <inputEntry id="In_2"><text>-</text></inputEntry>
        <inputEntry id="Wait_2"><text>-</text></inputEntry>
        <outputEntry id="Note_2"><text>"当日处理"</text></outputEntry>
        <outputEntry id="Call_2"><text>null</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>`;

describe.skipIf(!browserAvailable())('times of day and empty cells in words', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp((app) => {
    ({ rt, page } = app);
  });

  it('reads null as 空 and times as 17:30; 下午5点半 is stored as time("17:30:00"), which the engine reads', async () => {
    const admin = await rt.login('city-admin');
    const deployed = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: { tenant: 'city', resources: [{ name: 'after-hours.dmn', content: TABLE }] },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    // A recent case of the city holding a duration and a time, as the engine keeps them (ISO).
    const started = await rt.request('POST', '/api/process-instances', {
      token: await rt.login('admin'),
      body: {
        processKey: 'appeal-loop',
        tenant: 'city',
        businessKey: 'SQ20261207-0201',
        variables: { wait: 'P3DT4H', arrivedAt: '18:15:00' },
      },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);

    await signIn(page, rt.url, 'city-admin');
    await page.getByRole('button', { name: '规则设计' }).click();
    await page.locator('[data-decision="after-hours@city"]').click();
    await page.locator('.rules-editor').getByText('首条命中').waitFor();

    await expect.poll(() => shown(page, 'Rule_2', 'Output_Callback')).toBe('空');
    await expect(shown(page, 'Rule_1', 'Input_Arrived')).resolves.toBe('晚于17:30');
    await expect(shown(page, 'Rule_1', 'Output_Callback')).resolves.toBe('09:00');
    await expect(page.locator('.rules-editor tbody').textContent()).resolves.not.toMatch(
      /null|time\(|\d\d:\d\d:\d\d|\+08/,
    );

    // A time typed in words: the example and the hint are the centres' clock, never UTC.
    const editor = await openTemporalEditor(page, 'Rule_2', 'Output_Callback');
    await expect(editor.getByRole('heading', { name: '编辑时间（北京时间）' }).count()).resolves.toBe(1);
    const value = editor.getByLabel('值', { exact: true });
    const placeholder = (await value.getAttribute('placeholder')) ?? '';
    expect(placeholder).toContain('17:30');
    expect(placeholder).not.toMatch(/Z|UTC|:\d\d:/);
    await value.fill('明天');
    await editor.getByRole('alert').getByText('请填写时间（北京时间），如 17:30、下午5点半').waitFor();
    await value.fill('下午5点半');
    await editor.getByText('即：17:30').waitFor();
    const panel = page.getByRole('region', { name: '所选单元格' });
    await expect.poll(() => panel.getByLabel('回电时间 2').inputValue()).toBe('time("17:30:00")');
    await page.keyboard.press('Escape');
    await expect.poll(() => shown(page, 'Rule_2', 'Output_Callback')).toBe('17:30');

    // A time condition beside the table, in words too.
    await cell(page, 'Rule_1', 'Input_Arrived').click();
    await page.keyboard.press('Escape');
    await expect(panel.getByLabel('值：第 1 条规则的来访时刻').inputValue()).resolves.toBe('17:30');
    await panel.getByLabel('值：第 1 条规则的来访时刻').fill('18:00');
    await expect.poll(() => shown(page, 'Rule_1', 'Input_Arrived')).toBe('晚于18:00');

    // An output left blank is refused in words, and 设为空 writes the FEEL for none.
    await cell(page, 'Rule_2', 'Output_Note').click();
    await page.keyboard.press('Escape');
    const note = panel.getByLabel('处理方式 2');
    await note.fill('');
    await panel.getByRole('alert').getByText('结果不能为空；没有结果请点「设为空」').waitFor();
    await panel.getByRole('button', { name: '设为空' }).click();
    await expect.poll(() => note.inputValue()).toBe('null');
    await expect.poll(() => shown(page, 'Rule_2', 'Output_Note')).toBe('空');
    await note.fill('"当日处理"');
    await expect.poll(() => shown(page, 'Rule_2', 'Output_Note')).toBe('当日处理');

    // The test panel: the recent case fills its duration and time in words, and the trial reads them back.
    const trial = page.getByRole('region', { name: '试算' });
    const cases = trial.getByRole('combobox', { name: '选取近期案件' });
    await expect.poll(() => cases.locator('option').count()).toBeGreaterThan(1);
    // The newest case first: the one just started.
    await cases.selectOption({ index: 1 });
    await expect.poll(() => trial.getByLabel('等待时长', { exact: true }).inputValue()).toBe('3天4小时');
    await expect(trial.getByLabel('来访时刻', { exact: true }).inputValue()).resolves.toBe('18:15');
    await trial.getByRole('button', { name: '试算' }).click();
    // The deployed version (17:30) answers: after hours, called back at 09:00 the next day.
    await trial.getByRole('status').getByText('符合：第 1 条规则').waitFor();
    await trial.getByRole('status').getByText('09:00', { exact: true }).waitFor();
    await trial.getByLabel('来访时刻', { exact: true }).fill('上午10点');
    await trial.getByRole('button', { name: '试算' }).click();
    await trial.getByRole('status').getByText('符合：第 2 条规则').waitFor();
    await trial.getByRole('status').getByText('（空）', { exact: true }).waitFor();

    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：决策表「下班后来访」版本 2（市级）').waitFor();
    const [latest] = (
      await rt.request('GET', '/api/decision-definitions?tenant=city&key=after-hours&latest=true', { token: admin })
    ).body;
    const xml: string = (await rt.request('GET', `/api/decision-definitions/${latest.id}/xml`, { token: admin })).body;
    expect(xml).toContain('<text>time("17:30:00")</text>');
    expect(xml).toContain('<text>&gt; time("18:00:00")</text>');
    const answer = async (arrivedAt: string) =>
      (
        await rt.request('POST', `/api/decision-definitions/${latest.id}/evaluate`, {
          token: admin,
          body: { inputs: { arrivedAt, wait: null } },
        })
      ).body.result;
    await expect(answer('18:15:00')).resolves.toEqual({ note: '次日回电', callBack: '09:00:00+08:00' });
    await expect(answer('17:45:00')).resolves.toEqual({ note: '当日处理', callBack: '17:30:00' });
  }, 120_000);
});
