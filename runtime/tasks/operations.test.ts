// The task operations over HTTP on the shipped appeal loop: 退回, 退单, 撤回, 转办, 委派, 抄送.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCcRecipient } from './index.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const INTAKE = { applicantName: '张三', phone: '13800138000', description: '小区电梯长期故障', channel: '窗口' };
const ZH = { 'accept-language': 'zh-CN' };

type Task = {
  id: string;
  elementId: string;
  assignee: string | null;
  candidateGroups: string[];
  status: string;
  allowedOperations?: string[];
  sentBack?: { kind: string; reason: string } | null;
  delegation?: unknown;
};

describe.each(dialects)('task operations on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const as = async (user: string) => (tokens[user] ??= await rt.login(user));
  const post = async (user: string, path: string, body: Record<string, unknown> = {}) =>
    rt.request('POST', path, { token: await as(user), body, headers: ZH });
  const get = async (user: string, path: string) => rt.request('GET', path, { token: await as(user) });
  const openTasks = async (caseId: string) =>
    (await get('admin', `/api/tasks?processInstanceId=${caseId}`)).body as Task[];
  const only = async (caseId: string) => {
    const tasks = await openTasks(caseId);
    expect(tasks).toHaveLength(1);
    return tasks[0]!;
  };
  const start = async (tenant = 'town-a') => {
    const r = await post('admin', '/api/process-instances', { processKey: 'appeal-loop', tenant });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  /** A case the window referred to 住建局 (物业纠纷). */
  const referredToHousing = async (tenant = 'town-a') => {
    const id = await start(tenant);
    const receive = await only(id);
    const r = await post('window1', `/api/tasks/${receive.id}/complete`, {
      variables: { ...INTAKE, category: '物业纠纷' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { id, receive, handle: await only(id) };
  };
  const history = async (id: string) =>
    (await get('admin', `/api/process-instances/${id}/history`)).body.events as Array<{
      type: string;
      actor: string;
      data: Record<string, unknown>;
    }>;
  const notices = async (user: string) =>
    (await get(user, '/api/notifications')).body as Array<{
      kind: string;
      subject: string;
      body: string | null;
      taskId: string | null;
    }>;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
  });
  afterAll(async () => rt?.stop());

  describe('退单 refuse', () => {
    it('sends the referral back to the dispatch step with the reason; counted per department; the dispatcher re-routes', async () => {
      const { id, handle } = await referredToHousing();
      expect(handle).toMatchObject({ elementId: 'Task_HandleHousing', candidateGroups: ['dept-zj'] });
      expect((await get('zj1', `/api/tasks/${handle.id}`)).body.allowedOperations).toEqual(
        expect.arrayContaining(['refuse', 'return', 'transfer', 'delegate', 'cc']),
      );

      const refused = await post('zj1', `/api/tasks/${handle.id}/refuse`, { reason: '电梯维修属于市场监管局职责' });
      expect(refused.status, JSON.stringify(refused.body)).toBe(200);
      expect(refused.body).toMatchObject({ elementId: 'Task_Receive', status: 'open' });
      const review = (await get('window1', `/api/tasks/${refused.body.id}`)).body as Task;
      expect(review.sentBack).toMatchObject({ kind: 'refused', reason: '电梯维修属于市场监管局职责' });
      expect((await history(id)).find((e) => e.type === 'taskRefused')).toMatchObject({
        actor: 'zj1',
        data: { department: 'dept-zj', reason: '电梯维修属于市场监管局职责' },
      });
      expect(
        (await notices('window1')).some(
          (n) => n.kind === 'refused' && n.taskId === refused.body.id && n.body === '电梯维修属于市场监管局职责',
        ),
      ).toBe(true);

      const rerouted = await post('window1', `/api/tasks/${review.id}/complete`, {
        variables: { ...INTAKE, category: '劳动纠纷' },
      });
      expect(rerouted.status, JSON.stringify(rerouted.body)).toBe(200);
      expect(await only(id)).toMatchObject({ elementId: 'Task_HandleLabour', candidateGroups: ['dept-rs'] });
    });

    it('a department the dispatcher confirmed cannot refuse again (REFUSE_NOT_ALLOWED), in Chinese', async () => {
      const { id, handle } = await referredToHousing();
      const review = (await post('zj1', `/api/tasks/${handle.id}/refuse`, { reason: '不属于本部门' })).body as Task;
      expect(
        (await post('window1', `/api/tasks/${review.id}/complete`, { variables: { ...INTAKE, category: '物业纠纷' } }))
          .status,
      ).toBe(200);
      const again = await only(id);
      expect((await get('zj1', `/api/tasks/${again.id}`)).body.allowedOperations).not.toContain('refuse');
      const r = await post('zj1', `/api/tasks/${again.id}/refuse`, { reason: '仍不属于' });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('REFUSE_NOT_ALLOWED');
      expect(r.body.error.message).toContain('派单员已确认由本部门办理');
      expect(await only(id)).toMatchObject({ id: again.id, status: 'open' });
    });

    it('a step nobody referred cannot be refused', async () => {
      const id = await start();
      const receive = await only(id);
      expect((await post('window1', `/api/tasks/${receive.id}/refuse`, { reason: 'x' })).body.error.code).toBe(
        'REFUSE_NOT_ALLOWED',
      );
    });

    it('another township’s task answers 404', async () => {
      const { handle } = await referredToHousing('street-b');
      const r = await post('towna-admin', `/api/tasks/${handle.id}/refuse`, { reason: '不属于本部门' });
      expect(r.status).toBe(404);
    });

    it('one handler refuses while another completes: one wins, the other gets 409', async () => {
      const { id, handle } = await referredToHousing();
      const [refuse, complete] = await Promise.all([
        post('zj1', `/api/tasks/${handle.id}/refuse`, { reason: '不属于本部门' }),
        post('admin', `/api/tasks/${handle.id}/complete`, {
          variables: { result: '已维修电梯并回复', resolved: true },
        }),
      ]);
      expect([refuse.status, complete.status].sort()).toEqual([200, 409]);
      const loser = refuse.status === 409 ? refuse : complete;
      expect(loser.body.error.code).toBe('TASK_NOT_OPEN');
      expect(await only(id)).toMatchObject({ elementId: refuse.status === 200 ? 'Task_Receive' : 'Task_FollowUp' });
    });
  });

  describe('退回 return', () => {
    it('returns to the previous step actually taken; the case keeps its data and the step a new task', async () => {
      const { id, handle } = await referredToHousing();
      expect(
        (await post('zj1', `/api/tasks/${handle.id}/complete`, { variables: { result: '已协调物业', resolved: true } }))
          .status,
      ).toBe(200);
      const followUp = await only(id);
      expect(followUp.elementId).toBe('Task_FollowUp');
      const r = await post('followup1', `/api/tasks/${followUp.id}/return`, { reason: '群众反映电梯仍未修好' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ elementId: 'Task_HandleHousing', candidateGroups: ['dept-zj'], status: 'open' });
      expect(r.body.id).not.toBe(handle.id);
      const task = (await get('zj1', `/api/tasks/${r.body.id}`)).body as Task;
      expect(task.sentBack).toMatchObject({ kind: 'returned', reason: '群众反映电梯仍未修好' });
      const form = (await get('zj1', `/api/tasks/${r.body.id}/form`)).body;
      expect(form.data).toMatchObject({ result: '已协调物业', resolved: true });
      expect((await history(id)).find((e) => e.type === 'taskReturned')).toMatchObject({
        actor: 'followup1',
        data: { to: 'Task_HandleHousing', reason: '群众反映电梯仍未修好' },
      });
    });

    it('refuses a target that is not an earlier step (RETURN_NOT_ALLOWED) and a first step', async () => {
      const { handle } = await referredToHousing();
      const r = await post('zj1', `/api/tasks/${handle.id}/return`, { targetElementId: 'Task_FollowUp', reason: 'x' });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('RETURN_NOT_ALLOWED');
      const first = await only(await start());
      expect((await post('window1', `/api/tasks/${first.id}/return`, { reason: 'x' })).body.error.code).toBe(
        'RETURN_NOT_ALLOWED',
      );
      expect((await get('window1', `/api/tasks/${first.id}`)).body.allowedOperations).not.toContain('return');
    });
  });

  describe('撤回 withdraw', () => {
    it('the completer takes the step back while the next task is untouched', async () => {
      const { id, receive, handle } = await referredToHousing();
      expect((await get('window1', `/api/tasks/${receive.id}`)).body.allowedOperations).toEqual(['withdraw']);
      const r = await post('window1', `/api/tasks/${receive.id}/withdraw`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ elementId: 'Task_Receive', status: 'open' });
      expect((await get('admin', `/api/tasks/${handle.id}`)).body.status).toBe('cancelled');
      expect((await history(id)).some((e) => e.type === 'taskWithdrawn' && e.actor === 'window1')).toBe(true);
    });

    it('WITHDRAW_TOO_LATE once the next task is claimed; only the completer may', async () => {
      const { receive, handle } = await referredToHousing();
      expect((await post('admin', `/api/tasks/${receive.id}/withdraw`)).body.error.code).toBe('WITHDRAW_NOT_COMPLETER');
      expect((await post('zj1', `/api/tasks/${handle.id}/claim`)).status).toBe(200);
      const r = await post('window1', `/api/tasks/${receive.id}/withdraw`);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('WITHDRAW_TOO_LATE');
      expect(r.body.error.message).toContain('不能撤回');
    });
  });

  describe('转办 and 委派', () => {
    it('transfers to a department (inbox follows) and to a person; the deadline keeps running', async () => {
      const { id, handle } = await referredToHousing();
      const before = (await get('admin', `/api/tasks/${handle.id}`)).body;
      const toGroup = await post('zj1', `/api/tasks/${handle.id}/transfer`, {
        toGroup: 'dept-rs',
        reason: '劳动争议部分由人社局办理',
      });
      expect(toGroup.status, JSON.stringify(toGroup.body)).toBe(200);
      expect(toGroup.body).toMatchObject({
        id: handle.id,
        candidateGroups: ['dept-rs'],
        assignee: null,
        dueAt: before.dueAt,
      });
      expect(
        ((await get('rs1', '/api/tasks?candidateGroup=dept-rs')).body as Task[]).some((t) => t.id === handle.id),
      ).toBe(true);
      expect(
        ((await get('zj1', '/api/tasks?candidateGroup=dept-zj')).body as Task[]).some((t) => t.id === handle.id),
      ).toBe(false);
      expect((await get('zj1', `/api/tasks/${handle.id}`)).status).toBe(404);

      const toUser = await post('rs1', `/api/tasks/${handle.id}/transfer`, { toUser: 'zz1', reason: '请陈静办理' });
      expect(toUser.body).toMatchObject({ assignee: 'zz1' });
      expect(
        (
          await post('zz1', `/api/tasks/${handle.id}/complete`, {
            variables: { result: '已办结并答复群众', resolved: true },
          })
        ).status,
      ).toBe(200);
      expect((await history(id)).filter((e) => e.type === 'taskTransferred').map((e) => e.actor)).toEqual([
        'zj1',
        'rs1',
      ]);
      expect((await notices('zz1')).some((n) => n.kind === 'transferred')).toBe(true);
    });

    it('refuses an unknown person and a missing recipient', async () => {
      const { handle } = await referredToHousing();
      expect(
        (await post('zj1', `/api/tasks/${handle.id}/transfer`, { toUser: 'nobody', reason: 'x' })).body.error.code,
      ).toBe('USER_NOT_FOUND');
      expect((await post('zj1', `/api/tasks/${handle.id}/transfer`, { reason: 'x' })).body.error.code).toBe(
        'RECIPIENT_REQUIRED',
      );
    });

    it('delegates: the delegate resolves, then the delegator completes', async () => {
      const { handle } = await referredToHousing();
      expect((await post('zj1', `/api/tasks/${handle.id}/claim`)).status).toBe(200);
      const d = await post('zj1', `/api/tasks/${handle.id}/delegate`, { toUser: 'zz1', reason: '请协助核实' });
      expect(d.status, JSON.stringify(d.body)).toBe(200);
      expect(d.body.assignee).toBe('zz1');
      expect((await get('zz1', `/api/tasks/${handle.id}`)).body).toMatchObject({
        allowedOperations: ['resolve', 'cc'],
        delegation: { owner: 'zj1', delegate: 'zz1', ownerName: '住建局 赵磊', delegateName: '综合组 陈静' },
      });
      const early = await post('zz1', `/api/tasks/${handle.id}/complete`, {
        variables: { result: '已核实情况属实', resolved: true },
      });
      expect(early.body.error.code).toBe('TASK_DELEGATED');
      expect((await post('zj1', `/api/tasks/${handle.id}/resolve`)).body.error.code).toBe('TASK_CLAIMED_BY_OTHER');
      const back = await post('zz1', `/api/tasks/${handle.id}/resolve`, { note: '情况属实' });
      expect(back.body).toMatchObject({ assignee: 'zj1' });
      expect(
        (
          await post('zj1', `/api/tasks/${handle.id}/complete`, {
            variables: { result: '已办结并答复群众', resolved: true },
          })
        ).status,
      ).toBe(200);
    });
  });

  describe('中止计时 / 恢复计时 on the task page', () => {
    it('offers a supervisor pause, then resume; a handler neither', async () => {
      const { handle } = await referredToHousing();
      expect((await get('zj1', `/api/tasks/${handle.id}`)).body.allowedOperations).not.toContain('pause');
      expect((await get('dispatcher1', `/api/tasks/${handle.id}`)).body.allowedOperations).toEqual([
        'cc',
        'cancel',
        'pause',
      ]);
      expect((await post('dispatcher1', `/api/tasks/${handle.id}/pause`, { reason: '等待司法鉴定结果' })).status).toBe(
        200,
      );
      expect((await get('dispatcher1', `/api/tasks/${handle.id}`)).body.allowedOperations).toEqual([
        'cc',
        'cancel',
        'resume',
      ]);
      expect((await post('dispatcher1', `/api/tasks/${handle.id}/resume`)).status).toBe(200);
    });
  });

  describe('抄送 cc', () => {
    it('gives recipients a notice; the case file reads isCcRecipient from case_cc', async () => {
      const { id, handle } = await referredToHousing();
      const r = await post('zj1', `/api/tasks/${handle.id}/cc`, {
        users: ['rs1'],
        groups: ['followup'],
        note: '请知悉',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect((await notices('rs1')).some((n) => n.kind === 'cc' && n.body === '请知悉')).toBe(true);
      expect((await notices('followup1')).some((n) => n.kind === 'cc')).toBe(true);

      expect(await isCcRecipient(rt.deps.db.knex, id, { username: 'rs1', groups: [] })).toBe(true);
      expect(await isCcRecipient(rt.deps.db.knex, id, { username: 'x', groups: ['followup'] })).toBe(true);
      expect(await isCcRecipient(rt.deps.db.knex, id, { username: 'zz1', groups: ['dept-zz'] })).toBe(false);
    });
  });
});
