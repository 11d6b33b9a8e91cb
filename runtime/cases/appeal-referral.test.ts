// The shipped referral variant (examples/appeal/appeal-referral.bpmn + referral.dmn): 分类转办 by
// the 派单目录 decision table, which a township overrides without touching the process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'appeal');
const DEPARTMENT_NAMES: Record<string, string> = {
  'dept-wj': '市卫生健康委员会',
  'dept-ga': '市公安局',
  'dept-zz': '综治中心综合组',
};
const INTAKE = { applicantName: '钱七', phone: '13600002222', description: '反映的具体情况说明', channel: '窗口' };

describe.each(dialects)('the referral example (派单目录) on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  type Task = { id: string; elementId: string; candidateGroups: string[]; deadline?: string };

  const tasksOf = async (caseId: string) =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Task[];
  const start = async (tenant: string) => {
    const r = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-referral', tenant },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  /** Receives the appeal with a category; answers the department task it was referred to. */
  const receive = async (caseId: string, category: string) => {
    const [intake] = await tasksOf(caseId);
    const r = await rt.request('POST', `/api/tasks/${intake!.id}/complete`, {
      token: admin,
      body: { variables: { ...INTAKE, category } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [handle] = await tasksOf(caseId);
    return handle!;
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  it('refers each category to its department with its time limit; anything else to the general office', async () => {
    for (const [category, group, deadline] of [
      ['医疗纠纷', 'dept-wj', '10 workDay'],
      ['治安问题', 'dept-ga', '1 workDay'],
      ['其他', 'dept-zz', '5 workDay'],
    ] as const) {
      const c = await start('town-a');
      expect(await receive(c, category)).toMatchObject({
        elementId: 'Task_Handle',
        candidateGroups: [group],
        deadline,
      });
      const events = (await rt.request('GET', `/api/process-instances/${c}/history`, { token: admin })).body
        .events as Array<{ type: string; data: { decisionId?: string }; outcome?: unknown }>;
      expect(events.some((e) => e.type === 'decisionEvaluated' && e.data.decisionId === 'referral')).toBe(true);
      // Read by the table's labels, the department by its name (the 办理记录 shows it so).
      const decided = events.find((e) => e.type === 'decisionEvaluated')!;
      expect(decided.outcome).toEqual([
        { label: '承办部门', value: DEPARTMENT_NAMES[group] },
        { label: '部门名称', value: expect.any(String) },
        { label: '办理时限', value: deadline },
      ]);
      expect(events.filter((e) => e.outcome !== undefined)).toEqual([decided]);
    }
  });

  it('a township overrides the catalogue alone: its new cases follow it, running cases and other townships keep the city’s', async () => {
    const running = await start('town-a'); // started before the override: pinned to the city's table
    const own = readFileSync(join(EXAMPLES, 'referral.dmn'), 'utf8')
      .replace('<text>"dept-sh"</text>', '<text>"dept-zz"</text>')
      .replace(/"3 workDay"/, '"2 workDay"');
    const deployed = await rt.request('POST', '/api/deployments', {
      token: await rt.login('towna-admin'),
      body: { tenant: 'town-a', resources: [{ name: 'referral.dmn', content: own }] },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(deployed.body.decisions).toEqual([
      expect.objectContaining({ key: 'referral', version: 1, tenant: 'town-a' }),
    ]);

    expect(await receive(await start('town-a-east'), '环境污染')).toMatchObject({
      candidateGroups: ['dept-zz'],
      deadline: '2 workDay',
    });
    expect(await receive(await start('street-b'), '环境污染')).toMatchObject({
      candidateGroups: ['dept-sh'],
      deadline: '3 workDay',
    });
    expect(await receive(running, '环境污染')).toMatchObject({ candidateGroups: ['dept-sh'], deadline: '3 workDay' });
  });

  it('the township’s table says the city version it is based on and when the city moved on; 恢复继承 refers its cases by the city’s again', async () => {
    const towna = await rt.login('towna-admin');
    const listed = async () =>
      (await rt.request('GET', '/api/decision-definitions?tenant=town-a&latest=true', { token: towna })).body as Array<{
        key: string;
        tenant: string;
        version: number;
        basedOn?: { tenant: string; version: number; id: string | null };
        behind?: boolean;
        upstream?: { version: number };
      }>;
    const own = () => listed().then((ds) => ds.find((d) => d.key === 'referral' && d.tenant === 'town-a'));
    expect(await own()).toMatchObject({ version: 1, basedOn: { tenant: 'city', version: 1 }, behind: false });
    expect((await own())!.basedOn!.id).toEqual(expect.any(String));

    const city = readFileSync(join(EXAMPLES, 'referral.dmn'), 'utf8').replace(/"10 workDay"/g, '"9 workDay"');
    const moved = await rt.request('POST', '/api/deployments', {
      token: await rt.login('city-admin'),
      body: { tenant: 'city', resources: [{ name: 'referral.dmn', content: city }] },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    expect(await own()).toMatchObject({ basedOn: { version: 1 }, behind: true, upstream: { version: 2 } });

    const reverted = await rt.request('DELETE', '/api/decision-definitions/referral/override?tenant=town-a', {
      token: towna,
    });
    expect(reverted.status, JSON.stringify(reverted.body)).toBe(200);
    expect(reverted.body.inherits).toMatchObject({ tenant: 'city', version: 2 });
    expect(await own()).toBeUndefined();
    expect(await receive(await start('town-a'), '环境污染')).toMatchObject({
      candidateGroups: ['dept-sh'],
      deadline: '3 workDay',
    });
    const again = await rt.request('DELETE', '/api/decision-definitions/referral/override?tenant=town-a', {
      token: towna,
    });
    expect(again.status).toBe(404);
  });
});
