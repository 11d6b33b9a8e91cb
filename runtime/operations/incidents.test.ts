import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, startCase } from '../testing/durability.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import {
  STUCK_FORM,
  STUCK_FORM_PROCESS_KEY,
  STUCK_PROCESS_BPMN,
  STUCK_PROCESS_KEY,
  STUCK_PROCESS_WITH_FORM_BPMN,
} from '../testing/stuck-case.js';

const dialects = await testDialects();

/** The incidents screen's API: a stuck case by step name and in plain words, fixed and retried or moved, within the administrator's subtree. */
describe.each(dialects)('incidents for administrators on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let townAdmin: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
    townAdmin = await rt.login('towna-admin');
    for (const tenant of ['town-a', 'street-b'])
      await deploy(rt, admin, tenant, { 'amount-routing.bpmn': STUCK_PROCESS_BPMN });
  });
  afterAll(async () => rt?.stop());

  const incidentOf = async (token: string, caseId: string) => {
    const list = (await rt.request('GET', `/api/incidents?processInstanceId=${caseId}&named=true`, { token }))
      .body as Array<Record<string, unknown>>;
    expect(list).toHaveLength(1);
    return list[0]!;
  };

  it('names the step, says what happened in Chinese, lists the variables the decision reads; fixing one and retrying moves the case on', async () => {
    const c = await startCase(rt, townAdmin, STUCK_PROCESS_KEY, 'town-a', { applicant: '张三' }, 'GD-0001');
    const listed = await incidentOf(townAdmin, c.id);
    expect(listed).toMatchObject({
      code: 'FEEL_ERROR',
      stepName: '金额判断',
      title: '表达式无法计算',
      trackingNo: 'GD-0001',
    });

    const detail = await rt.request('GET', `/api/incidents/${listed.id}`, { token: townAdmin });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      caseId: c.id,
      trackingNo: 'GD-0001',
      tenantName: 'A镇综治中心',
      stepName: '金额判断',
      status: 'open',
      detail: null,
      variables: [{ name: 'amount', label: null, value: null, present: false }],
      caseVariables: [{ name: 'applicant', label: null, value: '张三' }],
    });
    expect(detail.body.explanation).toContain('「金额判断」');
    // No form field holds it: named as written, said to be a variable.
    expect(detail.body.explanation).toContain('请检查变量「amount」是否缺失或填写有误');
    expect(detail.body.explanation).not.toMatch(/[A-Z_]{4,}|Gateway_/);
    expect(detail.body.targets.map((t: { name: string }) => t.name)).toEqual(['大额审批', '普通办理', '办结', '办结']);
    expect(
      (
        await rt.request('GET', `/api/incidents/${listed.id}`, {
          token: townAdmin,
          headers: { 'accept-language': 'en' },
        })
      ).body.detail,
    ).toMatch(/amount/);

    const dashboard = async () =>
      (await rt.request('GET', '/api/dashboard', { token: townAdmin })).body.stuckCases as number;
    expect(await dashboard()).toBe(1);

    const retried = await rt.request('POST', `/api/incidents/${listed.id}/retry`, {
      token: townAdmin,
      body: { variables: { amount: 5000 }, reason: '补录金额' },
    });
    expect(retried.status).toBe(200);
    expect(
      (await rt.request('GET', `/api/process-instances/${c.id}`, { token: townAdmin })).body.activeElementIds,
    ).toEqual(['Task_Large']);
    expect(await dashboard()).toBe(0);
    // Audited with the reason.
    const audit = await rt.deps.db.knex('audit_log').where({ action: `POST /api/incidents/${listed.id}/retry` });
    expect(audit.map((a: { actor: string; reason: string | null }) => [a.actor, a.reason])).toContainEqual([
      'towna-admin',
      '补录金额',
    ]);
  });

  it("names a variable by its form field's label where the case's form has one", async () => {
    await deploy(rt, admin, 'town-a', {
      'amount-apply-routing.bpmn': STUCK_PROCESS_WITH_FORM_BPMN,
      [STUCK_FORM.name]: STUCK_FORM.content,
    });
    const c = await startCase(rt, townAdmin, STUCK_FORM_PROCESS_KEY, 'town-a', { applicant: '张三', note: '加急' });
    const listed = await incidentOf(townAdmin, c.id);
    const detail = await rt.request('GET', `/api/incidents/${listed.id}`, { token: townAdmin });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      variables: [{ name: 'amount', label: '申请金额', value: null, present: false }],
      caseVariables: [
        { name: 'applicant', label: '申请人', value: '张三' },
        { name: 'note', label: null, value: '加急' },
      ],
    });
    expect(detail.body.explanation).toBe(
      '「金额判断」中的计算条件无法得出结果，请检查「申请金额」是否缺失或填写有误。修正后重试，或把案件移到其他环节。',
    );
    const english = await rt.request('GET', `/api/incidents/${listed.id}`, {
      token: townAdmin,
      headers: { 'accept-language': 'en' },
    });
    expect(english.body.explanation).toContain('"申请金额" (amount)');
  });

  it('moves a stuck case to another step (the incident is resolved with it)', async () => {
    const c = await startCase(rt, townAdmin, STUCK_PROCESS_KEY, 'town-a');
    const listed = await incidentOf(townAdmin, c.id);
    const moved = await rt.request('POST', `/api/process-instances/${c.id}/move`, {
      token: townAdmin,
      body: { cancel: [listed.elementId], activate: ['Task_Normal'], reason: '人工判定为普通诉求' },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.activeElementIds).toEqual(['Task_Normal']);
    expect((await rt.request('GET', `/api/incidents?processInstanceId=${c.id}`, { token: townAdmin })).body).toEqual(
      [],
    );
  });

  it("another township's incident answers 404 and stays open", async () => {
    const c = await startCase(rt, admin, STUCK_PROCESS_KEY, 'street-b');
    const theirs = await incidentOf(admin, c.id);
    expect((await rt.request('GET', `/api/incidents/${theirs.id}`, { token: townAdmin })).status).toBe(404);
    expect(
      (
        await rt.request('POST', `/api/incidents/${theirs.id}/retry`, {
          token: townAdmin,
          body: { variables: { amount: 1 } },
        })
      ).status,
    ).toBe(404);
    expect(
      (await rt.request('GET', `/api/incidents?named=true`, { token: townAdmin })).body.map(
        (i: { id: string }) => i.id,
      ),
    ).not.toContain(theirs.id);
    expect((await incidentOf(admin, c.id)).status).toBe('open');
  });
});
