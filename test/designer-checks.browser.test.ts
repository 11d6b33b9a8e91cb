// Issue 15 §3–§4 in Chromium, as A镇's administrator: mistakes marked on the diagram while drawing
// (and deploying refused until they are fixed), an unknown department refused, menus offering only
// what the engine runs, leaving a changed diagram asking first, and a token simulated to the end.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

const EXAMPLE_XML = readFileSync(join(import.meta.dirname, '..', 'examples', 'appeal', 'appeal-loop.bpmn'), 'utf8');

function upload(name: string, xml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'civicflow-checks-')), name);
  writeFileSync(file, xml);
  return file;
}

/** start → 登记 → end, with diagram interchange so the canvas can draw it. */
const TINY = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_Tiny" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="tiny" name="小流程" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Task_Register" name="登记"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="window" /></bpmn:extensionElements><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End" name="办结"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_Register" />
    <bpmn:sequenceFlow id="F2" sourceRef="Task_Register" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="P" bpmnElement="tiny">
    <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Task_di" bpmnElement="Task_Register"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="360" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="300" y="118" /><di:waypoint x="360" y="118" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

describe.skipIf(!browserAvailable())('mistakes caught while drawing, in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  const deployButton = () => page.getByRole('button', { name: '部署', exact: true });
  const element = (id: string) => page.locator(`.djs-element[data-element-id="${id}"]`).first();

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    page.setDefaultTimeout(15_000);
    await signIn(page, rt.url, 'towna-admin');
    await page.locator('[data-process="appeal-loop@city"]').waitFor();
  });

  it('checks the inherited appeal loop as it opens: no problems, deploying allowed', async () => {
    await page.locator('[data-process="appeal-loop@city"]').click();
    await element('Gateway_Route').waitFor();
    await page.getByText('检查通过，没有发现问题').waitFor();
    await expect(deployButton().isDisabled()).resolves.toBe(false);
  });

  it('offers in the palette and the replace menu only what the engine runs', async () => {
    await page.locator('.djs-palette [aria-label="创建任务"]').waitFor();
    await expect.poll(() => page.locator('.djs-palette [data-action="create.participant-expanded"]').count()).toBe(0);
    await element('Gateway_Route').click();
    await page.locator('.djs-context-pad [data-action="replace"]').click();
    const menu = page.locator('.djs-popup');
    await menu.locator('[data-id="replace-with-parallel-gateway"]').waitFor();
    await expect.poll(() => menu.locator('[data-id="replace-with-complex-gateway"]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });

  it('marks a new gateway branch without a condition on the diagram and in the list, until it is removed', async () => {
    await element('Task_Receive').click();
    await element('Gateway_Route').click();
    await page.locator('.djs-context-pad [data-action="append.append-task"]').click();
    const problem = page.locator('.problems li[data-code="CONDITION_MISSING"]');
    await problem.waitFor();
    await expect(problem.textContent()).resolves.toContain('分支缺少条件');
    await page.locator('.civic-problem-badge.civic-has-error[data-element-id="Gateway_Route"]').waitFor();
    await page.getByRole('alert').getByText('图上还有 1 个错误，改正后才能部署').waitFor();
    await expect(deployButton().isDisabled()).resolves.toBe(true);
    // Clicking the entry (the gateway, by its name) selects it on the canvas.
    await expect(problem.textContent()).resolves.toContain('「分类转办」');
    await element('Task_Receive').click();
    await problem.getByRole('button').click();
    await page.locator('.djs-shape.selected[data-element-id="Gateway_Route"]').waitFor();
    // Fixed: the new branch's task deleted (with its flow).
    await page.locator('.djs-shape.selected').first().waitFor();
    await page.locator('.djs-element[data-element-id^="Activity_"]').first().click();
    await page.locator('.djs-context-pad [data-action="delete"]').click();
    await page.getByText('检查通过，没有发现问题').waitFor();
    await expect.poll(() => page.locator('.civic-problem-badge').count()).toBe(0);
    await expect(deployButton().isDisabled()).resolves.toBe(false);
  });

  it('asks before leaving a changed diagram, and keeps it as a draft', async () => {
    await element('Task_HandleLabour').click();
    await page.locator('.djs-context-pad [data-action="delete"]').click();
    const questions: string[] = [];
    page.once('dialog', (d) => {
      questions.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('button', { name: '表单设计', exact: true }).click();
    await expect.poll(() => questions).toEqual(['流程图有未部署的修改（已作为草稿保存在本浏览器）。确定离开吗？']);
    await expect.poll(() => element('Task_HandleLabour').count()).toBe(0); // still here, still changed
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: '新建流程' }).click();
    await page.getByTestId('opened').getByText('新流程（未部署）').waitFor();
    // Opening the appeal loop again offers the draft.
    await page.locator('[data-process="appeal-loop@city"]').click();
    await page
      .getByRole('status')
      .getByText(/^有一份未部署的草稿/)
      .waitFor();
    await page.getByRole('button', { name: '恢复草稿' }).click();
    await element('Gateway_Route').waitFor();
    await expect.poll(() => element('Task_HandleLabour').count()).toBe(0);
    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-process="appeal-loop@city"]').click();
    await page.getByRole('button', { name: '丢弃草稿' }).click();
    await element('Task_HandleLabour').waitFor();
  });

  it('marks a task for a department that does not exist, and refuses to deploy it', async () => {
    const before = (
      await rt.request('GET', '/api/process-definitions?key=appeal-loop&tenant=town-a', {
        token: await rt.login('towna-admin'),
      })
    ).body;
    page.once('dialog', (d) => void d.accept()); // in case the diagram before was changed
    await page
      .getByTestId('import-file')
      .setInputFiles(
        upload('appeal-loop.bpmn', EXAMPLE_XML.replace('candidateGroups="dept-rs"', 'candidateGroups="dept-xx"')),
      );
    const problem = page.locator('.problems li[data-code="GROUP_UNKNOWN"]');
    await problem.waitFor();
    await expect(problem.textContent()).resolves.toContain('「人社局办理」');
    await expect(problem.textContent()).resolves.toContain('没有编号为「dept-xx」的部门');
    await element('Task_HandleLabour').locator('..').waitFor();
    await page.locator('.civic-problem-badge[data-element-id="Task_HandleLabour"]').waitFor();
    await expect(deployButton().isDisabled()).resolves.toBe(true);
    const after = (
      await rt.request('GET', '/api/process-definitions?key=appeal-loop&tenant=town-a', {
        token: await rt.login('towna-admin'),
      })
    ).body;
    expect(after).toEqual(before);
  });

  it('simulates a token from the start to the end, in Chinese', async () => {
    await page.getByTestId('import-file').setInputFiles(upload('tiny.bpmn', TINY));
    await element('Task_Register').waitFor();
    await page.getByRole('button', { name: '模拟运行' }).click();
    await page.getByRole('button', { name: '结束模拟' }).waitFor();
    await page.getByTitle('触发事件').first().click();
    // Its instance button, its notices and its log name the instance by number, never by a random id.
    await page.locator('.bts-scopes .bts-scope[title="只看实例1"]').waitFor({ state: 'attached' });
    await page.locator('.bts-notifications .bts-scope').getByText('实例1', { exact: true }).first().waitFor();
    await page.getByTitle('显示/隐藏模拟日志').click();
    await page.locator('.bts-log').getByText('流程已结束').waitFor();
    const badges = await page.locator('.bts-log .bts-entry .bts-scope').allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges.map((b) => b.trim()))).toEqual(new Set(['实例1']));
    await page.getByRole('button', { name: '结束模拟' }).click();
  });
});
