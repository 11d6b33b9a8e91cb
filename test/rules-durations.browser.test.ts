// Dates and durations in the decision table (real Chromium): cells read 「3天」「早于2026年12月31日」 and a
// time in Beijing time, never ISO or UTC; the ✎ editor takes 「3天4小时」「2周」「2027年1月5日 9:30」 and
// writes the FEEL the engine reads (`duration("P3DT4H")`, `date and time("…+08:00")`), which is deployed.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';
import { cell, shown, openTemporalEditor } from './rules-table.js';

const TABLE = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_Wait" name="回访等待" namespace="https://civicflow.dev/test">
  <decision id="follow-up-wait" name="回访等待时长">
    <decisionTable id="Table_Wait" hitPolicy="FIRST">
      <input id="Input_Filed" label="受理日期">
        <inputExpression id="Expr_Filed" typeRef="date"><text>filedOn</text></inputExpression>
      </input>
      <output id="Output_Wait" label="等待时长" name="wait" typeRef="dayTimeDuration" />
      <output id="Output_Call" label="回访时间" name="callAt" typeRef="dateTime" />
      <rule id="Rule_1">
        <inputEntry id="In_1"><text>&lt; date("2026-12-31")</text></inputEntry>
        <outputEntry id="Wait_1"><text>duration("P3D")</text></outputEntry>
        <outputEntry id="Call_1"><text>date and time("2026-12-31T09:00:00Z")</text></outputEntry>
      </rule>
      <rule id="Rule_2">
        <inputEntry id="In_2"><text>-</text></inputEntry>
        <outputEntry id="Wait_2"><text>duration("PT4H")</text></outputEntry>
        <outputEntry id="Call_2"><text>null</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>`;

describe.skipIf(!browserAvailable())('dates and durations in words', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp((app) => {
    ({ rt, page } = app);
  });

  it('reads and edits durations, dates and times in words; the FEEL deployed is what the engine reads', async () => {
    const admin = await rt.login('city-admin');
    const deployed = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: { tenant: 'city', resources: [{ name: 'follow-up-wait.dmn', content: TABLE }] },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);

    await signIn(page, rt.url, 'city-admin');
    await page.getByRole('button', { name: '规则设计' }).click();
    await page.locator('[data-decision="follow-up-wait@city"]').click();
    await page.locator('.rules-editor').getByText('首条命中').waitFor();

    await expect.poll(() => shown(page, 'Rule_1', 'Output_Wait')).toBe('3天');
    await expect(shown(page, 'Rule_2', 'Output_Wait')).resolves.toBe('4小时');
    await expect(shown(page, 'Rule_1', 'Input_Filed')).resolves.toBe('早于2026年12月31日');
    // Stored in UTC, read in Beijing time.
    await expect(shown(page, 'Rule_1', 'Output_Call')).resolves.toBe('2026年12月31日 17:00');
    await expect(page.locator('.rules-editor tbody').textContent()).resolves.not.toMatch(/P3D|PT4H|duration|date\(|Z"/);

    // A duration typed in words, stored as ISO FEEL, shown in words.
    let editor = await openTemporalEditor(page, 'Rule_2', 'Output_Wait');
    await expect(editor.getByRole('heading', { name: '编辑时长' }).count()).resolves.toBe(1);
    const value = editor.getByLabel('值', { exact: true });
    await expect(value.inputValue()).resolves.toBe('4小时');
    await expect(value.getAttribute('placeholder')).resolves.toContain('3天4小时');
    await value.fill('5个工作日');
    await editor.getByRole('alert').getByText('请填写时长，如 3天、4小时、3天4小时、2周').waitFor();
    await value.fill('3天4小时');
    await editor.getByText('即：3天4小时').waitFor();
    const panel = page.getByRole('region', { name: '所选单元格' });
    await expect.poll(() => panel.getByLabel('等待时长 2').inputValue()).toBe('duration("P3DT4H")');
    await value.fill('2周');
    await expect.poll(() => panel.getByLabel('等待时长 2').inputValue()).toBe('duration("P14D")');
    await value.fill('P3DT4H');
    await expect.poll(() => panel.getByLabel('等待时长 2').inputValue()).toBe('duration("P3DT4H")');
    await page.keyboard.press('Escape');
    await expect.poll(() => shown(page, 'Rule_2', 'Output_Wait')).toBe('3天4小时');

    // A date and time: the example is Beijing time, never UTC; what is typed is kept with +08:00.
    editor = await openTemporalEditor(page, 'Rule_2', 'Output_Call');
    const when = editor.getByLabel('值', { exact: true });
    const placeholder = (await when.getAttribute('placeholder')) ?? '';
    expect(placeholder).toContain('2026年12月31日 17:30');
    expect(placeholder).not.toMatch(/Z|UTC|T\d/);
    await when.fill('2027年1月5日 9:30');
    await editor.getByText('即：2027年1月5日 09:30').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => shown(page, 'Rule_2', 'Output_Call')).toBe('2027年1月5日 09:30');

    // A date condition: operator and date in words.
    editor = await openTemporalEditor(page, 'Rule_1', 'Input_Filed');
    const test = editor.getByLabel('判断方式');
    await expect(test.inputValue()).resolves.toBe('lt');
    await expect(editor.getByLabel('值', { exact: true }).inputValue()).resolves.toBe('2026年12月31日');
    await test.selectOption({ label: '晚于' });
    await page.keyboard.press('Escape');
    await expect.poll(() => shown(page, 'Rule_1', 'Input_Filed')).toBe('晚于2026年12月31日');

    // Beside the table the selected cell is in words too (never the column's text operators writing "…").
    await cell(page, 'Rule_1', 'Output_Wait').click();
    await page.keyboard.press('Escape');
    const inWords = panel.getByLabel('值：第 1 条规则的等待时长');
    await expect.poll(() => inWords.inputValue()).toBe('3天');
    await inWords.fill('2天12小时');
    await panel.getByText('即：2天12小时').waitFor();
    await expect.poll(() => shown(page, 'Rule_1', 'Output_Wait')).toBe('2天12小时');
    await inWords.fill('3天');
    await expect.poll(() => shown(page, 'Rule_1', 'Output_Wait')).toBe('3天');
    await cell(page, 'Rule_2', 'Input_Filed').click();
    await page.keyboard.press('Escape');
    await panel.getByLabel('判断方式：第 2 条规则的受理日期').selectOption({ label: '介于' });
    await panel.getByLabel('从：第 2 条规则的受理日期').fill('2027年1月1日');
    await panel.getByLabel('到：第 2 条规则的受理日期').fill('2027/3/31');
    await expect.poll(() => shown(page, 'Rule_2', 'Input_Filed')).toBe('2027年1月1日至2027年3月31日');
    await expect(panel.getByLabel('受理日期 2').inputValue()).resolves.toBe('[date("2027-01-01")..date("2027-03-31")]');
    await panel.getByLabel('判断方式：第 2 条规则的受理日期').selectOption({ label: '早于' });
    await expect.poll(() => shown(page, 'Rule_2', 'Input_Filed')).toBe('早于2027年1月1日');
    await panel.getByLabel('判断方式：第 2 条规则的受理日期').selectOption({ label: '任意值（-）' });
    await expect.poll(() => shown(page, 'Rule_2', 'Input_Filed')).toBe('-');

    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：决策表「回访等待时长」版本 2（市级）').waitFor();
    const [latest] = (
      await rt.request('GET', '/api/decision-definitions?tenant=city&key=follow-up-wait&latest=true', { token: admin })
    ).body;
    const xml: string = (await rt.request('GET', `/api/decision-definitions/${latest.id}/xml`, { token: admin })).body;
    expect(xml).toContain('<text>duration("P3DT4H")</text>');
    expect(xml).toContain('<text>date and time("2027-01-05T09:30:00+08:00")</text>');
    expect(xml).toContain('<text>&gt; date("2026-12-31")</text>');
    // The engine reads it: a case filed within the year waits 3 days 4 hours, one filed after it 3 days.
    const wait = async (filedOn: string) =>
      (
        await rt.request('POST', `/api/decision-definitions/${latest.id}/evaluate`, {
          token: admin,
          body: { inputs: { filedOn } },
        })
      ).body.result.wait;
    await expect(wait('2026-06-01')).resolves.toBe('P3DT4H');
    await expect(wait('2027-01-02')).resolves.toBe('P3D');
  }, 120_000);
});
