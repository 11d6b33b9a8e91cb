// The library's 输入映射 / 输出映射 lists in the properties panel (real Chromium): each mapping is headed by the
// variable it writes, a field of one of the process' forms by its label with the name after it
// (「申请金额（amount）」), another variable by its name.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { STUCK_FORM } from '../runtime/testing/stuck-case.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';
import { propertiesPanel, selectElement } from './properties-panel.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_Mappings" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="amount-mappings" name="金额核定" isExecutable="true">
    <bpmn:startEvent id="Start" name="登记"><bpmn:extensionElements><zeebe:formDefinition formId="amount-apply" /></bpmn:extensionElements><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="Task_Assess" name="核定金额">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="civic.noop" />
        <zeebe:ioMapping>
          <zeebe:input source="=amount" target="amount" />
          <zeebe:input source="=&quot;高&quot;" target="riskLevel" />
          <zeebe:output source="=amount * 0.9" target="amount" />
          <zeebe:output source="=riskLevel" target="riskLevel" />
        </zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="End" name="办结"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_Assess" />
    <bpmn:sequenceFlow id="F2" sourceRef="Task_Assess" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_Mappings">
    <bpmndi:BPMNPlane id="Plane_Mappings" bpmnElement="amount-mappings">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="182" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Assess_di" bpmnElement="Task_Assess"><dc:Bounds x="200" y="160" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="372" y="182" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="136" y="200" /><di:waypoint x="200" y="200" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="300" y="200" /><di:waypoint x="372" y="200" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

/** Opens a list group of the panel (its items shown) by its title. */
async function openList(page: Page, title: string): Promise<Locator> {
  const group = propertiesPanel(page)
    .locator('.bio-properties-panel-group')
    .filter({ has: page.locator('.bio-properties-panel-group-header-title', { hasText: new RegExp(`^${title}$`) }) });
  const header = group.locator('.bio-properties-panel-group-header');
  if (!((await header.getAttribute('class')) ?? '').includes('open')) await header.click();
  await group.locator('.bio-properties-panel-list-item').first().waitFor();
  return group;
}

/** The headers of a mapping list, as shown. */
const headers = (group: Locator) =>
  group.locator('.bio-properties-panel-collapsible-entry-header-title').allTextContents();

describe.skipIf(!browserAvailable())('mappings headed in words', () => {
  let rt: TestRuntime;
  let page: Page;

  useBrowserApp((app) => {
    ({ rt, page } = app);
  });

  it('heads a mapping of a form field by its label and the variable, another by the variable', async () => {
    const deployed = await rt.request('POST', '/api/deployments', {
      token: await rt.login('admin'),
      body: { tenant: 'city', resources: [{ name: 'amount-mappings.bpmn', content: BPMN }, STUCK_FORM] },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);

    await signIn(page, rt.url, 'city-admin');
    await page.locator('[data-process="amount-mappings@city"]').click();
    await selectElement(page, 'Task_Assess');
    const inputs = await openList(page, '输入映射');
    await expect.poll(() => headers(inputs)).toEqual(['申请金额（amount）', 'riskLevel']);
    // The variable stays set apart as code, as the library writes it.
    await expect(
      inputs.locator('.bio-properties-panel-collapsible-entry-header-title > code').allTextContents(),
    ).resolves.toEqual(['amount', 'riskLevel']);
    const outputs = await openList(page, '输出映射');
    await expect.poll(() => headers(outputs)).toEqual(['申请金额（amount）', 'riskLevel']);

    // Renamed in the mapping, the header follows: a field of the form by its label.
    await inputs.locator('.bio-properties-panel-collapsible-entry-header').nth(1).click();
    const target = inputs.getByRole('textbox', { name: '局部变量名' });
    await target.fill('applicant');
    await target.press('Tab');
    await expect.poll(() => headers(inputs)).toEqual(['申请金额（amount）', '申请人（applicant）']);
  });
});
