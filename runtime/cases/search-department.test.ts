// 案件查询 by 承办部门 (the department a case was sent to), as the dashboard's department figures
// count it, on both databases; and migration 025, which fills the column for cases indexed before it.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { openDatabase } from '../platform/db/connection.js';
import { migrateTo } from '../platform/db/migrate.js';
import { freshDatabase, startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const T1 = '2026-11-02T01:00:00.000Z';
const APPEAL = { applicantName: '周八', phone: '13500007777', category: '劳动纠纷', description: '工地拖欠工资' };

describe.each(dialects)('case search by department on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1000 } });
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  const step = async (caseId: string, elementId: string, changes: Record<string, unknown> = {}) => {
    const [task] = (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Array<{
      id: string;
      elementId: string;
    }>;
    expect(task?.elementId).toBe(elementId);
    const form = (await rt.request('GET', `/api/tasks/${task!.id}/form`, { token: admin })).body;
    const done = await rt.request('POST', `/api/tasks/${task!.id}/complete`, {
      token: admin,
      body: { variables: { ...form.data, ...changes } },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  };
  const dispatched = async (department: string, departmentName: string) => {
    const r = await rt.request('POST', '/api/public/intake/city', { body: { data: APPEAL } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = (await rt.request('GET', `/api/process-instances?businessKey=${r.body.trackingNo}`, { token: admin }))
      .body[0].id as string;
    await step(id, 'Task_Receive');
    await step(id, 'Task_Accept', { acceptance: '转办' });
    await step(id, 'Task_Dispatch', { department, departmentName, timeLimit: '5 workDay' });
    return id;
  };

  it('finds the cases sent to a department, as many as the department figures count for the period', async () => {
    const rs = [await dispatched('dept-rs', '人社局'), await dispatched('dept-rs', '人社局')];
    const zj = await dispatched('dept-zj', '住建局');
    const search = async (query: string) =>
      (await rt.request('GET', `/api/cases?${query}`, { token: admin })).body as {
        total: number;
        items: Array<{ id: string }>;
      };
    const found = await search('department=dept-rs');
    expect(found.items.map((i) => i.id).sort()).toEqual([...rs].sort());
    expect((await search('department=dept-zj')).items.map((i) => i.id)).toEqual([zj]);
    expect((await search('department=dept-zz')).total).toBe(0);
    // The dashboard's row for 人社局 opens the search with the same department and period: the same count.
    const figures = (await rt.request('GET', '/api/dashboard/figures?by=department', { token: admin })).body as {
      from: string;
      to: string;
      rows: Array<{ key: string; received: number }>;
    };
    for (const key of ['dept-rs', 'dept-zj']) {
      const row = figures.rows.find((r) => r.key === key)!;
      const drilled = await search(`department=${key}&from=${figures.from}&to=${figures.to}`);
      expect(drilled.total, key).toBe(row.received);
    }
  });
});

describe.each(dialects)('migration 025 on %s', (dialect) => {
  it('fills case_search.department from each case, and drops it on the way down', async () => {
    const fresh = await freshDatabase(dialect);
    const db = openDatabase(fresh.url, fresh.schema);
    try {
      await migrateTo(db.knex, '021_signals');
      await db.knex('tenants').insert({ id: 'city', name: '市综治中心', parent_id: null, created_at: T1 });
      await db.knex('deployments').insert({ id: 'dep-1', tenant_id: 'city', created_by: 'admin', created_at: T1 });
      await db.knex('definitions').insert({
        id: 'def-1',
        kind: 'process',
        def_key: 'city-appeal',
        version: 1,
        tenant_id: 'city',
        deployment_id: 'dep-1',
        name: null,
        resource_name: 'city-appeal.bpmn',
        source: '',
        compiled: '{}',
        created_at: T1,
      });
      const state = (vars: Record<string, unknown>) =>
        JSON.stringify({
          v: 1,
          processId: 'city-appeal',
          status: 'active',
          next: 2,
          scopes: { s1: { id: 's1', parent: null, vars } },
          tokens: {},
          waits: {},
          incidents: {},
        });
      for (const [id, vars] of [
        ['case-1', { category: '劳动纠纷', department: 'dept-rs' }],
        ['case-2', { category: '物业纠纷' }],
      ] as const) {
        await db.knex('instances').insert({
          id,
          definition_id: 'def-1',
          process_key: 'city-appeal',
          tenant_id: 'city',
          business_key: `BK-${id}`,
          status: 'active',
          state: state(vars),
          version: 1,
          pinned: '{}',
          parent_id: null,
          parent_call: null,
          created_at: T1,
          updated_at: T1,
          ended_at: null,
        });
        await db.knex('case_search').insert({
          instance_id: id,
          tenant_id: 'city',
          business_key: `BK-${id}`,
          category: vars.category,
          created_at: T1,
        });
      }
      await migrateTo(db.knex, '025_case_search_department');
      expect(
        await db.knex('case_search').select('instance_id', 'category', 'department').orderBy('instance_id'),
      ).toEqual([
        { instance_id: 'case-1', category: '劳动纠纷', department: 'dept-rs' },
        { instance_id: 'case-2', category: '物业纠纷', department: null },
      ]);
      await migrateTo(db.knex, '021_signals');
      expect(await db.knex.schema.hasColumn('case_search', 'department')).toBe(false);
      expect(Number(((await db.knex('case_search').count('* as n').first()) as { n: unknown }).n)).toBe(2);
    } finally {
      await db.close();
      await fresh.drop();
    }
  });
});
