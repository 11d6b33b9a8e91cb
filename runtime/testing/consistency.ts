import type { Knex } from 'knex';
import type { InstanceState } from '../../engine/index.js';
import { childId } from '../platform/ids.js';
import { parseState } from '../execution/instance-row.js';
import { historyEvents } from './durability.js';

/**
 * Checks that what the database says about every instance agrees with itself: the rows of open
 * tasks (`tasks`), jobs and subscriptions are exactly the waits in the instance's state; a closed
 * task is in `task_history` only (its deadline state went with its `tasks` row); an open task has
 * one inbox row per candidate (with its creation time) and a closed task none; the history holds each one-time event once
 * (and, for `linear` processes, each element's activation). Returns one line per disagreement.
 */
export async function inconsistencies(knex: Knex, options: { linear?: boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  const instances = (await knex('instances').select('id', 'process_key', 'state', 'status', 'version')) as Array<{
    id: string;
    process_key: string;
    state: string;
    status: string;
    version: number;
  }>;
  const group = <T extends { instance_id: string }>(rows: T[]) => {
    const by = new Map<string, T[]>();
    for (const r of rows) by.set(r.instance_id, [...(by.get(r.instance_id) ?? []), r]);
    return by;
  };
  const taskRows = (await knex('tasks').select(
    'id',
    'instance_id',
    'status',
    'created_at',
    'candidate_groups',
    'candidate_users',
  )) as CandidateTask[];
  const closedRows = (await knex('task_history').select('id', 'instance_id', 'status')) as ClosedTask[];
  const tasks = group(taskRows);
  const closedTasks = group(closedRows);
  problems.push(...taskTableProblems(taskRows, closedRows));
  const jobs = group(
    (await knex('jobs').whereNotNull('instance_id').select('id', 'instance_id', 'kind')) as Array<{
      id: string;
      instance_id: string;
      kind: string;
    }>,
  );
  const subs = group(
    (await knex('subscriptions').select('id', 'instance_id')) as Array<{ id: string; instance_id: string }>,
  );
  const signalSubs = group(
    (await knex('signal_subscriptions').select('id', 'instance_id')) as Array<{ id: string; instance_id: string }>,
  );
  const history = group((await historyEvents(knex)).map((e) => ({ instance_id: e.instanceId, ...e })));
  problems.push(
    ...candidateProblems(
      taskRows,
      closedRows,
      (await knex('task_candidates').select('kind', 'value', 'created_at', 'task_id')) as CandidateRow[],
    ),
  );

  const same = (what: string, id: string, rows: string[], waits: string[]) => {
    const a = [...rows].sort();
    const b = [...waits].sort();
    if (JSON.stringify(a) !== JSON.stringify(b))
      problems.push(`${id}: ${what} rows ${JSON.stringify(a)} but waits ${JSON.stringify(b)}`);
  };
  for (const inst of instances) {
    const state = parseState(inst);
    if (state.status !== inst.status)
      problems.push(`${inst.id}: row status ${inst.status}, state status ${state.status}`);
    const waits = Object.values(state.waits);
    const ids = (kinds: string[]) => waits.filter((w) => kinds.includes(w.kind)).map((w) => childId(inst.id, w.id));
    const myTasks = tasks.get(inst.id) ?? [];
    const myClosedTasks = closedTasks.get(inst.id) ?? [];
    same(
      'open task',
      inst.id,
      myTasks.map((t) => t.id),
      ids(['task']),
    );
    same(
      'job',
      inst.id,
      (jobs.get(inst.id) ?? []).map((j) => j.id),
      ids(['job', 'timer']),
    );
    same(
      'subscription',
      inst.id,
      (subs.get(inst.id) ?? []).map((s) => s.id),
      ids(['message']),
    );
    same(
      'signal subscription',
      inst.id,
      (signalSubs.get(inst.id) ?? []).map((s) => s.id),
      ids(['signal']),
    );

    const events = history.get(inst.id) ?? [];
    const count = (type: string) => events.filter((e) => e.type === type).length;
    if (count('instanceStarted') !== 1) problems.push(`${inst.id}: ${count('instanceStarted')} instanceStarted events`);
    const taskCount = myTasks.length + myClosedTasks.length;
    if (count('taskCreated') !== taskCount)
      problems.push(`${inst.id}: ${count('taskCreated')} taskCreated events for ${taskCount} task rows`);
    const completedTasks = myClosedTasks.filter((t) => t.status === 'completed').length;
    if (count('taskCompleted') !== completedTasks)
      problems.push(
        `${inst.id}: ${count('taskCompleted')} taskCompleted events for ${completedTasks} completed task rows`,
      );
    const ended = count('instanceCompleted') + count('instanceTerminated');
    if (ended !== (inst.status === 'active' ? 0 : 1))
      problems.push(`${inst.id}: ${ended} end events for status ${inst.status}`);
    // In a process without loops or multi-instance, every element is activated at most once.
    const activations = new Map<string, number>();
    for (const e of events)
      if (e.type === 'elementActivated' && e.elementId)
        activations.set(e.elementId, (activations.get(e.elementId) ?? 0) + 1);
    if (options.linear)
      for (const [el, n] of activations) if (n > 1) problems.push(`${inst.id}: <${el}> activated ${n} times`);
    const fired = events.filter((e) => e.type === 'timerFired').map((e) => e.elementId);
    if (new Set(fired).size !== fired.length) problems.push(`${inst.id}: a timer fired twice (${fired.join(', ')})`);
  }
  const orphanTasks = [...new Set([...tasks.keys(), ...closedTasks.keys()])].filter(
    (id) => !instances.some((i) => i.id === id),
  );
  if (orphanTasks.length > 0) problems.push(`tasks of missing instances: ${orphanTasks.join(', ')}`);
  return problems;
}

interface CandidateTask {
  id: string;
  instance_id: string;
  status: string;
  created_at: string;
  candidate_groups: string;
  candidate_users: string;
}
type CandidateRow = { kind: string; value: string; created_at: string; task_id: string };
type ClosedTask = { id: string; instance_id: string; status: string };

/** `tasks` holds open tasks only (with their deadline state), `task_history` closed ones (completed or cancelled), and no task is in both. */
function taskTableProblems(open: CandidateTask[], closed: ClosedTask[]): string[] {
  const problems: string[] = [];
  const openIds = new Set(open.map((t) => t.id));
  for (const t of open) if (t.status !== 'open') problems.push(`task ${t.id} is ${t.status} but still in tasks`);
  for (const t of closed) {
    if (t.status !== 'completed' && t.status !== 'cancelled')
      problems.push(`task ${t.id} is ${t.status} in task_history`);
    if (openIds.has(t.id)) problems.push(`task ${t.id} is both in tasks and in task_history`);
  }
  return problems;
}

/** `task_candidates` holds exactly the candidates of open tasks: one row per distinct group or user, with the task's created_at. */
function candidateProblems(tasks: CandidateTask[], closed: ClosedTask[], rows: CandidateRow[]): string[] {
  const problems: string[] = [];
  const byTask = new Map<string, CandidateRow[]>();
  for (const r of rows) byTask.set(r.task_id, [...(byTask.get(r.task_id) ?? []), r]);
  for (const t of tasks) {
    const mine = byTask.get(t.id) ?? [];
    byTask.delete(t.id);
    const expected = t.status === 'open' ? candidateKeys(t) : [];
    const actual = mine.map((r) => `${r.kind}:${r.value}`).sort();
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      problems.push(
        `${t.status} task ${t.id}: candidate rows ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
      );
    for (const r of mine)
      if (r.created_at !== t.created_at)
        problems.push(
          `candidate ${r.kind}:${r.value} of task ${t.id} created ${r.created_at}, the task ${t.created_at}`,
        );
  }
  const closedIds = new Set(closed.map((t) => t.id));
  for (const taskId of byTask.keys())
    problems.push(`candidate rows of ${closedIds.has(taskId) ? 'closed' : 'missing'} task ${taskId}`);
  return problems;
}

function candidateKeys(t: CandidateTask): string[] {
  const groups = new Set(JSON.parse(t.candidate_groups) as string[]);
  const users = new Set(JSON.parse(t.candidate_users) as string[]);
  return [...[...groups].map((g) => `group:${g}`), ...[...users].map((u) => `user:${u}`)].sort();
}
