// The dashboard in a real headless Chromium: a supervisor sees where the city's appeals stand
// and what is overdue, in figures and in charts (ECharts, drawn as SVG).
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { INTAKE } from '../engine/bench/workload.js';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

/** A process whose one step has no name. */
const NAMELESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_Nameless" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="nameless-step" name="无名环节" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_Nameless" />
    <bpmn:userTask id="Task_Nameless">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="dept-rs" /></bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="F2" sourceRef="Task_Nameless" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

describe.skipIf(!browserAvailable())('the dashboard in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    const admin = await rt.login('admin');
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await rt.request(method, path, { token: admin, ...(body === undefined ? {} : { body }) });
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    await call('POST', '/api/admin/clock', { now: '2026-03-02T01:00:00.000Z' }); // a Monday, 09:00 in Shanghai
    for (const [tenant, category] of [
      ['town-a', '劳动纠纷'],
      ['town-a', '物业纠纷'],
      ['street-b', null],
    ] as const) {
      const c = await call('POST', '/api/process-instances', { processKey: 'appeal-loop', tenant });
      if (!category) continue;
      const [intake] = (await call('GET', `/api/tasks?processInstanceId=${c.id}`)) as Array<{ id: string }>;
      await call('POST', `/api/tasks/${intake!.id}/complete`, { variables: { ...INTAKE, category } });
    }
    await call('POST', '/api/admin/clock', { advance: 'P2DT12H' }); // street-b's intake is overdue now
  });

  it('a supervisor opens the dashboard: figures, charts by step and department, and each unit', async () => {
    await signIn(page, rt.url, 'dispatcher1');
    await page.getByRole('button', { name: '看板' }).click();
    const kpi = (id: string) => page.locator(`[data-kpi="${id}"] .value`).textContent();
    await page.locator('[data-kpi="activeCases"]').waitFor();
    await expect(kpi('activeCases')).resolves.toBe('3');
    await expect(kpi('overdueCases')).resolves.toBe('1');
    await expect(kpi('onTimeRate')).resolves.toBe('100%');
    const steps = page.getByRole('img', { name: '各环节在办案件与超期案件（件）' });
    await steps.locator('svg').getByText('人社局办理').waitFor();
    await steps.locator('svg').getByText('受理登记').waitFor();
    await page
      .getByRole('img', { name: '各部门在办案件与超期案件（件）' })
      .locator('svg')
      .getByText('市住房和城乡建设局')
      .waitFor();
    await expect(page.locator('tr[data-tenant="street-b"] td').allTextContents()).resolves.toEqual([
      'B街道综治中心',
      '1',
      '1',
      '1',
    ]);
    await expect(page.locator('tr[data-tenant="town-a"] td').allTextContents()).resolves.toEqual([
      'A镇综治中心',
      '2',
      '2',
      '0',
    ]);
  });

  it('lists what is overdue and urges its handlers (催办)', async () => {
    const overdue = page.getByRole('region', { name: '超期任务' });
    const row = overdue.locator('[data-overdue="Task_Receive"]');
    // The unit by its name, never its id.
    await row.getByText('B街道综治中心', { exact: false }).waitFor();
    await expect(row.textContent()).resolves.not.toContain('street-b');
    await expect(overdue.locator('li').count()).resolves.toBe(1);
    await row.getByRole('button', { name: '催办' }).click();
    await page.getByRole('status').getByText('已催办：受理登记').waitFor();
    const admin = await rt.login('admin');
    const [task] = (await rt.request('GET', '/api/tasks?status=open&light=red', { token: admin })).body;
    const urges = (await rt.request('GET', `/api/tasks/${task.id}/urges`, { token: admin })).body;
    expect(JSON.stringify(urges)).toContain('dispatcher1');
  });

  it('a figure opens the cases behind it in the case search, with the same filters', async () => {
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('link', { name: 'A镇综治中心 在办案件：打开案件清单' }).click();
    await page.getByText('共 2 件').waitFor();
    await page.getByText('仅显示：A镇综治中心').waitFor();
    await expect(page.getByRole('combobox', { name: '状态' }).inputValue()).resolves.toBe('active');
    await expect(page.getByRole('button', { name: '案件查询' }).getAttribute('class')).resolves.toContain('active');
    // The whole city's active cases, from the figure at the top.
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('link', { name: '在办案件：打开案件清单', exact: true }).click();
    await page.getByText('共 3 件').waitFor();
    await expect.poll(() => page.getByText('仅显示：').count()).toBe(0);
    // 近30天办结: the cases closed since, the time in Beijing words, not an instant.
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('link', { name: '近30天办结：打开案件清单', exact: true }).click();
    await page.getByText('共 0 件').waitFor();
    const since = await page.locator('.filter-chip[data-filter="closedSince"]').textContent();
    expect(since).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}以来办结的案件/);
  });

  /** The total the case search shows, once it has answered. */
  const searchTotal = async () => {
    const line = page.getByText(/^共 \d+ 件$/);
    await line.waitFor();
    return Number((await line.textContent())!.replace(/\D/g, ''));
  };
  const admin = async () => rt.login('admin');

  it('the overdue figures, the units’ overdue and the departments’ bars open as many cases as they count', async () => {
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('link', { name: '超期案件：打开案件清单', exact: true }).click();
    await expect(searchTotal()).resolves.toBe(1);
    await expect(page.getByRole('combobox', { name: '时限' }).inputValue()).resolves.toBe('red');
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('link', { name: 'B街道综治中心 超期案件：打开案件清单' }).click();
    await expect(searchTotal()).resolves.toBe(1);
    await page.getByText('仅显示：B街道综治中心').waitFor();

    const summary = (await rt.request('GET', '/api/dashboard', { token: await admin() })).body as {
      byDepartment: Array<{ group: string; name: string; open: number; overdue: number }>;
    };
    for (const [series, color] of [
      [0, '#1f6feb'],
      [1, '#d92d20'],
    ] as const) {
      await page.getByRole('button', { name: '看板' }).click();
      const chart = page.getByRole('img', { name: '各部门在办案件与超期案件（件）' });
      await chart.locator('svg').getByText('市住房和城乡建设局').waitFor();
      // The bars of the series (the legend's marker of the same colour sits above the grid); they grow
      // in on opening, so they are read again until each counted department has its bar.
      const barsNow = async () => {
        const top = (await chart.boundingBox())!.y + 32;
        const found = [];
        for (const path of await chart.locator(`svg path[fill="${color}"]`).all()) {
          const box = await path.boundingBox();
          if (box && box.y > top && box.width > 1) found.push({ path, y: box.y });
        }
        return found.sort((a, b) => a.y - b.y);
      };
      const counted = summary.byDepartment.filter((d) => (series === 0 ? d.open : d.overdue) > 0);
      await expect.poll(async () => (await barsNow()).length).toBe(counted.length);
      const bars = await barsNow();
      await bars[0]!.path.click();
      await expect(searchTotal()).resolves.toBe(series === 0 ? counted[0]!.open : counted[0]!.overdue);
      await page.getByText(`仅显示：${counted[0]!.name}在办的案件`).waitFor();
    }

    // A step's bar: the cases with an open task there, named by the step, never by its element.
    const steps = (await rt.request('GET', '/api/dashboard', { token: await admin() })).body.byStep as Array<{
      elementId: string;
      name: string;
      open: number;
    }>;
    await page.getByRole('button', { name: '看板' }).click();
    const chart = page.getByRole('img', { name: '各环节在办案件与超期案件（件）' });
    await chart.locator('svg').getByText(steps[0]!.name).waitFor();
    const top = async () => {
      const limit = (await chart.boundingBox())!.y + 32;
      let first: { path: Locator; y: number } | undefined;
      for (const path of await chart.locator('svg path[fill="#1f6feb"]').all()) {
        const box = await path.boundingBox();
        if (box && box.y > limit && box.width > 1 && (!first || box.y < first.y)) first = { path, y: box.y };
      }
      return first;
    };
    await expect.poll(async () => !!(await top())).toBe(true);
    await (await top())!.path.click();
    await expect(searchTotal()).resolves.toBe(steps[0]!.open);
    const chip = page.locator('.filter-chip[data-filter="openStep"]');
    await expect(chip.textContent()).resolves.toContain(`在“${steps[0]!.name}”环节在办的案件`);
    await expect(chip.textContent()).resolves.not.toContain(steps[0]!.elementId);
  });

  it('the 统计表 by level opens each level’s cases', async () => {
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('button', { name: '统计表' }).click();
    await page.getByRole('combobox', { name: '分组' }).selectOption('level');
    const row = page.locator('.figure-table tr[data-key="1"]');
    await expect(row.locator('th').textContent()).resolves.toBe('乡镇（街道）级');
    const received = Number(await row.locator('[data-figure="received"]').textContent());
    expect(received).toBe(3);
    await row.locator('[data-figure="received"] a').click();
    await expect(searchTotal()).resolves.toBe(received);
    await expect(page.getByRole('combobox', { name: '层级' }).inputValue()).resolves.toBe('1');
    // 超期: the cases late at some step.
    await page.getByRole('button', { name: '看板' }).click();
    await page.getByRole('button', { name: '统计表' }).click();
    await page.getByRole('combobox', { name: '分组' }).selectOption('level');
    const overdue = page.locator('.figure-table tr[data-key="1"] [data-figure="overdue"]');
    const late = Number(await overdue.textContent());
    expect(late).toBe(1);
    await overdue.locator('a').click();
    await expect(searchTotal()).resolves.toBe(late);
    // The figures' own 超期 (the appeals they count), as a chip in words, removable.
    const chip = page.locator('.filter-chip[data-filter="figure"]');
    await expect(chip.textContent()).resolves.toContain('统计口径：超期');
    await chip.getByRole('button', { name: '移除筛选：统计口径：超期' }).click();
    await expect.poll(() => chip.count()).toBe(0);
  });

  it('the 通报’s levels and its channels by level (未记录 and 合计 included) open as many cases as they count', async () => {
    const open = async () => {
      await page.getByRole('button', { name: '看板' }).click();
      await page.getByRole('button', { name: '月度通报' }).click();
      await page.locator('table.channel-levels').waitFor();
    };
    await open();
    // The month as 年 and 月 lists in Chinese (a month input reads "December 2026" on an English browser).
    await expect.poll(() => page.locator('input[type="month"]').count()).toBe(0);
    const year = page.getByRole('combobox', { name: '年份' });
    const month = page.getByRole('combobox', { name: '月份' });
    await expect(year.inputValue()).resolves.toBe('2026');
    await expect(year.locator('option:checked').textContent()).resolves.toBe('2026年');
    await expect(month.locator('option:checked').textContent()).resolves.toBe('3月');
    await page.getByRole('heading', { level: 2, name: /2026年3月/ }).waitFor();
    await month.selectOption('02');
    await page.getByRole('heading', { level: 2, name: /2026年2月/ }).waitFor();
    await month.selectOption('03');
    await page.getByRole('heading', { level: 2, name: /2026年3月/ }).waitFor();
    const unrecorded = page.locator('table.channel-levels tr[data-key=""]');
    await expect(unrecorded.locator('th').textContent()).resolves.toBe('未记录');
    for (const cell of ['1', 'total']) {
      await open();
      const link = page.locator(`table.channel-levels tr[data-key=""] td[data-level="${cell}"] a`);
      const n = Number(await link.textContent());
      expect(n).toBeGreaterThan(0);
      await link.click();
      await expect(searchTotal()).resolves.toBe(n);
      await expect(page.getByRole('combobox', { name: '来源渠道' }).inputValue()).resolves.toBe('未记录');
    }
    await open();
    const level = page.locator('.bulletin .figure-table tr[data-key="1"] [data-figure="received"] a').first();
    const n = Number(await level.textContent());
    await level.click();
    await expect(searchTotal()).resolves.toBe(n);
    await page.getByText('仅显示：市综治中心及下级单位').waitFor();
  });

  it('a case with no intake data yet shows no empty labels and no doubled separators', async () => {
    const found = (await rt.request('GET', '/api/cases?tenant=street-b', { token: await admin() })).body as {
      items: Array<{ id: string }>;
    };
    await page.goto(`${rt.url}/#/cases/${found.items[0]!.id}`);
    await page.getByTestId('case-title').waitFor();
    await page.locator('.case-current li').first().waitFor();
    await expect(page.locator('.case-summary dt').allTextContents()).resolves.toEqual(['受理单位', '登记时间']);
    for (const text of await page.locator('.case-current li').allTextContents()) expect(text).not.toMatch(/·\s*·/);
  });

  it('a step without a name is described in words, never by its element id, and opens its cases', async () => {
    const token = await admin();
    const deployed = await rt.request('POST', '/api/deployments', {
      token,
      body: { tenant: 'city', resources: [{ name: 'nameless.bpmn', content: NAMELESS }] },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const started = await rt.request('POST', '/api/process-instances', {
      token,
      body: { processKey: 'nameless-step', tenant: 'city' },
    });
    expect(started.status).toBeLessThan(300);
    await page.goto(`${rt.url}/#/`);
    await page.getByRole('button', { name: '看板' }).click();
    const chart = page.getByRole('img', { name: '各环节在办案件与超期案件（件）' });
    await chart.locator('svg').getByText('未命名的用户任务').waitFor();
    await expect(chart.locator('svg').textContent()).resolves.not.toContain('Task_Nameless');
    // Its bar's link (as `caseSearchHash` writes it): searched by the element, named on the page as on the chart.
    await page.goto(`${rt.url}/#/cases?openStep=Task_Nameless&step=${encodeURIComponent('未命名的用户任务')}`);
    await expect(searchTotal()).resolves.toBe(1);
    const chip = page.locator('.filter-chip[data-filter="openStep"]');
    await expect(chip.textContent()).resolves.toContain('在“未命名的用户任务”环节在办的案件');
    await expect(chip.textContent()).resolves.not.toContain('Task_Nameless');
  });

  it('staff have no dashboard', async () => {
    await page.getByRole('button', { name: '退出' }).click();
    await signIn(page, rt.url, 'window1');
    await page.getByRole('button', { name: '待办' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: '看板' }).count()).toBe(0);
  });
});
