// The process designer's properties panel as a township administrator uses it: a small process
// imported with nothing configured, then everything the engine needs set through the panel (no
// XML, no FEEL typed): a service task, 会签 by two departments with a 2/3 ratio and field
// permissions, a timer boundary, a message catch, a condition built from the intake form; the
// deadline preview across National Day; then deployed, and the deployed XML carries it all.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';
import { openGroup, propertiesPanel, selectElement } from './properties-panel.js';

/** The library's execution-listeners group, by its title in Chinese. */
const listenersGroup = (page: Page) =>
  propertiesPanel(page)
    .locator('[data-group-id="group-Zeebe__ExecutionListeners"]')
    .filter({ has: page.locator('.bio-properties-panel-group-header-title', { hasText: /^执行监听器$/ }) });

const SKELETON = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_Panel" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="panel-check" name="联合会办" isExecutable="true">
    <bpmn:startEvent id="Start" name="开始"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Task_Intake" name="受理登记"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:userTask>
    <bpmn:serviceTask id="Task_Check" name="信息核验"><bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:userTask id="Task_Sign" name="联合会签"><bpmn:incoming>F3</bpmn:incoming><bpmn:outgoing>F4</bpmn:outgoing></bpmn:userTask>
    <bpmn:boundaryEvent id="Timer_Sign" name="会签超时" attachedToRef="Task_Sign"><bpmn:outgoing>F8</bpmn:outgoing><bpmn:timerEventDefinition id="TimerDef_Sign" /></bpmn:boundaryEvent>
    <bpmn:intermediateCatchEvent id="Catch_Reply" name="等待补充材料"><bpmn:incoming>F4</bpmn:incoming><bpmn:outgoing>F5</bpmn:outgoing><bpmn:messageEventDefinition id="MessageDef_Reply" /></bpmn:intermediateCatchEvent>
    <bpmn:businessRuleTask id="Task_Rule" name="查派单目录"><bpmn:incoming>F5</bpmn:incoming><bpmn:outgoing>F9</bpmn:outgoing></bpmn:businessRuleTask>
    <bpmn:exclusiveGateway id="Gateway_Kind" name="是否劳动纠纷" default="F7"><bpmn:incoming>F9</bpmn:incoming><bpmn:outgoing>F6</bpmn:outgoing><bpmn:outgoing>F7</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:endEvent id="End_Labour" name="转劳动仲裁"><bpmn:incoming>F6</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="End_Other" name="办结"><bpmn:incoming>F7</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="End_Late" name="超时上报"><bpmn:incoming>F8</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_Intake" />
    <bpmn:sequenceFlow id="F2" sourceRef="Task_Intake" targetRef="Task_Check" />
    <bpmn:sequenceFlow id="F3" sourceRef="Task_Check" targetRef="Task_Sign" />
    <bpmn:sequenceFlow id="F4" sourceRef="Task_Sign" targetRef="Catch_Reply" />
    <bpmn:sequenceFlow id="F5" sourceRef="Catch_Reply" targetRef="Task_Rule" />
    <bpmn:sequenceFlow id="F9" sourceRef="Task_Rule" targetRef="Gateway_Kind" />
    <bpmn:sequenceFlow id="F6" name="劳动纠纷" sourceRef="Gateway_Kind" targetRef="End_Labour" />
    <bpmn:sequenceFlow id="F7" name="其他" sourceRef="Gateway_Kind" targetRef="End_Other" />
    <bpmn:sequenceFlow id="F8" sourceRef="Timer_Sign" targetRef="End_Late" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_Panel">
    <bpmndi:BPMNPlane id="Plane_Panel" bpmnElement="panel-check">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="182" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Intake_di" bpmnElement="Task_Intake"><dc:Bounds x="180" y="160" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Check_di" bpmnElement="Task_Check"><dc:Bounds x="330" y="160" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Sign_di" bpmnElement="Task_Sign"><dc:Bounds x="480" y="160" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Timer_Sign_di" bpmnElement="Timer_Sign"><dc:Bounds x="542" y="222" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Catch_Reply_di" bpmnElement="Catch_Reply"><dc:Bounds x="632" y="182" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Rule_di" bpmnElement="Task_Rule"><dc:Bounds x="710" y="160" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Gateway_Kind_di" bpmnElement="Gateway_Kind" isMarkerVisible="true"><dc:Bounds x="855" y="175" width="50" height="50" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_Labour_di" bpmnElement="End_Labour"><dc:Bounds x="982" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_Other_di" bpmnElement="End_Other"><dc:Bounds x="982" y="262" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_Late_di" bpmnElement="End_Late"><dc:Bounds x="632" y="322" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="F1_di" bpmnElement="F1"><di:waypoint x="136" y="200" /><di:waypoint x="180" y="200" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F2_di" bpmnElement="F2"><di:waypoint x="280" y="200" /><di:waypoint x="330" y="200" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F3_di" bpmnElement="F3"><di:waypoint x="430" y="200" /><di:waypoint x="480" y="200" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F4_di" bpmnElement="F4"><di:waypoint x="580" y="200" /><di:waypoint x="632" y="200" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F5_di" bpmnElement="F5"><di:waypoint x="668" y="200" /><di:waypoint x="710" y="200" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F9_di" bpmnElement="F9"><di:waypoint x="810" y="200" /><di:waypoint x="855" y="200" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F6_di" bpmnElement="F6"><di:waypoint x="880" y="175" /><di:waypoint x="880" y="120" /><di:waypoint x="982" y="120" />
        <bpmndi:BPMNLabel><dc:Bounds x="910" y="100" width="44" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F7_di" bpmnElement="F7"><di:waypoint x="880" y="225" /><di:waypoint x="880" y="280" /><di:waypoint x="982" y="280" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="F8_di" bpmnElement="F8"><di:waypoint x="560" y="258" /><di:waypoint x="560" y="340" /><di:waypoint x="632" y="340" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

describe.skipIf(!browserAvailable())('the properties panel in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  let admin: string;
  const setClock = async (now: string) => {
    const r = await rt.request('POST', '/api/admin/clock', { token: admin, body: { now } });
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  };

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    admin = await rt.login('admin');
  });

  it('opens an unconfigured process as a township administrator; the panel speaks Chinese', async () => {
    await setClock('2026-12-07T02:00:00.000Z');
    await signIn(page, rt.url, 'towna-admin');
    await page.locator('[data-process="appeal-loop@city"]').waitFor();
    const file = join(mkdtempSync(join(tmpdir(), 'civicflow-panel-')), 'panel-check.bpmn');
    writeFileSync(file, SKELETON);
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByTestId('opened').getByText('新流程（未部署）').waitFor();
    await selectElement(page, 'Task_Check');
    const panel = propertiesPanel(page);
    await panel.locator('.bio-properties-panel-header').getByText('服务任务').waitFor();
    // Only what the engine runs: execution listeners (in Chinese), no extension properties.
    await panel.getByText('任务定义', { exact: true }).waitFor();
    await listenersGroup(page).waitFor();
    await expect.poll(() => panel.getByText('Execution listeners').count()).toBe(0);
    await expect.poll(() => panel.getByText('Extension properties').count()).toBe(0);
  });

  it('adds an execution listener to the service task through the panel, every label in Chinese', async () => {
    const group = listenersGroup(page);
    // The group's header button moves while the panel sticks its headers (never "stable" for a pointer
    // click at the foot of the panel): the click is dispatched to it.
    await group.getByTitle('新增一项').dispatchEvent('click');
    const item = group.locator('.bio-properties-panel-list-item').first();
    await item.waitFor();
    await expect(group.locator('.bio-properties-panel-list-item').count()).resolves.toBe(1);
    await item.getByLabel('事件类型').selectOption({ label: '开始' });
    await item.getByLabel('作业类型').fill('audit-log');
    await item.getByLabel('重试次数').fill('3');
    await item.getByText('开始：audit-log', { exact: true }).waitFor();
    await item.getByText('任务头', { exact: true }).waitFor();
    const texts = await group
      .locator(
        '.bio-properties-panel-group-header-title, .bio-properties-panel-label, .bio-properties-panel-collapsible-entry-header-title, .bio-properties-panel-list-entry-header-title, .bio-properties-panel-add-entry-label, option, [title]:not(.bio-properties-panel-feel-icon)',
      )
      .evaluateAll((nodes) =>
        nodes.map((n) => (n.getAttribute('title') || n.textContent || '').trim()).filter((t) => t.length > 0),
      );
    expect(texts).toEqual(expect.arrayContaining(['执行监听器', '事件类型', '开始', '结束', '作业类型', '重试次数']));
    const untranslated = texts.filter((t) => {
      const words = t.replace(/audit-log|FEEL/g, '');
      return /[A-Za-z]{3,}/.test(words) || !/[\u4e00-\u9fff]/.test(words);
    });
    // (The library's FEEL switch keeps its English tooltip: it is given no translation, here as in every group.)
    expect(untranslated).toEqual([]);
    // Where the engine would refuse listeners the group is not offered: a boundary event, the process itself.
    await selectElement(page, 'Timer_Sign');
    await openGroup(page, '定时');
    await expect.poll(() => listenersGroup(page).count()).toBe(0);
    await selectElement(page, 'Task_Check');
    await listenersGroup(page).getByText('开始：audit-log', { exact: true }).waitFor({ state: 'attached' });
  });

  it('sets the service task its job type, the intake its form, through the panel', async () => {
    const definition = await openGroup(page, '任务定义');
    await definition.getByLabel('作业类型').fill('civic-check');
    await selectElement(page, 'Task_Intake');
    const form = await openGroup(page, '表单');
    await form.getByLabel('办理表单').selectOption({ label: '诉求受理登记（市综治中心）' });
  });

  it('makes 联合会签 a 会签 of three departments, done at 2/3, with a deadline previewed across National Day', async () => {
    await selectElement(page, 'Task_Sign');
    const sign = await openGroup(page, '会签');
    await sign.getByLabel('会签方式').selectOption({ label: '多个部门会签' });
    await sign.getByLabel('市人力资源和社会保障局', { exact: true }).check();
    await sign.getByLabel('市住房和城乡建设局', { exact: true }).check();
    await sign.getByLabel('综治中心综合组', { exact: true }).check();
    await sign.getByLabel('通过规则').selectOption({ label: '按比例签署' });
    await expect(sign.getByLabel('比例分子').inputValue()).resolves.toBe('2');
    await expect(sign.getByLabel('比例分母').inputValue()).resolves.toBe('3');
    // Each signer's task goes to that department.
    const assignment = await openGroup(page, '分配');
    await assignment.getByText('由会签或表达式决定：signer').waitFor();

    // A Wednesday, 09:00 in Beijing. 2027's schedule is not loaded: the provisional calendar keeps the
    // statutory days (10-01 … 10-03). Without them five working days would end on 10-06.
    await setClock('2027-09-29T01:00:00.000Z');
    const deadline = await openGroup(page, '时限与预警');
    await deadline.getByLabel('办理时限').fill('5个工作日');
    const preview = deadline.getByTestId('deadline-preview');
    const due = preview.getByText(/^今天受理 → 2027-10-(\d\d) \d\d:\d\d 到期（5个工作日）$/);
    await due.waitFor();
    const day = Number(/2027-10-(\d\d)/.exec((await due.textContent()) ?? '')![1]);
    expect(day).toBeGreaterThan(6);
    await preview.getByText(/2027 年的节假日安排尚未公布/).waitFor();
    await setClock('2026-12-07T02:00:00.000Z');
  });

  it('a 会签 step offers 加签 and 减签 among its operations; 减签 is turned off', async () => {
    const operations = await openGroup(page, '办理操作');
    await expect(operations.getByLabel('允许加签').isChecked()).resolves.toBe(true);
    await operations.getByLabel('允许减签').uncheck();
    // A 会签 is multi-instance: the engine runs no listeners on it, so none are offered.
    await expect.poll(() => listenersGroup(page).count()).toBe(0);
    await selectElement(page, 'Task_Intake');
    const operationsOfIntake = await openGroup(page, '办理操作');
    await expect.poll(() => operationsOfIntake.getByLabel('允许加签').count()).toBe(0);
    await selectElement(page, 'Task_Sign');
  });

  it('sets field permissions of 联合会签 as a grid over the intake form', async () => {
    const permissions = await openGroup(page, '字段权限');
    await expect(permissions.getByLabel('联系电话：只读').isChecked()).resolves.toBe(true); // earlier data: read-only by default
    await permissions.getByLabel('联系电话：隐藏').check();
    await permissions.getByLabel('诉求内容：必填').check();
  });

  it('gives the boundary timer a duration and the catch event its message', async () => {
    await selectElement(page, 'Timer_Sign');
    const timer = await openGroup(page, '定时');
    await timer.getByLabel('类型').selectOption({ label: '时长' });
    await timer.getByLabel('值').fill('P3D');
    await selectElement(page, 'Catch_Reply');
    const message = await openGroup(page, '消息');
    await message.getByLabel('消息', { exact: true }).selectOption({ label: '新建…' });
    await message.getByLabel('名称').fill('补充材料');
  });

  it('has the business rule task call the referral catalogue, picked from the decisions the township inherits', async () => {
    await selectElement(page, 'Task_Rule');
    const implementation = await openGroup(page, '实现方式');
    await implementation.getByLabel('实现方式').selectOption({ label: 'DMN 决策表' });
    const called = await openGroup(page, '调用的决策');
    await called
      .getByLabel('决策表')
      .selectOption({ label: '派单目录（诉求类别 → 承办部门、办理时限）（市综治中心）' });
    await called.getByLabel('结果变量').fill('referral');
  });

  it('builds the branch condition from the intake form without typing FEEL, and sees the FEEL it wrote', async () => {
    await page.locator('.djs-element[data-element-id="F6_label"]').click();
    const condition = await openGroup(page, '分支条件');
    await condition.getByRole('button', { name: '＋ 添加条件' }).click();
    const clause = condition.getByRole('group', { name: '条件 1', exact: true });
    await clause.getByLabel('条件 1 的字段').selectOption({ label: '诉求类别（诉求受理登记）' });
    await clause.getByLabel('条件 1 的比较方式').selectOption({ label: '等于' });
    await clause.getByLabel('条件 1 的值').selectOption({ label: '劳动纠纷' });
    await condition.getByText('表达式：=category = "劳动纠纷"').waitFor();
    await condition.getByRole('button', { name: '＋ 添加条件' }).click();
    const second = condition.getByRole('group', { name: '条件 2', exact: true });
    await second.getByLabel('条件 2 的字段').selectOption({ label: '来源渠道（诉求受理登记）' });
    await second.getByLabel('条件 2 的比较方式').selectOption({ label: '不等于' });
    await second.getByLabel('条件 2 的值').selectOption({ label: '电话' });
    await condition.getByLabel('条件之间').selectOption({ label: '或（满足其一）' });
    await condition.getByText('表达式：=category = "劳动纠纷" or channel != "电话"').waitFor();
  });

  it('deploys to the township, and the deployed XML carries every setting', async () => {
    await page.getByRole('button', { name: '部署', exact: true }).click();
    await page.getByRole('status').getByText('已部署：流程「联合会办」版本 1（A镇综治中心）').waitFor();
    const [deployed] = (
      await rt.request('GET', '/api/process-definitions?key=panel-check&tenant=town-a', { token: admin })
    ).body as Array<{ id: string }>;
    const xml = await fetch(`${rt.url}/api/process-definitions/${deployed!.id}/xml`, {
      headers: { authorization: `Bearer ${admin}` },
    }).then((r) => r.text());
    for (const expected of [
      /<zeebe:taskDefinition type="civic-check"/,
      /<zeebe:formDefinition formId="appeal-intake"/,
      /<bpmn:multiInstanceLoopCharacteristics>/,
      /<zeebe:loopCharacteristics inputCollection="=\[&#34;dept-rs&#34;, &#34;dept-zj&#34;, &#34;dept-zz&#34;\]" inputElement="signer"|<zeebe:loopCharacteristics inputCollection="=\[&quot;dept-rs&quot;, &quot;dept-zj&quot;, &quot;dept-zz&quot;\]" inputElement="signer"/,
      /numberOfCompletedInstances \/ numberOfInstances &gt;= 2 \/ 3/,
      /<zeebe:assignmentDefinition candidateGroups="=signer"/,
      /<civic:deadline duration="5个工作日"/,
      /<civic:taskOperations[^>]* removeSigners="false"/,
      /<civic:field name="phone" access="hidden"/,
      /<civic:field name="description" access="required"/,
      /<bpmn:timeDuration[^>]*>P3D<\/bpmn:timeDuration>/,
      /<bpmn:message id="[^"]+" name="补充材料"/,
      /<zeebe:calledDecision decisionId="referral" resultVariable="referral"/,
      /<bpmn:conditionExpression[^>]*>=category = &#34;劳动纠纷&#34; or channel != &#34;电话&#34;<\/bpmn:conditionExpression>|<bpmn:conditionExpression[^>]*>=category = "劳动纠纷" or channel != "电话"<\/bpmn:conditionExpression>/,
    ]) {
      expect(xml).toMatch(expected);
    }
    // The service task's start listener (its attributes in whatever order the Zeebe moddle writes them).
    const check = /<bpmn:serviceTask id="Task_Check"[\s\S]*?<\/bpmn:serviceTask>/.exec(xml)?.[0];
    expect(check).toMatch(
      /<zeebe:executionListeners>\s*<zeebe:executionListener(?=[^>]*\beventType="start")(?=[^>]*\btype="audit-log")(?=[^>]*\bretries="3")[^>]*\/>\s*<\/zeebe:executionListeners>/,
    );
  });
});
