import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childId } from '../platform/ids.js';
import { findTask } from '../store/task-row.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { CommandService } from './command-service.js';
import { parseState } from './instance-row.js';

const dialects = await testDialects();

const INTAKE = {
  applicantName: '张三',
  phone: '13800000000',
  category: '劳动纠纷',
  description: '公司拖欠工资三个月未发放',
  channel: '窗口',
};
const HANDLE = { result: '已协调企业补发全部拖欠工资', resolved: true };
const FOLLOW_UP = { satisfaction: '满意', remark: '群众对处理结果表示满意' };

/** Two command services on one database stand for two server processes, each with its own instance cache. */
describe.each(dialects)('instance cache on %s', (dialect) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, runJobs: false });
  });
  afterAll(async () => rt?.stop());

  const taskAt = async (commands: CommandService, instanceId: string, el: string) => {
    const row = await commands.transact(async (unit) => (await unit.readInstance(instanceId))!);
    const wait = Object.values(parseState(row).waits).find((w) => w.kind === 'task' && w.el === el)!;
    return childId(instanceId, wait.id);
  };
  const complete = (commands: CommandService, taskId: string, variables: Record<string, unknown>) =>
    commands.transact(async (unit) => {
      const { instanceId, localId } = await unit.requireOpenTask(taskId);
      return unit.execute(instanceId, { type: 'completeTask', taskId: localId, variables }, 'tester');
    });

  it('a process whose cached case another process moved on completes the new task, and cannot complete the old one twice', async () => {
    const a = rt.deps.commands;
    const b = new CommandService(rt.deps.db, a.services);
    const def = (await rt.deps.definitions.resolve(rt.deps.db.knex, 'process', 'appeal-loop', 'town-a'))!;
    const started = await a.transact((unit) => unit.start({ definitionId: def.id, tenant: 'town-a', actor: 'tester' }));
    const receive = await taskAt(a, started.id, 'Task_Receive');

    // B completes the intake; A still holds the case as it started.
    await complete(b, receive, INTAKE);
    const handle = await taskAt(b, started.id, 'Task_HandleLabour');

    // A's cached case has no such task: A checks the database before refusing, then completes it.
    await complete(a, handle, HANDLE);
    expect((await findTask(rt.deps.db.knex, handle))?.status).toBe('completed');

    // B's cached case still waits at the labour task: its write fails its version guard, B reads
    // the case again and refuses, and nothing was written twice.
    await expect(complete(b, handle, HANDLE)).rejects.toMatchObject({
      status: 409,
      code: 'TASK_NOT_OPEN',
      message: expect.stringContaining('completed'),
    });
    const followUp = await taskAt(a, started.id, 'Task_FollowUp');
    const done = await complete(b, followUp, FOLLOW_UP);
    expect(done.state.status).toBe('completed');
    const history = (
      await rt.request('GET', `/api/process-instances/${started.id}/history`, { token: await rt.login('admin') })
    ).body.events as Array<{ type: string; elementId: string }>;
    expect(history.filter((e) => e.type === 'taskCompleted').map((e) => e.elementId)).toEqual([
      'Task_Receive',
      'Task_HandleLabour',
      'Task_FollowUp',
    ]);
  });
});
