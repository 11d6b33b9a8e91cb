// The process designer's remaining flows as a township administrator uses them, in Chromium:
// 新建表单 from the form picker (deployed, then picked for the task); an ad-hoc subprocess set up
// through its panel group; the server's warnings after a deploy, in Chinese, by element name
// (click selects); and every menu in Chinese in Chinese mode and in English in English mode.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';
import { openGroup, propertiesPanel, selectElement } from './properties-panel.js';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:modeler="http://camunda.org/schema/modeler/1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0" targetNamespace="http://bpmn.io/schema/bpmn"`;

/** One user task without a form. */
const WITH_USER_TASK = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_NewForm">
  <bpmn:process id="mediation" name="邻里调解" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Task_Record" name="调解登记"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End" name="结束"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_Record" />
    <bpmn:sequenceFlow id="F2" sourceRef="Task_Record" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_NewForm">
    <bpmndi:BPMNPlane id="Plane_NewForm" bpmnElement="mediation">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="182" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Record_di" bpmnElement="Task_Record"><dc:Bounds x="200" y="160" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="362" y="182" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="136" y="200" /><di:waypoint x="200" y="200" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="300" y="200" /><di:waypoint x="362" y="200" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

/** A Camunda 8 file with a Camunda 7 leftover on a service task, and an ad-hoc subprocess of two checks. */
const WITH_AD_HOC = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_AdHoc">
  <bpmn:process id="spot-check" name="按需核查" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="Task_Sync" name="同步数据" camunda:asyncBefore="true">
      <bpmn:extensionElements><zeebe:taskDefinition type="sync" /></bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:adHocSubProcess id="AdHoc_Check" name="按需核查">
      <bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing>
      <bpmn:serviceTask id="Task_Visit" name="上门核查"><bpmn:extensionElements><zeebe:taskDefinition type="visit" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:serviceTask id="Task_Call" name="电话核查"><bpmn:extensionElements><zeebe:taskDefinition type="call" /></bpmn:extensionElements></bpmn:serviceTask>
    </bpmn:adHocSubProcess>
    <bpmn:endEvent id="End" name="结束"><bpmn:incoming>F3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_Sync" />
    <bpmn:sequenceFlow id="F2" sourceRef="Task_Sync" targetRef="AdHoc_Check" />
    <bpmn:sequenceFlow id="F3" sourceRef="AdHoc_Check" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_AdHoc">
    <bpmndi:BPMNPlane id="Plane_AdHoc" bpmnElement="spot-check">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="202" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Sync_di" bpmnElement="Task_Sync"><dc:Bounds x="190" y="180" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="AdHoc_Check_di" bpmnElement="AdHoc_Check" isExpanded="true"><dc:Bounds x="340" y="120" width="300" height="200" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Visit_di" bpmnElement="Task_Visit"><dc:Bounds x="370" y="180" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Call_di" bpmnElement="Task_Call"><dc:Bounds x="510" y="180" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="702" y="202" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="136" y="220" /><di:waypoint x="190" y="220" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="290" y="220" /><di:waypoint x="340" y="220" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F3_di" bpmnElement="F3"><di:waypoint x="640" y="220" /><di:waypoint x="702" y="220" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

const CJK = /[\u4e00-\u9fff]/;
/** Words of English in a text: three Latin letters in a row, other than the names of standards and products. */
const ENGLISH = /[A-Za-z]{3,}/;
const NAMES = /\b(FEEL|DMN|BPMN|Camunda|XML|JSON)\b/g;
const english = (text: string) => ENGLISH.test(text.replace(NAMES, ''));

/** Titles and texts of the menu entries matched by `selector` (a tooltip title where the entry is an icon). */
async function entryTexts(page: Page, selector: string): Promise<string[]> {
  return page
    .locator(selector)
    .evaluateAll((nodes) =>
      nodes
        .map((n) => (n.getAttribute('title') || n.getAttribute('aria-label') || n.textContent || '').trim())
        .filter((s) => s.length > 0),
    );
}

/** Opens each closed group of the panel, so that its fields (and their tooltips: the FEEL switch, the help) are drawn. */
async function openEveryGroup(page: Page): Promise<void> {
  const closed = page.locator('.properties-host .bio-properties-panel-group-header:not(.open)');
  for (let left = await closed.count(); left > 0; left--) {
    await closed.first().click();
    const remaining = await closed.count();
    if (remaining >= left) break; // a group that does not open (nothing in it)
  }
}

describe.skipIf(!browserAvailable())('the process designer’s flows in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  let admin: string;

  const importDiagram = async (name: string, xml: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'civicflow-flows-')), name);
    writeFileSync(file, xml);
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('opened').getByText('新流程（未部署）').waitFor();
  };

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    page.setDefaultTimeout(15_000);
    page.on('dialog', (d) => void d.accept()); // leaving a changed diagram asks first
    admin = await rt.login('admin');
    await signIn(page, rt.url, 'towna-admin');
    await page.locator('[data-process="appeal-loop@city"]').waitFor();
  });

  it('makes a new form from the form picker, deploys it and has it picked for the task', async () => {
    await importDiagram('mediation.bpmn', WITH_USER_TASK);
    await selectElement(page, 'Task_Record');
    const form = await openGroup(page, '表单');
    await form.getByRole('button', { name: '新建表单' }).click();
    const dialog = page.getByRole('dialog', { name: '新建表单' });
    await dialog.getByLabel('新表单名称').fill('邻里纠纷调解记录');
    await dialog.getByRole('button', { name: '添加字段' }).click();
    await dialog.getByLabel('字段名称').fill('调解结果');
    await dialog.getByRole('button', { name: '部署并选用' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('已部署表单「邻里纠纷调解记录」，并已选为此任务的办理表单').waitFor();
    const picker = form.getByLabel('办理表单');
    await expect
      .poll(() =>
        picker.evaluate(
          (s) => (s as unknown as { selectedOptions: Array<{ textContent: string }> }).selectedOptions[0]?.textContent,
        ),
      )
      .toBe('邻里纠纷调解记录');
    const forms = await rt.request('GET', '/api/form-definitions?tenant=town-a&latest=true', { token: admin });
    const created = (forms.body as Array<{ key: string; name: string; tenant: string }>).find(
      (f) => f.name === '邻里纠纷调解记录',
    );
    expect(created?.tenant).toBe('town-a');
    await expect(picker.inputValue()).resolves.toBe(created!.key);
  });

  it('sets up an ad-hoc subprocess through its own group, in Chinese', async () => {
    await importDiagram('spot-check.bpmn', WITH_AD_HOC);
    await selectElement(page, 'AdHoc_Check');
    const adHoc = await openGroup(page, '按需办理（临时子流程）');
    await adHoc.getByText('要启动的步骤（编号列表）').waitFor();
    await adHoc.getByText('完成条件').waitFor();
    await adHoc.getByText('输出集合').waitFor();
    const active = adHoc.locator('[data-entry-id="activeElements-activeElementsCollection"] [contenteditable="true"]');
    await active.click();
    await page.keyboard.type('["Task_Visit"]');
    await adHoc.getByLabel('完成时取消其余进行中的步骤').uncheck();
    // Nothing of the library's ad-hoc groups is shown apart, nor in English.
    await expect.poll(() => propertiesPanel(page).getByText('Active elements', { exact: false }).count()).toBe(0);
  });

  it('deploys and lists the server’s warnings in Chinese by element name; a click selects the element', async () => {
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：流程「按需核查」版本 1（A镇综治中心）').waitFor();
    const warnings = page.getByRole('region', { name: /^已部署，服务器提醒 \d+ 条（不影响办理）$/ });
    const leftover = warnings.locator('li[data-code="CAMUNDA7_IGNORED"]');
    await leftover.getByText('已忽略 Camunda 7 的遗留属性').waitFor();
    await leftover.getByText('camunda:asyncBefore 是 Camunda 7 的设置，Camunda 8 与本系统都不使用它').waitFor();
    await page.keyboard.press('Escape');
    await leftover.getByRole('button', { name: '「同步数据」' }).click();
    await page.locator('.djs-element.selected[data-element-id="Task_Sync"]').waitFor();
    // What the panel set is what was deployed.
    const [deployed] = (
      await rt.request('GET', '/api/process-definitions?key=spot-check&tenant=town-a', { token: admin })
    ).body as Array<{ id: string }>;
    const xml = await fetch(`${rt.url}/api/process-definitions/${deployed!.id}/xml`, {
      headers: { authorization: `Bearer ${admin}` },
    }).then((r) => r.text());
    expect(xml).toMatch(/<zeebe:adHoc activeElementsCollection="=\[(&#34;|&quot;|")Task_Visit(&#34;|&quot;|")\]"/);
    expect(xml).toMatch(/cancelRemainingInstances="false"/);
  });

  /** Every menu of the canvas and the panel, with what each entry says. */
  const menus = async () => {
    const texts: Record<string, string[]> = {};
    texts.palette = await entryTexts(page, '.djs-palette .entry');
    await selectElement(page, 'Task_Sync');
    texts.contextPad = await entryTexts(page, '.djs-context-pad .entry');
    await page.locator('.djs-context-pad .entry[data-action="replace"]').click();
    await page.locator('.djs-popup').waitFor();
    texts.replace = await entryTexts(page, '.djs-popup .entry, .djs-popup-header .entry, .djs-popup-title');
    await page.keyboard.press('Escape');
    await page.locator('.djs-popup').waitFor({ state: 'detached' });
    const append = page.locator('.djs-context-pad .entry[data-action="append.append-element"]');
    if ((await append.count()) > 0) {
      await append.click();
      await page.locator('.djs-popup').waitFor();
      texts.append = await entryTexts(page, '.djs-popup .entry, .djs-popup-title');
      await page.keyboard.press('Escape');
      await page.locator('.djs-popup').waitFor({ state: 'detached' });
    }
    texts.panel = [];
    texts.panelTooltips = [];
    for (const id of ['Task_Sync', 'AdHoc_Check', 'End']) {
      await selectElement(page, id);
      await openEveryGroup(page);
      texts.panelTooltips.push(...(await entryTexts(page, '.properties-host [title]')));
      texts.panel.push(
        ...(await entryTexts(
          page,
          '.properties-host .bio-properties-panel-group-header-title, .properties-host .bio-properties-panel-header-type, .properties-host .bio-properties-panel-label',
        )),
      );
    }
    await page.getByRole('button', { name: /^(模拟运行|Simulate)$/ }).click();
    texts.simulation = await entryTexts(page, '.bts-palette .entry, .bts-toggle-mode, .bts-context-pad');
    await page.getByRole('button', { name: /^(结束模拟|Stop simulating)$/ }).click();
    return texts;
  };

  it('says every menu in Chinese in Chinese mode', async () => {
    const texts = await menus();
    expect(texts.panel).toContain('执行监听器'); // the engine runs them: offered, in Chinese
    for (const [menu, list] of Object.entries(texts)) {
      expect(list.length, menu).toBeGreaterThan(0);
      expect(
        list.filter((s) => english(s) || !CJK.test(s)),
        menu,
      ).toEqual([]);
    }
  });

  it('says every menu in English in English mode', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Deploy', exact: true }).waitFor();
    const texts = await menus();
    expect(texts.panel).toContain('Execution listeners');
    for (const [menu, list] of Object.entries(texts)) {
      expect(list.length, menu).toBeGreaterThan(0);
      expect(
        list.filter((s) => CJK.test(s) && !/同步数据|按需核查|结束/.test(s)),
        menu,
      ).toEqual([]);
    }
    await page.getByRole('button', { name: '中文' }).click();
  });
});
