// The dashboard's numbers and the case lists they open agree, in the three places they did not:
// 退单 by department (a department refusing one case twice refused one case, twice), 在办案件 per unit
// (a case called from an appeal is part of it: counted once, at the unit that received it), and a
// step without a name (a plain description, never its element id; its bar still opens its cases).
// Also one case with two overdue tasks at one department: one case overdue there. On both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const APPEAL = {
  applicantName: '吴九',
  phone: '13500008888',
  category: '物业纠纷',
  description: '楼道漏水已经一个月没人修',
};
const LABOUR = {
  applicantName: '陈九',
  phone: '13600004444',
  category: '劳动纠纷',
  description: '服装厂拖欠两个月工资',
};
/** Two unnamed steps at once for 人社局, due in a day. */
const TWO_UNNAMED = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:civic="https://civicflow.dev/schema/civic/1.0" id="Defs_TwoUnnamed" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="two-unnamed" name="并行核查" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Split" />
    <bpmn:parallelGateway id="Split"><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing><bpmn:outgoing>F3</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:sequenceFlow id="F2" sourceRef="Split" targetRef="Task_A" />
    <bpmn:sequenceFlow id="F3" sourceRef="Split" targetRef="Task_B" />
    <bpmn:userTask id="Task_A">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="dept-rs" /><civic:deadline duration="1 calendarDay" /></bpmn:extensionElements>
      <bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F4</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="Task_B">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="dept-rs" /><civic:deadline duration="1 calendarDay" /></bpmn:extensionElements>
      <bpmn:incoming>F3</bpmn:incoming><bpmn:outgoing>F5</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="F4" sourceRef="Task_A" targetRef="Join" />
    <bpmn:sequenceFlow id="F5" sourceRef="Task_B" targetRef="Join" />
    <bpmn:parallelGateway id="Join"><bpmn:incoming>F4</bpmn:incoming><bpmn:incoming>F5</bpmn:incoming><bpmn:outgoing>F6</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:sequenceFlow id="F6" sourceRef="Join" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>F6</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

type Summary = {
  cases: { active: number };
  openTasks: { red: number };
  casesByLight: { red: number; yellow: number };
  byStep: Array<{ elementId: string; name: string | null; open: number; overdue: number }>;
  byDepartment: Array<{ group: string; open: number; overdue: number }>;
  byTenant: Array<{ tenant: string; activeCases: number; overdue: number }>;
};
type Row = { key: string; refused: number; refusals: number };

describe.each(dialects)('dashboard numbers and the cases they open on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1000 } });
    admin = await rt.login('admin');
    await rt.request('POST', '/api/admin/clock', { token: admin, body: { now: '2026-03-02T01:00:00.000Z' } });
  });
  afterAll(async () => rt?.stop());

  const call = async (method: string, path: string, body?: unknown) => {
    const r = await rt.request(method, path, { token: admin, ...(body === undefined ? {} : { body }) });
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    return r.body;
  };
  const search = async (filters: Record<string, string>) =>
    ((await call('GET', `/api/cases?${new URLSearchParams(filters)}`)) as { total: number }).total;

  it('退单 by department: the cases a department refused (as its drill lists them), and apart from them its refusals', async () => {
    const r = (await call('POST', '/api/public/intake/city', { data: APPEAL })) as { trackingNo: string };
    const [c] = (await call('GET', `/api/process-instances?businessKey=${r.trackingNo}`)) as Array<{ id: string }>;
    const step = async (elementId: string, changes: Record<string, unknown> = {}) => {
      const [task] = (await call('GET', `/api/tasks?processInstanceId=${c!.id}`)) as Array<{
        id: string;
        elementId: string;
      }>;
      expect(task?.elementId).toBe(elementId);
      const form = (await call('GET', `/api/tasks/${task!.id}/form`)) as { data: Record<string, unknown> };
      await call('POST', `/api/tasks/${task!.id}/complete`, { variables: { ...form.data, ...changes } });
    };
    const sj = { department: 'dept-sj', departmentName: '市市场监督管理局', timeLimit: '5 workDay' };
    await step('Task_Receive');
    await step('Task_Accept', { acceptance: '转办' });
    // 市场监管局 refuses it twice, then it goes to 住建局.
    for (let i = 0; i < 2; i++) {
      await step('Task_Dispatch', sj);
      await step('Task_Handle', { handleResult: '退单', refusalReason: '职能交叉' });
    }
    await step('Task_Dispatch', {
      department: 'dept-zj',
      departmentName: '市住房和城乡建设局',
      timeLimit: '5 workDay',
    });

    const figures = (await call('GET', '/api/dashboard/figures?by=department')) as {
      from: string;
      to: string;
      total: Row;
      rows: Row[];
    };
    const row = (key: string) => figures.rows.find((x) => x.key === key);
    expect(row('dept-sj')).toMatchObject({ refused: 1, refusals: 2 });
    expect(row('dept-zj')).toMatchObject({ refused: 0, refusals: 0 });
    expect(figures.total).toMatchObject({ refused: 1, refusals: 2 });
    // The linked number is what its list holds: the department's row by `refusedBy`, the total by `figure`.
    const period = { from: figures.from, to: figures.to };
    for (const x of figures.rows) expect(await search({ ...period, refusedBy: x.key }), x.key).toBe(x.refused);
    expect(await search({ ...period, figure: 'refused' })).toBe(figures.total.refused);

    // The export says the same under Chinese headings: 退单案件 1, 退单次数 2 for 市场监管局.
    const response = await fetch(`${rt.url}/api/dashboard/export?format=csv&by=department`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(200);
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const [headings, ...rows] = lines as [string[], ...string[][]];
    const cell = (name: string, heading: string) => rows.find((l) => l[0] === name)?.[headings.indexOf(heading)];
    expect(cell('市市场监督管理局', '退单案件')).toBe('1');
    expect(cell('市市场监督管理局', '退单次数')).toBe('2');
    expect(cell('合计', '退单案件')).toBe('1');
    expect(cell('合计', '退单次数')).toBe('2');
  });

  it('在办案件 per unit: a case called from an appeal counted once, the units adding up to the whole and each to its list', async () => {
    // A group labour dispute at A镇's window goes straight on to the city, as a case called from A镇's.
    const r = (await call('POST', '/api/tenants/town-a/appeals', {
      channel: 'window',
      data: { ...LABOUR, peopleCount: 23 },
    })) as { processInstanceId: string };
    const called = await rt.deps.db.knex('instances').where({ parent_id: r.processInstanceId }).first();
    expect(called).toBeDefined();
    // The called case is searchable from its start (its department's bar counts it from then on).
    expect(await rt.deps.db.knex('case_search').where({ instance_id: called.id }).first()).toBeDefined();

    const summary = (await call('GET', '/api/dashboard')) as Summary;
    expect(summary.byTenant.reduce((n, u) => n + u.activeCases, 0)).toBe(summary.cases.active);
    // Their lists, as the overview opens them: the appeals in progress (`figure`: as the figures count them).
    const active = { status: 'active', figure: 'inProgress' };
    expect(await search(active)).toBe(summary.cases.active);
    for (const u of summary.byTenant)
      expect(await search({ tenant: u.tenant, ...active }), u.tenant).toBe(u.activeCases);
    expect(summary.byTenant.find((u) => u.tenant === 'town-a')?.activeCases).toBe(1);
  });

  it('two overdue tasks of one case at one department, at unnamed steps: one case, and its bars open it', async () => {
    await call('POST', '/api/deployments', {
      tenant: 'city',
      resources: [{ name: 'two-unnamed.bpmn', content: TWO_UNNAMED }],
    });
    const c = (await call('POST', '/api/process-instances', { processKey: 'two-unnamed', tenant: 'city' })) as {
      id: string;
    };
    await call('POST', '/api/admin/clock', { advance: 'P3D' });
    const summary = (await call('GET', '/api/dashboard')) as Summary;
    const rs = summary.byDepartment.find((d) => d.group === 'dept-rs');
    expect(rs).toMatchObject({ open: 1, overdue: 1 });
    expect(await search({ openDepartment: 'dept-rs', light: 'red' })).toBe(1);
    const city = summary.byTenant.find((u) => u.tenant === 'city');
    expect(await search({ tenant: 'city', light: 'red' })).toBe(city?.overdue);
    expect(city?.overdue).toBe(1);
    // 超期案件 counts this case once, as its list does; the tasks behind it are two.
    expect(await search({ light: 'red' })).toBe(summary.casesByLight.red);
    expect(summary.openTasks.red).toBeGreaterThan(summary.casesByLight.red);
    // Unnamed steps keep their element id for the search (never shown: the dashboard describes them).
    const unnamed = summary.byStep.filter((s) => s.name === null);
    expect(unnamed.map((s) => s.elementId).sort()).toEqual(['Task_A', 'Task_B']);
    for (const s of unnamed) {
      expect(s).toMatchObject({ open: 1, overdue: 1 });
      expect(await search({ openStep: s.elementId })).toBe(1);
    }
    expect(c.id).toBeTruthy();
  });
});
