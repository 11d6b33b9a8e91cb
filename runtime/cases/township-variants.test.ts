// The township variants shipped in examples/appeal/variants: each a definition deployed at its
// tenant and a channel setting, nothing in code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const LABOUR = {
  applicantName: '陈九',
  phone: '13600004444',
  category: '劳动纠纷',
  description: '服装厂拖欠两个月工资',
};

describe.each(dialects)('township variants on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  type Task = { id: string; elementId: string; candidateGroups: string[]; deadline?: string };
  type Case = { id: string; processKey: string; tenant: string; status: string; variables: Record<string, unknown> };

  const tasksOf = async (caseId: string) =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Task[];
  const caseOf = async (caseId: string) =>
    (await rt.request('GET', `/api/process-instances/${caseId}`, { token: admin })).body as Case;
  const step = async (caseId: string, elementId: string, changes: Record<string, unknown> = {}, user = 'admin') => {
    const open = await tasksOf(caseId);
    expect(open.map((t) => t.elementId)).toEqual([elementId]);
    const token = user === 'admin' ? admin : await rt.login(user);
    const form = (await rt.request('GET', `/api/tasks/${open[0]!.id}/form`, { token })).body;
    const done = await rt.request('POST', `/api/tasks/${open[0]!.id}/complete`, {
      token,
      body: { variables: { ...form.data, ...changes } },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return { task: open[0]!, form };
  };
  const online = async (tenant: string, data: Record<string, unknown>, enterprise?: string) => {
    const r = await rt.request('POST', `/api/public/intake/${tenant}`, {
      body: { data, ...(enterprise ? { enterprise } : {}) },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return (await rt.request('GET', `/api/process-instances?businessKey=${r.body.trackingNo}`, { token: admin }))
      .body[0] as Case;
  };
  const childOf = async (caseId: string) => {
    const row = (await rt.deps.db.knex('instances').where({ parent_id: caseId }).first()) as { id: string } | undefined;
    expect(row, 'a case started at the city').toBeDefined();
    return caseOf(row!.id);
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1000 } });
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  describe('A镇 (and 东村, which inherits it)', () => {
    it('an online labour dispute from 东村: the grid worker verifies it, the township 司法所 mediates it within 15 calendar days', async () => {
      const c = await online('town-a-east', LABOUR);
      expect(c).toMatchObject({ processKey: 'town-a-appeal', tenant: 'town-a-east' });
      expect((await tasksOf(c.id))[0]).toMatchObject({ elementId: 'Task_Verify', candidateGroups: ['east-grid'] });
      await step(c.id, 'Task_Verify', { verified: '属实', verifyNote: '已入户核实，情况属实' }, 'grid1');
      expect((await tasksOf(c.id))[0]).toMatchObject({
        elementId: 'Task_Mediate',
        candidateGroups: ['town-a-sfs'],
        deadline: '15 calendarDay',
      });
      await step(
        c.id,
        'Task_Mediate',
        { mediationResult: '调解成功', mediationNote: '双方达成协议，厂方分两期支付' },
        'sfs1',
      );
      expect((await caseOf(c.id)).status).toBe('completed');
    });

    it('mediation fails: the case goes on to the city, where the 派单目录 proposes 人社局', async () => {
      const c = await online('town-a', LABOUR);
      await step(c.id, 'Task_Verify', { verified: '属实', verifyNote: '已电话核实' });
      await step(c.id, 'Task_Mediate', { mediationResult: '调解未成功', mediationNote: '厂方拒绝调解' });
      const city = await childOf(c.id);
      expect(city).toMatchObject({
        processKey: 'city-appeal',
        variables: { category: '劳动纠纷', mediationResult: '调解未成功' },
      });
      await step(city.id, 'Task_Receive');
      await step(city.id, 'Task_Accept', { acceptance: '转办' });
      expect((await step(city.id, 'Task_Dispatch')).form.data).toMatchObject({ department: 'dept-rs' });
    });

    it('a group case (10 or more workers) at the window goes straight to the city, without verification or mediation', async () => {
      const r = await rt.request('POST', '/api/tenants/town-a/appeals', {
        token: admin,
        body: { channel: 'window', data: { ...LABOUR, peopleCount: 23 } },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const city = await childOf(r.body.processInstanceId);
      expect(city.processKey).toBe('city-appeal');
      expect(await tasksOf(r.body.processInstanceId)).toEqual([]);
    });

    it('a red-risk labour dispute, found so by the grid worker, goes straight to the city', async () => {
      const c = await online('town-a-east', LABOUR);
      await step(
        c.id,
        'Task_Verify',
        { verified: '属实', verifyNote: '工人情绪激动，有聚集苗头', riskLevel: '红色' },
        'grid1',
      );
      expect((await childOf(c.id)).processKey).toBe('city-appeal');
    });

    it("A镇's own online appeal: 东村's grid worker sees the verification in their inbox and completes it; nothing else of A镇 is theirs", async () => {
      const grid = await rt.login('grid1');
      const c = await online('town-a', LABOUR);
      const inbox = (await rt.request('GET', '/api/tasks?status=open&withCase=true', { token: grid })).body as Task[];
      const verify = inbox.find((t) => (t as { processInstanceId?: string }).processInstanceId === c.id);
      expect(verify, "the verification is in the grid worker's 待办").toBeDefined();
      expect((await rt.request('GET', `/api/tasks/${verify!.id}`, { token: grid })).status).toBe(200);
      expect((await rt.request('GET', `/api/cases/${c.id}`, { token: grid })).status).toBe(200);
      await step(c.id, 'Task_Verify', { verified: '属实', verifyNote: '已入户核实' }, 'grid1');
      const done = (await rt.request('GET', '/api/worklists/done', { token: grid })).body as {
        items: Array<{ caseId: string }>;
      };
      expect(done.items?.map((i) => i.caseId) ?? []).toContain(c.id);
      // The mediation is the township 司法所's: the grid worker sees neither it nor, beyond their own step, the case.
      const [mediate] = await tasksOf(c.id);
      expect(mediate).toMatchObject({ elementId: 'Task_Mediate' });
      expect((await rt.request('GET', `/api/tasks/${mediate!.id}`, { token: grid })).status).toBe(404);
      expect((await rt.request('GET', `/api/tasks?processInstanceId=${c.id}`, { token: grid })).body).toEqual([]);
      // An A镇 case never offered to them stays invisible; so does every other township's.
      const window = await rt.request('POST', '/api/tenants/town-a/appeals', {
        token: admin,
        body: { channel: 'window', data: LABOUR },
      });
      expect(window.status, JSON.stringify(window.body)).toBe(201);
      const other = window.body.processInstanceId as string;
      expect((await tasksOf(other)).map((t) => t.elementId)).toEqual(['Task_Mediate']);
      expect((await rt.request('GET', `/api/cases/${other}`, { token: grid })).status).toBe(404);
      const street = await online('street-b', LABOUR);
      expect((await rt.request('GET', `/api/cases/${street.id}`, { token: grid })).status).toBe(404);
      const streetTasks = (await rt.request('GET', '/api/tasks?status=open', { token: grid })).body as Task[];
      expect(streetTasks.filter((t) => t.elementId !== 'Task_Verify')).toEqual([]);
    });

    it('an appeal the grid worker finds untrue is closed with the citizen told', async () => {
      const c = await online('town-a-east', { ...LABOUR, category: '环境污染' });
      await step(c.id, 'Task_Verify', { verified: '不属实', verifyNote: '现场未见排污' }, 'grid1');
      expect((await caseOf(c.id)).status).toBe('completed');
    });
  });

  it('B街道 overrides only its 派单目录: two categories to its own offices, the rest as the city', async () => {
    for (const [category, department, timeLimit] of [
      ['物业纠纷', 'street-b-wy', '3 workDay'],
      ['婚姻家庭', 'street-b-sfs', '5 workDay'],
      ['环境污染', 'dept-sh', '3 workDay'],
    ] as const) {
      const c = await online('street-b', { ...LABOUR, category });
      expect(c.processKey).toBe('city-appeal');
      await step(c.id, 'Task_Receive');
      await step(c.id, 'Task_Accept', { acceptance: '转办' });
      expect((await step(c.id, 'Task_Dispatch')).form.data).toMatchObject({ department, timeLimit });
      expect((await tasksOf(c.id))[0]).toMatchObject({ elementId: 'Task_Handle', candidateGroups: [department] });
    }
  });

  it('化工园区: QR appeals go to the park sub-center, which resolves them or refers them to the city; its web appeals are the city’s', async () => {
    const enterprise = (
      await rt.request('POST', '/api/enterprises', {
        token: admin,
        body: { name: '园区某新材料有限公司', tenantId: 'park' },
      })
    ).body as { id: string };
    const resolved = await online('park', { ...LABOUR, category: '消费纠纷' }, enterprise.id);
    expect(resolved).toMatchObject({ processKey: 'park-enterprise-appeal', variables: { channel: '一企一码' } });
    expect((await tasksOf(resolved.id))[0]).toMatchObject({
      elementId: 'Task_ParkHandle',
      candidateGroups: ['park-center'],
    });
    await step(resolved.id, 'Task_ParkHandle', { parkResult: '已办结', answer: '已协调供应商退换货' }, 'park1');
    await step(resolved.id, 'Task_FollowUp', { satisfaction: '满意' }, 'followup1');
    expect((await caseOf(resolved.id)).status).toBe('completed');

    const referred = await online('park', LABOUR, enterprise.id);
    await step(referred.id, 'Task_ParkHandle', { parkResult: '转市级' }, 'park1');
    expect(await childOf(referred.id)).toMatchObject({
      processKey: 'city-appeal',
      variables: { enterpriseName: '园区某新材料有限公司' },
    });
    expect((await online('park', LABOUR)).processKey).toBe('city-appeal');
  });
});
