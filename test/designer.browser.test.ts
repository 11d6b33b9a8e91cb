// The designer in a real headless Chromium (Debian's `chromium`, driven by playwright-core)
// against a real server with the examples loaded. CI sets CIVICFLOW_REQUIRE_BROWSER=1: there a
// missing browser fails instead of skipping.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { INTAKE } from '../engine/bench/workload.js';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';
import { openGroup, propertiesPanel, selectElement } from './properties-panel.js';

const haveBrowser = browserAvailable();

const EXAMPLE_XML = readFileSync(join(import.meta.dirname, '..', 'examples', 'appeal', 'appeal-loop.bpmn'), 'utf8');

describe.skipIf(!haveBrowser)('the designer in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  let admin: string;

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    admin = await rt.login('admin');
  });

  const definitions = async (key: string, tenant: string) =>
    (await rt.request('GET', `/api/process-definitions?key=${key}&tenant=${tenant}`, { token: admin })).body as Array<{
      id: string;
      version: number;
      tenant: string;
    }>;

  it('opens on the sign-in page in Chinese, refuses a wrong password and signs a township admin in', async () => {
    await page.goto(rt.url);
    await expect(page.title()).resolves.toBe('civicflow 诉求办理平台');
    await signIn(page, rt.url, 'towna-admin', 'wrong-password');
    await page.getByRole('alert').getByText('用户名或密码不正确').waitFor();
    await page.getByLabel('密码').fill('demo-password');
    await page.getByRole('button', { name: '登录' }).click();
    // The township sees the city's appeal loop, inherited.
    await page.locator('[data-process="appeal-loop@city"]').waitFor();
  });

  it('draws the inherited appeal loop on the canvas, with the palette in Chinese', async () => {
    await page.locator('[data-process="appeal-loop@city"]').click();
    for (const id of ['Task_Receive', 'Gateway_Route', 'Task_HandleLabour', 'Timer_LabourUrge', 'Task_FollowUp']) {
      await page.locator(`.djs-element[data-element-id="${id}"]`).first().waitFor();
    }
    await page.getByTestId('opened').getByText('编辑：诉求受理闭环 版本 1（市级）').waitFor();
    await page.locator('.djs-palette [aria-label="创建任务"]').waitFor();
    await page.locator('.djs-palette [aria-label="创建开始事件"]').waitFor();
  });

  it('refers labour disputes to another department with a shorter deadline, through the properties panel', async () => {
    await selectElement(page, 'Task_HandleLabour');
    const panel = propertiesPanel(page);
    await panel.locator('.bio-properties-panel-header').getByText('人社局办理').waitFor();
    await panel.getByText('用户任务').first().waitFor();
    const assignment = await openGroup(page, '分配');
    await expect(assignment.getByLabel('市人力资源和社会保障局', { exact: true }).isChecked()).resolves.toBe(true);
    // Departments by name, never by id.
    await expect(assignment.textContent()).resolves.not.toMatch(/dept-/);
    await assignment.getByLabel('市人力资源和社会保障局', { exact: true }).uncheck();
    await assignment.getByLabel('市住房和城乡建设局', { exact: true }).check();
    const deadline = await openGroup(page, '时限与预警');
    await deadline.getByLabel('办理时限').fill('五个星期');
    await deadline.getByText(/^时限写法有误/).waitFor();
    await deadline.getByLabel('办理时限').fill('3个工作日');
    await deadline.getByText(/^时限写法有误/).waitFor({ state: 'detached' });
    await deadline
      .getByTestId('deadline-preview')
      .getByText(/^今天受理 → \d{4}-\d\d-\d\d \d\d:\d\d 到期（3个工作日）$/)
      .waitFor();

    // The flow's label selects the flow; its condition shows in the builder, not as FEEL.
    await page.locator('.djs-element[data-element-id="Flow_Labour_label"]').click();
    await panel.locator('.bio-properties-panel-header').getByText('劳动纠纷').waitFor();
    const condition = await openGroup(page, '分支条件');
    const clause = condition.getByRole('group', { name: '条件 1', exact: true });
    await expect(clause.getByLabel('条件 1 的字段').inputValue()).resolves.toBe('category');
    await expect(clause.getByLabel('条件 1 的值').inputValue()).resolves.toBe('劳动纠纷');
    await clause.getByLabel('条件 1 的比较方式').selectOption({ label: '包含于' });
    await clause.getByRole('checkbox', { name: '劳动纠纷' }).check();
    await clause.getByRole('checkbox', { name: '邻里纠纷' }).check();
    await condition.getByText('表达式：=list contains(["劳动纠纷", "邻里纠纷"], category)').waitFor();
    // An expert sees the FEEL; a broken expression is refused in Chinese; back to the builder.
    await condition.getByRole('button', { name: '改为直接编写 FEEL 表达式' }).click();
    const feel = condition.getByLabel('分支条件（FEEL 表达式）');
    await expect(feel.inputValue()).resolves.toBe('list contains(["劳动纠纷", "邻里纠纷"], category)');
    await feel.fill('category = "劳动纠纷" or');
    await condition
      .getByRole('alert')
      .getByText(/^条件表达式有误/)
      .waitFor();
    await feel.fill('list contains(["劳动纠纷", "邻里纠纷"], category)');
    await feel.blur();
    await expect.poll(() => condition.getByRole('alert').count()).toBe(0);
    await condition.getByRole('button', { name: '改用条件构建器' }).click();
    await condition.getByRole('group', { name: '条件 1', exact: true }).waitFor();
  });

  it('deploys the township its own version; the city and other townships keep theirs, and new cases there use it', async () => {
    await expect(page.getByTestId('target-tenant').inputValue()).resolves.toBe('town-a');
    // The units by name only, never an id in brackets.
    const targets = await page.getByTestId('target-tenant').locator('option').allTextContents();
    expect(targets).toContain('A镇综治中心');
    for (const label of targets) expect(label).not.toMatch(/[（(][a-z0-9-]+[）)]/);
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：流程「诉求受理闭环」版本 1（A镇综治中心）').waitFor();
    await page.locator('[data-process="appeal-loop@town-a"]').waitFor();

    const townA = await definitions('appeal-loop', 'town-a');
    expect(townA.map((d) => `${d.tenant}:${d.version}`).sort()).toEqual(['city:1', 'town-a:1']);
    expect((await definitions('appeal-loop', 'street-b')).map((d) => `${d.tenant}:${d.version}`)).toEqual(['city:1']);
    // Everything the runtime reads came through the modeler: forms, assignments, deadlines.
    const own = townA.find((d) => d.tenant === 'town-a')!;
    const xml = await fetch(`${rt.url}/api/process-definitions/${own.id}/xml`, {
      headers: { authorization: `Bearer ${admin}` },
    }).then((r) => r.text());
    for (const tag of ['zeebe:formDefinition', 'zeebe:assignmentDefinition', 'civic:deadline', 'zeebe:userTask']) {
      expect(xml.split(`<${tag}`).length, tag).toBe(EXAMPLE_XML.split(`<${tag}`).length);
    }
    // A village of the township runs the township's version: 邻里纠纷 (before: 其他, the general office) now goes
    // down the labour branch, to the housing department's inbox, in 3 working days.
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a-east' },
    });
    expect(started.status).toBe(201);
    expect(started.body.definitionId).toBe(own.id);
    const [intake] = (await rt.request('GET', `/api/tasks?processInstanceId=${started.body.id}`, { token: admin }))
      .body as Array<{ id: string }>;
    const done = await rt.request('POST', `/api/tasks/${intake!.id}/complete`, {
      token: admin,
      body: { variables: { ...INTAKE, category: '邻里纠纷' } },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const [handle] = (await rt.request('GET', `/api/tasks?processInstanceId=${started.body.id}`, { token: admin }))
      .body as Array<{ elementId: string; candidateGroups: string[]; deadline: string }>;
    expect(handle).toMatchObject({
      elementId: 'Task_HandleLabour',
      candidateGroups: ['dept-zj'],
      deadline: '3个工作日',
    });
    // The city's own cases still go to dept-rs.
    const cityCase = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'street-b' },
    });
    expect(cityCase.body.definitionId).not.toBe(own.id);
  });

  it('refuses a diagram with a broken condition: the problems in Chinese, the element named, nothing deployed', async () => {
    const broken = EXAMPLE_XML.replace('=category = "劳动纠纷"', '=category = = ');
    const file = join(mkdtempSync(join(tmpdir(), 'civicflow-upload-')), 'appeal-broken.bpmn');
    writeFileSync(file, broken);
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('opened').getByText('新流程（未部署）').waitFor();
    const before = await definitions('appeal-loop', 'town-a');
    // The same checks as the server's run while drawing: the problem is listed and deploying refused before sending.
    await page
      .getByRole('alert')
      .getByText(/^图上还有 \d+ 个错误，改正后才能部署$/)
      .waitFor();
    await expect(page.getByRole('button', { name: '部署', exact: true }).isDisabled()).resolves.toBe(true);
    const problem = page.locator('.problems li[data-code="FEEL_SYNTAX"]');
    await problem.waitFor();
    await expect(problem.textContent()).resolves.toContain('FEEL 表达式语法错误');
    await problem.getByRole('button').click(); // selects the flow on the canvas
    await page.locator('.djs-element.selected').first().waitFor();
    expect(await definitions('appeal-loop', 'town-a')).toEqual(before);
  });

  it('switches to English and back', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Deploy', exact: true }).waitFor();
    // The palette and the panel follow: the library's texts and the civic groups alike.
    await page.locator('.djs-palette [aria-label="Create task"]').waitFor();
    await selectElement(page, 'Task_HandleLabour');
    const english = page.getByRole('complementary', { name: 'Properties' });
    await english.locator('.bio-properties-panel-header').getByText('User Task').waitFor();
    for (const group of [
      'General',
      'Form',
      'Deadline and warning',
      'Countersign',
      'Task operations',
      'Field permissions',
      'Assignment',
    ]) {
      await english.locator('.bio-properties-panel-group-header-title').getByText(group, { exact: true }).waitFor();
    }
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '部署', exact: true }).waitFor();
    await selectElement(page, 'Task_HandleLabour');
    const chinese = propertiesPanel(page);
    await chinese.locator('.bio-properties-panel-header').getByText('用户任务').waitFor();
    for (const group of [
      '常规',
      '表单',
      '时限与预警',
      '会签',
      '办理操作',
      '字段权限',
      '分配',
      '说明',
      '输入映射',
      '输出映射',
      '任务头',
    ]) {
      await chinese.locator('.bio-properties-panel-group-header-title').getByText(group, { exact: true }).waitFor();
    }
  });
});
