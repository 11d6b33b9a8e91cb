// `npm run screenshots` (tooling, beside the browser tests): the README's pictures (docs/designer.png: A镇's
// administrator adjusting the city's appeal loop; docs/inbox.png: a window clerk's inbox; docs/dashboard.png: a
// supervisor's dashboard, with its views docs/dashboard-figures.png (统计表) and docs/dashboard-bulletin.png (月度通报);
// docs/case.png and docs/case-files.png: 一案一卷, a case opened from 案件查询 (diagram, timeline, attachments);
// docs/supervision.png and docs/supervision-order.png: a 督办单 under 督办 in the inbox and answered on the case page;
// docs/countersign.png: a 会签's vote summary; docs/enterprises.png (with 下载PDF) and docs/intake.png: 一企一码;
// docs/forms.png: the form designer; docs/rules.png: the rules editor; docs/calendar.png: the business calendar;
// docs/admin.png: 系统管理, with its sub-tabs docs/admin-departments.png, docs/admin-tenants.png,
// docs/admin-policies.png, docs/admin-channels.png and docs/admin-attachments.png (附件规则); docs/incidents.png:
// 故障案件), taken in headless Chromium from a fresh server with the examples loaded.
import { join } from 'node:path';
import { STUCK_PROCESS_BPMN, STUCK_PROCESS_KEY } from '../runtime/testing/stuck-case.js';
import { launchBrowser, signIn, startAppRuntime } from './browser.js';
import { countersignBpmn } from '../runtime/testing/countersign-bpmn.js';
import { openGroup, selectElement } from './properties-panel.js';
import { readFileSync } from 'node:fs';

const out = join(import.meta.dirname, '..', 'docs', 'designer.png');
const inboxOut = join(import.meta.dirname, '..', 'docs', 'inbox.png');
const dashboardOut = join(import.meta.dirname, '..', 'docs', 'dashboard.png');
const enterprisesOut = join(import.meta.dirname, '..', 'docs', 'enterprises.png');
const intakeOut = join(import.meta.dirname, '..', 'docs', 'intake.png');
const formsOut = join(import.meta.dirname, '..', 'docs', 'forms.png');
const rulesOut = join(import.meta.dirname, '..', 'docs', 'rules.png');
const calendarOut = join(import.meta.dirname, '..', 'docs', 'calendar.png');
const adminOut = join(import.meta.dirname, '..', 'docs', 'admin.png');
const adminSubOut = (name: string) => join(import.meta.dirname, '..', 'docs', `admin-${name}.png`);
const incidentsOut = join(import.meta.dirname, '..', 'docs', 'incidents.png');
const figuresOut = join(import.meta.dirname, '..', 'docs', 'dashboard-figures.png');
const bulletinOut = join(import.meta.dirname, '..', 'docs', 'dashboard-bulletin.png');
const caseOut = join(import.meta.dirname, '..', 'docs', 'case.png');
const supervisionOut = join(import.meta.dirname, '..', 'docs', 'supervision.png');
const supervisionOrderOut = join(import.meta.dirname, '..', 'docs', 'supervision-order.png');
const caseFilesOut = join(import.meta.dirname, '..', 'docs', 'case-files.png');
const countersignOut = join(import.meta.dirname, '..', 'docs', 'countersign.png');
const panelOut = join(import.meta.dirname, '..', 'docs', 'designer-panel.png');
const conditionOut = join(import.meta.dirname, '..', 'docs', 'designer-condition.png');
const simulationOut = join(import.meta.dirname, '..', 'docs', 'designer-simulation.png');
const diffOut = join(import.meta.dirname, '..', 'docs', 'designer-diff.png');
const leaveProxyOut = join(import.meta.dirname, '..', 'docs', 'leave-proxy.png');
const processMapOut = join(import.meta.dirname, '..', 'docs', 'dashboard-process-map.png');
// A镇's own copy of the city's appeal loop (a step renamed, as is 回访) and the city's next version (受理登记 renamed,
// 回访 too), as in test/versions.browser.test.ts.
const CITY_V1 = readFileSync(join(import.meta.dirname, '..', 'examples', 'appeal', 'appeal-loop.bpmn'), 'utf8');
const CITY_V2 = CITY_V1.replace('name="受理登记"', 'name="受理登记并核实"').replace('name="回访"', 'name="电话回访"');
const TOWN_COPY = CITY_V1.replace('name="人社局办理"', 'name="镇劳动保障所办理"').replace(
  'name="回访"',
  'name="镇村干部回访"',
);
// A 会签 of three departments, passed when two thirds have signed.
const JOINT_SIGN_BPMN = countersignBpmn(['rs1', 'zj1', 'zz1']);
const rt = await startAppRuntime();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, locale: 'zh-CN' });
  await signIn(page, rt.url, 'towna-admin');
  await page.locator('[data-process="appeal-loop@city"]').click();
  await page.locator('.djs-element[data-element-id="Task_HandleLabour"]').first().waitFor();
  await page.locator('.djs-element[data-element-id="Task_HandleLabour"]').first().click();
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);

  // The properties panel of that step: its deadline with the live preview, its field permissions.
  await selectElement(page, 'Task_HandleLabour');
  const deadline = await openGroup(page, '时限与预警');
  // Typed in words, as an administrator would (not deployed).
  await deadline.getByLabel('办理时限').fill('5个工作日');
  await deadline.getByLabel('到期前预警').fill('1个工作日');
  await deadline
    .getByTestId('deadline-preview')
    .getByText(/^今天受理 → .* 到期（\d+个工作日）$/)
    .waitFor();
  await deadline.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.screenshot({ path: panelOut });
  console.log(`wrote ${panelOut}`);

  // The condition builder on the gateway's 劳动纠纷 branch: field, 等于, value, and the FEEL it wrote (not deployed).
  await page.locator('.djs-element[data-element-id="Flow_Labour_label"]').click();
  const condition = await openGroup(page, '分支条件');
  const clause = condition.getByRole('group', { name: '条件 1', exact: true });
  await clause.getByLabel('条件 1 的比较方式').waitFor();
  await condition.getByText('表达式：=category = "劳动纠纷"').waitFor();
  await condition.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.screenshot({ path: conditionOut });
  console.log(`wrote ${conditionOut}`);

  // 模拟运行: a token started at the start event, on its way through the loop.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '模拟运行' }).click();
  await page.getByRole('button', { name: '结束模拟' }).waitFor();
  await page.getByTitle('触发事件').first().click();
  await page.locator('.bts-token').first().waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: simulationOut });
  console.log(`wrote ${simulationOut}`);
  await page.getByRole('button', { name: '结束模拟' }).click();
  page.once('dialog', (d) => void d.accept()); // the deadline typed above is left undeployed

  // The form designer: the intake form with a field added, and its preview.
  await page.getByRole('button', { name: '表单设计' }).click();
  await page.locator('[data-form="appeal-intake@city"]').click();
  await page.getByRole('button', { name: '添加字段' }).click();
  await page.locator('.field-row').last().getByLabel('字段名称').fill('涉及人数');
  await page.locator('.field-row').last().getByLabel('类型').selectOption('number');
  await page.getByLabel('预览').getByLabel('涉及人数').waitFor();
  await page.screenshot({ path: formsOut });
  console.log(`wrote ${formsOut}`);

  // The rules editor (dmn-js): the 派单目录, one row re-routed with the department picker, a cell unfinished.
  await page.getByRole('button', { name: '规则设计' }).click();
  await page.locator('[data-decision="referral@city"]').click();
  const cell = (rule: string, column: string) =>
    page.locator(`.rules-editor td[data-row-id="${rule}"][data-col-id="${column}"]`);
  await cell('Rule_04', 'Output_Department').click();
  await page
    .getByRole('combobox', { name: '选择部门：第 4 条规则的承办部门' })
    .selectOption({ label: '综治中心综合组' });
  await cell('Rule_04', 'Output_Deadline').click();
  await page.getByRole('region', { name: '所选单元格' }).getByLabel('办理时限 4').fill('"2 workDay');
  await page.getByRole('region', { name: '无法部署的单元格' }).waitFor();
  await page.screenshot({ path: rulesOut });
  console.log(`wrote ${rulesOut}`);

  // 一企一码: the township registers an enterprise; the code opens the appeal form on a phone.
  await page.getByRole('button', { name: '企业码' }).click();
  for (const [name, code] of [
    ['苏州某某化工有限公司', '91320581MA1W8K3X22'],
    ['A镇精密机械厂', '91320581MA1X2Y3W4T'],
  ]) {
    await page.getByLabel('企业名称').fill(name!);
    await page.getByLabel('统一社会信用代码').fill(code!);
    await page.getByRole('button', { name: '登记企业' }).click();
    await page.locator(`[data-enterprise="${name}"] img`).waitFor();
  }
  await page.screenshot({ path: enterprisesOut });
  console.log(`wrote ${enterprisesOut}`);
  const url = (await page.locator('[data-enterprise="苏州某某化工有限公司"] .intake-url').getAttribute('href'))!;
  const phone = await browser.newPage({ viewport: { width: 400, height: 760 }, deviceScaleFactor: 2, locale: 'zh-CN' });
  await phone.goto(url);
  await phone.getByRole('region', { name: '请选择您要办理的事项' }).getByRole('button', { name: '反映诉求' }).click();
  await phone.getByLabel('诉求人姓名').fill('赵六');
  await phone.getByLabel('联系电话').fill('13700001111');
  await phone.getByLabel('诉求类别').selectOption('环境污染');
  await phone.getByLabel('诉求内容').fill('园区道路积水影响车辆通行，请尽快处理');
  await phone.screenshot({ path: intakeOut });
  console.log(`wrote ${intakeOut}`);
  await phone.close();

  // The business calendar in December 2026: next year's schedule not loaded yet, January counted provisionally.
  await page.getByRole('button', { name: '日历' }).click();
  await page.getByRole('button', { name: '下个月' }).click();
  await page.getByRole('table', { name: '2027年1月' }).waitFor();
  await page.screenshot({ path: calendarOut });
  console.log(`wrote ${calendarOut}`);

  // 系统管理: the township's accounts.
  await page.getByRole('button', { name: '系统管理' }).click();
  await page.getByRole('form', { name: '新建用户' }).waitFor();
  await page.screenshot({ path: adminOut });
  console.log(`wrote ${adminOut}`);

  // Its sub-tabs: departments, the unit tree, the deadline rules (A镇 sets its own warning) and the intake channels.
  for (const [name, label] of [
    ['departments', '部门'],
    ['tenants', '组织架构'],
    ['policies', '时限规则'],
    ['channels', '受理渠道'],
    ['attachments', '附件规则'],
  ] as const) {
    await page.getByRole('button', { name: label, exact: true }).click();
    if (name === 'policies') {
      const rules = page.getByRole('region', { name: '时限规则' });
      await rules.getByRole('combobox').first().selectOption({ label: 'A镇综治中心' });
      const warning = rules
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: '环节未设预警时，何时亮黄灯并自动催办' }) });
      await warning.getByLabel('沿用上级单位').uncheck();
      await warning.getByLabel('预警方式').selectOption({ label: '个工作日（剩余）' });
      await warning.getByLabel('环节未设预警时，何时亮黄灯并自动催办').fill('2');
    }
    if (name === 'channels') await page.locator('tr[data-channel="web"]').waitFor();
    await page.waitForTimeout(300); // the section's data
    await page.screenshot({ path: adminSubOut(name) });
    console.log(`wrote ${adminSubOut(name)}`);
  }

  // 故障案件: a case of A镇 stopped at a decision because its amount is missing.
  const root = await rt.login('admin');
  await rt.request('POST', '/api/deployments', {
    token: root,
    body: { tenant: 'town-a', resources: [{ name: 'amount-routing.bpmn', content: STUCK_PROCESS_BPMN }] },
  });
  await rt.request('POST', '/api/process-instances', {
    token: root,
    body: { processKey: STUCK_PROCESS_KEY, tenant: 'town-a', businessKey: 'GD-0042', variables: { applicant: '张三' } },
  });
  await page.getByRole('button', { name: '故障案件' }).click();
  await page
    .getByRole('region', { name: '处理中断的案件' })
    .getByRole('button', { name: /金额判断/ })
    .click();
  await page.locator('[data-testid="case-diagram"] [data-element-id="Gateway_Amount"].case-incident').waitFor();
  await page.screenshot({ path: incidentsOut });
  console.log(`wrote ${incidentsOut}`);

  // The inbox: a window clerk with a new appeal's intake form.
  const admin = await rt.login('admin');
  await rt.request('POST', '/api/process-instances', {
    token: admin,
    body: { processKey: 'appeal-loop', tenant: 'town-a', businessKey: 'A-2026-001' },
  });
  await page.getByRole('button', { name: '退出' }).click();
  await signIn(page, rt.url, 'window1');
  await page.locator('[data-task="Task_Receive"]').click();
  await page.getByRole('button', { name: '签收', exact: true }).click();
  await page.getByLabel('诉求人姓名').fill('张三');
  await page.getByLabel('诉求类别').selectOption('劳动纠纷');
  await page.screenshot({ path: inboxOut });
  console.log(`wrote ${inboxOut}`);

  // The dashboard: a few more appeals, three days later, as the city's dispatcher (a supervisor).
  for (const [tenant, category] of [
    ['town-a', '物业纠纷'],
    ['street-b', '劳动纠纷'],
    ['park', null],
    ['town-a-east', '其他'],
  ] as const) {
    const c = (
      await rt.request('POST', '/api/process-instances', { token: admin, body: { processKey: 'appeal-loop', tenant } })
    ).body as { id: string };
    if (!category) continue;
    const [intake] = (await rt.request('GET', `/api/tasks?processInstanceId=${c.id}`, { token: admin })).body as Array<{
      id: string;
    }>;
    await rt.request('POST', `/api/tasks/${intake!.id}/complete`, {
      token: admin,
      body: {
        variables: {
          applicantName: '李四',
          phone: '13900000000',
          category,
          description: '诉求内容示例文字',
          channel: '小程序',
        },
      },
    });
  }
  await rt.request('POST', '/api/admin/clock', { token: admin, body: { advance: 'P2DT12H' } });
  await page.getByRole('button', { name: '退出' }).click();
  await signIn(page, rt.url, 'dispatcher1');
  await page.getByRole('button', { name: '看板' }).click();
  await page.getByRole('img', { name: '各部门在办案件与超期案件（件）' }).locator('svg').waitFor();
  await page.waitForTimeout(1200); // the charts' entry animation
  await page.screenshot({ path: dashboardOut });
  console.log(`wrote ${dashboardOut}`);

  // Its 统计表 (the month's appeals by unit, with the trend) and 月度通报 views.
  await page.getByRole('button', { name: '统计表' }).click();
  await page.getByLabel('分组').selectOption({ label: '单位' });
  await page.getByRole('cell', { name: 'A镇综治中心' }).first().waitFor();
  await page.getByRole('img', { name: '受理与办结趋势' }).locator('svg').getByText('受理').first().waitFor();
  await page.waitForTimeout(1200); // the chart's entry animation
  await page.screenshot({ path: figuresOut });
  console.log(`wrote ${figuresOut}`);
  await page.getByRole('button', { name: '月度通报' }).click();
  await page.getByRole('heading', { name: /群众诉求办理情况通报/ }).waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: bulletinOut });
  console.log(`wrote ${bulletinOut}`);
  // 流程监控: the appeal loop's diagram with where its cases stand.
  await page.getByRole('button', { name: '流程监控' }).click();
  const mapPicker = page.locator('.map-pickers select').first();
  await mapPicker.waitFor();
  await mapPicker.selectOption((await mapPicker.locator('option', { hasText: '诉求受理闭环' }).getAttribute('value'))!);
  await page.locator('.map-diagram .map-badge').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: processMapOut });
  console.log(`wrote ${processMapOut}`);

  // 一案一卷: a labour appeal registered by the window, claimed by 人社局 with a pay slip attached, found on 案件查询.
  const trackingNo = 'SQ20261207-0108';
  const caseId = (
    await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'city', businessKey: trackingNo },
    })
  ).body.id as string;
  const openTask = async () =>
    (
      (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}&status=open`, { token: admin })).body as Array<{
        id: string;
      }>
    )[0]!;
  await rt.request('POST', `/api/tasks/${(await openTask()).id}/complete`, {
    token: await rt.login('window1'),
    body: {
      variables: {
        applicantName: '孙七',
        phone: '13812345678',
        category: '劳动纠纷',
        description: '工地拖欠三个月工资未发放',
        channel: '窗口',
      },
    },
  });
  const rs1 = await rt.login('rs1');
  await rt.request('POST', `/api/tasks/${(await openTask()).id}/claim`, { token: rs1, body: {} });
  const slip = await browser.newPage();
  await slip.setContent('<h1 style="font-family:sans-serif">工资发放凭证</h1><p>2026年9月至11月工资明细</p>');
  const pdf = await slip.pdf({ format: 'A4' });
  await slip.close();
  const form = new FormData();
  form.append('file', new Blob([pdf]), '工资发放凭证.pdf');
  await rt.request('POST', `/api/cases/${caseId}/attachments`, { token: rs1, body: form });
  await page.getByRole('button', { name: '案件查询' }).click();
  await page.getByLabel('查询', { exact: true }).fill('5678');
  await page.getByRole('button', { name: '查询', exact: true }).click();
  await page.getByRole('link', { name: trackingNo }).click();
  await page.locator('.case-diagram [data-element-id="Task_HandleLabour"].case-active').waitFor();
  await page.getByRole('region', { name: '附件', exact: true }).getByText('工资发放凭证.pdf').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: caseOut });
  console.log(`wrote ${caseOut}`);
  await page.getByRole('region', { name: '附件', exact: true }).scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.screenshot({ path: caseFilesOut });
  console.log(`wrote ${caseFilesOut}`);

  // 督办: the supervisor issues a 督办单 on the case page; 人社局 finds it under 督办 in the inbox.
  await page.getByRole('button', { name: '退出' }).click();
  await signIn(page, rt.url, 'supervisor1');
  await page.goto(`${rt.url}/#/cases/${caseId}`);
  const orders = page.getByRole('region', { name: '督办单' });
  await orders.getByRole('button', { name: '发督办单' }).click();
  const issue = page.getByRole('dialog', { name: '发督办单' });
  await issue.getByLabel('督办要求').fill('群众反映久拖未办，请尽快整改并反馈');
  await issue.getByLabel('反馈期限').selectOption({ label: '3 个工作日' });
  await issue.getByRole('button', { name: '确定' }).click();
  await page.getByRole('status').getByText('督办单已发出').waitFor();
  await page.goto(`${rt.url}/#/`);
  await page.getByRole('button', { name: '退出' }).click();
  await signIn(page, rt.url, 'rs1');
  await page.getByRole('tab', { name: /^督办（\d+）$/ }).click();
  await page.getByRole('region', { name: '待我反馈' }).getByText(/孙七/).waitFor();
  await page.screenshot({ path: supervisionOut });
  console.log(`wrote ${supervisionOut}`);
  await page
    .getByRole('region', { name: '待我反馈' })
    .getByRole('link', { name: /群众反映久拖未办/ })
    .click();
  const reply = page.getByRole('region', { name: '督办单' }).getByRole('form', { name: '整改反馈' });
  await reply.getByLabel('整改情况').fill('已约谈企业，工资本周发放');
  await page.getByRole('region', { name: '督办单' }).scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.screenshot({ path: supervisionOrderOut });
  console.log(`wrote ${supervisionOrderOut}`);

  // 会签: a signer of a joint opinion reads who has signed and how.
  await rt.request('POST', '/api/deployments', {
    token: admin,
    body: { tenant: 'city', resources: [{ name: 'joint-sign.bpmn', content: JOINT_SIGN_BPMN }] },
  });
  const joint = (
    await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'joint-sign', tenant: 'city', businessKey: 'SQ20261207-0109' },
    })
  ).body.id as string;
  const signers = (await rt.request('GET', `/api/tasks?processInstanceId=${joint}`, { token: admin })).body as Array<{
    id: string;
    assignee: string | null;
  }>;
  await rt.request('POST', `/api/tasks/${signers.find((t) => t.assignee === 'rs1')!.id}/complete`, {
    token: rs1,
    body: { variables: { agree: true }, opinion: '同意联合处置' },
  });
  await page.getByRole('button', { name: '退出' }).click();
  await signIn(page, rt.url, 'zj1');
  await page.goto(`${rt.url}/#/cases/${joint}`);
  const votes = page.getByRole('region', { name: '会签情况' });
  await votes.getByText(/已签 1\/3/).waitFor();
  await votes.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.screenshot({ path: countersignOut });
  console.log(`wrote ${countersignOut}`);

  // Versions (taken last: A镇's own copy and the city's v2 would change the pictures above): A镇's copy, based on the
  // city's v1, its own changes listed and coloured, and the city's v2 with what changed upstream (同步市级更新).
  for (const [username, tenant, content, comment] of [
    ['towna-admin', 'town-a', TOWN_COPY, 'A镇劳动纠纷由劳动保障所办理'],
    ['city-admin', 'city', CITY_V2, '受理时核实诉求人信息'],
  ] as const) {
    await rt.request('POST', '/api/deployments', {
      token: await rt.login(username),
      body: { tenant, comment, resources: [{ name: 'appeal-loop.bpmn', content }] },
    });
  }
  await page.goto(`${rt.url}/#/`);
  await page.getByRole('button', { name: '退出' }).click();
  await signIn(page, rt.url, 'towna-admin');
  await page.locator('[data-process="appeal-loop@town-a"]').click();
  // The deadline typed into the city's loop above was kept as a draft of appeal-loop: not this picture's subject.
  const discard = page.getByRole('button', { name: '丢弃草稿' });
  if (
    await discard.waitFor({ timeout: 5000 }).then(
      () => true,
      () => false,
    )
  ) {
    await discard.click();
    await discard.waitFor({ state: 'detached' });
  }
  const overlay = page.getByTestId('overlay-banner');
  await overlay.getByText('市级已更新到 v2').waitFor();
  await overlay.getByRole('region', { name: '市级在 v1 之后的变化' }).getByText('电话回访').waitFor();
  await page.locator('.djs-element.diff-changed[data-element-id="Task_HandleLabour"]').waitFor();
  // The banner takes the canvas' top: the diagram zoomed out two steps and moved to fit below it, right of the palette.
  const canvas = (await page.locator('.djs-container').first().boundingBox())!;
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + 60);
  for (let step = 0; step < 2; step++) {
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, 8);
    await page.keyboard.up('Control');
    await page.waitForTimeout(300);
  }
  const palette = (await page.locator('.djs-palette').first().boundingBox())!;
  const start = (await page.locator('.djs-element[data-element-id="StartEvent_Appeal"]').first().boundingBox())!;
  const urge = (await page.locator('.djs-element[data-element-id="Task_Urge"]').first().boundingBox())!;
  const history = (await page.getByRole('heading', { name: '版本历史' }).boundingBox())!;
  await page.mouse.wheel(start.x - (palette.x + palette.width + 60), urge.y + urge.height - (history.y - 60));
  await page.waitForTimeout(300);
  await page.screenshot({ path: diffOut });
  console.log(`wrote ${diffOut}`);

  // 离岗代理: 人社局 张敏 names her colleague 李四 for next week, from the header.
  await page.goto(rt.url);
  await page.getByRole('button', { name: '退出' }).click();
  await signIn(page, rt.url, 'rs1');
  await page.getByRole('button', { name: '离岗代理' }).click();
  const leave = page.getByRole('dialog', { name: '离岗代理' });
  await leave.getByLabel('代理人').fill('李四');
  await leave.getByRole('button', { name: /^人社局 李四/ }).click();
  await leave.getByLabel('结束日期（不填则直到取消）').fill(await leave.getByLabel('开始日期').inputValue());
  await leave.getByLabel('事由（选填）').fill('外出参加业务培训');
  await page.waitForTimeout(300);
  await page.screenshot({ path: leaveProxyOut });
  console.log(`wrote ${leaveProxyOut}`);
} finally {
  await browser.close();
  await rt.stop();
}
