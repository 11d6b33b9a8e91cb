// 会签 with 加签/减签 over HTTP on both databases: the vote summary on the task and the case,
// the refusals in Chinese, isolation, and the audit in the case's timeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countersignBpmn } from '../testing/countersign-bpmn.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const ZH = { 'accept-language': 'zh-CN' };

/** A joint case: 人社局, 住建局 and 综治中心 sign (2/3 passes); then 归档 by the administrator. */
const BPMN = (signers: string[], operations = '') => countersignBpmn(signers, { operations, archiveGroup: 'dept-zz' });

type Summary = {
  rule: { kind: string; text: string };
  signers: Array<{ id: string; name: string; state: string; agree: boolean | null; opinion: string | null }>;
  counts: Record<string, number>;
  canAdd: boolean;
  canRemove: boolean;
};
type Task = { id: string; elementId: string; assignee: string | null; countersign?: Summary | null };

describe.each(dialects)('会签 加签/减签 on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const as = async (user: string) => (tokens[user] ??= await rt.login(user));
  const post = async (user: string, path: string, body: Record<string, unknown> = {}) =>
    rt.request('POST', path, { token: await as(user), body, headers: ZH });
  const get = async (user: string, path: string) => rt.request('GET', path, { token: await as(user), headers: ZH });
  const deploy = async (key: string, signers: string[], ops = '') => {
    const r = await post('admin', '/api/deployments', {
      tenant: 'city',
      resources: [{ name: `${key}.bpmn`, content: BPMN(signers, ops).replace('id="joint-sign"', `id="${key}"`) }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };
  const start = async (key: string) => {
    const r = await post('admin', '/api/process-instances', { processKey: key, tenant: 'city' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const openTasks = async (caseId: string) =>
    (await get('admin', `/api/tasks?processInstanceId=${caseId}`)).body as Task[];
  const taskOf = async (caseId: string, user: string) => (await openTasks(caseId)).find((t) => t.assignee === user)!;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    await deploy('joint-sign', ['rs1', 'zj1', 'zz1']);
    await deploy('joint-fixed', ['rs1', 'zj1'], '<civic:taskOperations addSigners="false" removeSigners="false" />');
  });
  afterAll(async () => rt?.stop());

  it('the task shows the vote summary; 加签 adds a signer, 减签 removes one, the 2/3 rule counts those left; all in the timeline', async () => {
    const caseId = await start('joint-sign');
    const rsTask = await taskOf(caseId, 'rs1');
    const first = (await get('rs1', `/api/tasks/${rsTask.id}`)).body as Task;
    expect(first.countersign).toMatchObject({
      rule: { kind: 'ratio', text: '签署人数达到 2/3 即通过' },
      counts: { signed: 0, pending: 3, total: 3 },
      canAdd: true,
      canRemove: true,
    });
    expect(first.countersign!.signers.map((s) => [s.name, s.state])).toEqual([
      ['人社局 张敏', 'active'],
      [expect.any(String), 'active'],
      [expect.any(String), 'active'],
    ]);

    const signed = await post('rs1', `/api/tasks/${rsTask.id}/complete`, {
      variables: { agree: true },
      opinion: '同意联合处置',
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);

    const zjTask = await taskOf(caseId, 'zj1');
    const added = await post('zj1', `/api/tasks/${zjTask.id}/add-signers`, {
      users: ['followup1'],
      reason: '涉及回访',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect((added.body as Summary).signers.map((s) => [s.id, s.state])).toEqual([
      ['rs1', 'completed'],
      ['zj1', 'active'],
      ['zz1', 'active'],
      ['followup1', 'active'],
    ]);
    expect((added.body as Summary).signers[0]).toMatchObject({ agree: true, opinion: '同意联合处置' });
    expect((await taskOf(caseId, 'followup1')).elementId).toBe('Task_Sign');
    const bell = (await get('followup1', '/api/notifications')).body as Array<{ kind: string; subject: string }>;
    expect(bell).toContainEqual(expect.objectContaining({ kind: 'countersign', subject: '加签：部门会签' }));

    // Refusals, each with its code and Chinese words, changing nothing.
    const dup = await post('zj1', `/api/tasks/${zjTask.id}/add-signers`, { users: ['rs1'] });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'SIGNER_DUPLICATE']);
    expect(dup.body.error.message).toContain('已在会签名单中');
    const done = await post('zj1', `/api/tasks/${zjTask.id}/remove-signers`, { users: ['rs1'] });
    expect([done.status, done.body.error.code]).toEqual([409, 'SIGNER_COMPLETED']);
    const groups = await post('zj1', `/api/tasks/${zjTask.id}/add-signers`, { groups: ['dept-sf'] });
    expect([groups.status, groups.body.error.code]).toEqual([400, 'SIGNERS_ARE_USERS']);
    const stranger = await post('zj1', `/api/tasks/${zjTask.id}/add-signers`, { users: ['nobody'] });
    expect([stranger.status, stranger.body.error.code]).toEqual([400, 'USER_NOT_FOUND']);
    // Someone who is not a signer does not see the task; another township's administrator neither.
    expect((await post('window1', `/api/tasks/${zjTask.id}/add-signers`, { users: ['zz1'] })).status).toBe(404);
    expect((await post('towna-admin', `/api/tasks/${zjTask.id}/add-signers`, { users: ['zz1'] })).status).toBe(404);

    // 减签 综治中心: 1 of 3 signed (人社局, 住建局, 回访) — not yet 2/3; its task is gone.
    const zzTask = await taskOf(caseId, 'zz1');
    const removed = await post('zj1', `/api/tasks/${zjTask.id}/remove-signers`, {
      users: ['zz1'],
      reason: '非本案职责',
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect((removed.body as Summary).counts).toMatchObject({ signed: 1, agreed: 1, pending: 2, total: 3 });
    expect((await get('admin', `/api/tasks/${zzTask.id}`)).body.status).toBe('cancelled');

    // 住建局 disagrees: 2 of 3 signed, the countersign ends; 回访's task is cancelled.
    const followTask = await taskOf(caseId, 'followup1');
    expect(
      (await post('zj1', `/api/tasks/${zjTask.id}/complete`, { variables: { agree: false }, opinion: '建议另案' }))
        .status,
    ).toBe(200);
    expect((await openTasks(caseId)).map((t) => t.elementId)).toEqual(['Task_Archive']);
    expect((await get('admin', `/api/tasks/${followTask.id}`)).body.status).toBe('cancelled');
    const late = await post('followup1', `/api/tasks/${followTask.id}/remove-signers`, { users: ['zj1'] });
    expect([late.status, late.body.error.code]).toEqual([409, 'TASK_NOT_OPEN']);
    expect(late.body.error.message).toBe('该会签已结束，不能再加签或减签');

    const file = (await get('admin', `/api/cases/${caseId}`)).body as { timeline: Array<{ text: string }> };
    const texts = file.timeline.map((e) => e.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        '会签「部门会签」：同意',
        '会签「部门会签」：不同意',
        expect.stringMatching(/^「部门会签」加签：.+，理由：涉及回访$/),
        expect.stringMatching(/^「部门会签」减签：.+，理由：非本案职责$/),
      ]),
    );
    expect(texts.join()).not.toMatch(/followup1|zz1/);
  });

  it('the case page lists the running countersign; the last signer cannot be removed; the definition may forbid both', async () => {
    const caseId = await start('joint-sign');
    const file = (await get('supervisor1', `/api/cases/${caseId}`)).body as { countersigns: Summary[] };
    expect(file.countersigns).toHaveLength(1);
    expect(file.countersigns[0]).toMatchObject({ counts: { total: 3, pending: 3 }, canAdd: true });
    const rsTask = await taskOf(caseId, 'rs1');
    const last = await post('supervisor1', `/api/tasks/${rsTask.id}/remove-signers`, { users: ['rs1', 'zj1', 'zz1'] });
    expect([last.status, last.body.error.code]).toEqual([409, 'SIGNER_LAST']);
    expect(last.body.error.message).toContain('至少要保留一位');

    const fixed = await start('joint-fixed');
    const task = await taskOf(fixed, 'rs1');
    expect((await get('rs1', `/api/tasks/${task.id}`)).body.countersign).toMatchObject({
      rule: { text: '签署人数达到 2/3 即通过' },
      canAdd: false,
      canRemove: false,
    });
    const refused = await post('rs1', `/api/tasks/${task.id}/add-signers`, { users: ['zz1'] });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'SIGNERS_NOT_ALLOWED']);

    // Not a countersign at all.
    const plain = await start('joint-fixed');
    await post('rs1', `/api/tasks/${(await taskOf(plain, 'rs1')).id}/complete`, {});
    await post('zj1', `/api/tasks/${(await taskOf(plain, 'zj1')).id}/complete`, {});
    const archive = (await openTasks(plain))[0]!;
    expect(archive.elementId).toBe('Task_Archive');
    const notSign = await post('zz1', `/api/tasks/${archive.id}/add-signers`, { users: ['rs1'] });
    expect([notSign.status, notSign.body.error.code]).toEqual([409, 'SIGNERS_NOT_ALLOWED']);
  });
});
