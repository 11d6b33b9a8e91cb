import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Effect } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'commands-incidents.bpmn';
const { processes } = await compileOrThrow([
  { name: FILE, content: readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8') },
]);
const def = (id: string) => processes[id]!;
const NOW = '2026-03-02T01:00:00.000Z';

function step(s: Scenario, act: (s: Scenario) => void): Effect[] {
  const before = s.effects.length;
  act(s);
  return s.effects.slice(before);
}

describe('failJob and JOB_NO_RETRIES', () => {
  it('a failure with retries left keeps the job open with the new retry count; no incident', () => {
    const s = new Scenario(def('job-retries')).start({ appealId: 'A-1' });
    const job = s.wait('Task_Sync', 'job');
    expect(s.effects).toContainEqual({
      type: 'createJob',
      jobId: job.id,
      elementId: 'Task_Sync',
      jobType: 'hotline-sync',
      retries: 3,
      headers: {},
    });
    const effects = step(s, (x) =>
      x.send({ type: 'failJob', jobId: job.id, retries: 2, errorMessage: '热线接口 503' }),
    );
    expect(effects).toEqual([]);
    expect(s.eventsOf('jobFailed')).toEqual([
      { type: 'jobFailed', at: NOW, el: 'Task_Sync', data: { retries: 2, error: '热线接口 503' } },
    ]);
    expect(s.wait('Task_Sync', 'job')).toMatchObject({ id: job.id, retries: 2 });
    expect(s.incidents).toEqual([]);
    s.completeJob('Task_Sync', { synced: true });
    expect(s.status).toBe('completed');
  });

  it('a failure with no retries left raises JOB_NO_RETRIES; resolving with retries re-creates the job and the boundary timer keeps running', () => {
    const s = new Scenario(def('job-retries')).start({ appealId: 'A-1' });
    const job = s.wait('Task_Sync', 'job').id;
    const timer = s.wait('Timer_SyncSlow', 'timer');
    s.send({ type: 'failJob', jobId: job, retries: 0, errorMessage: '热线接口 503' });
    expect(s.incidents).toEqual([
      {
        id: expect.any(Number),
        code: 'JOB_NO_RETRIES',
        el: 'Task_Sync',
        token: expect.any(Number),
        message: 'job failed and has no retries left: 热线接口 503',
        at: NOW,
      },
    ]);
    expect(s.describeWaits()).toBe('timer@Timer_SyncSlow');
    expect(() => s.send({ type: 'completeJob', jobId: job })).toThrow(
      expect.objectContaining({ code: 'WAIT_NOT_FOUND' }),
    );

    s.advance('PT1H');
    const incidentId = s.incidents[0]!.id;
    const effects = step(s, (x) => x.send({ type: 'resolveIncident', incidentId, retries: 5 }));
    const newJob = s.wait('Task_Sync', 'job');
    expect(newJob.id).not.toBe(job);
    expect(effects).toEqual([
      { type: 'createJob', jobId: newJob.id, elementId: 'Task_Sync', jobType: 'hotline-sync', retries: 5, headers: {} },
    ]);
    expect(s.incidents).toEqual([]);
    expect(s.eventsOf('incidentResolved')).toEqual([
      { type: 'incidentResolved', at: '2026-03-02T02:00:00.000Z', el: 'Task_Sync', data: { incidentId } },
    ]);
    // The activity was not re-entered: the timer still counts from the first activation.
    expect(s.wait('Timer_SyncSlow', 'timer')).toEqual(timer);
    expect(s.eventsOf('elementActivated').filter((e) => e.el === 'Task_Sync')).toHaveLength(1);

    s.completeJob('Task_Sync');
    expect(s.status).toBe('completed');
  });

  it('resolving without retries re-creates the job with the definition retries', () => {
    const s = new Scenario(def('job-retries')).start({ appealId: 'A-1' });
    s.send({ type: 'failJob', jobId: s.wait('Task_Sync', 'job').id, retries: 0 });
    const effects = step(s, (x) => x.send({ type: 'resolveIncident', incidentId: x.incidents[0]!.id }));
    expect(effects).toEqual([expect.objectContaining({ type: 'createJob', retries: 3 })]);
  });
});

describe('FEEL errors at run time become incidents', () => {
  it('an assignee expression whose assertion fails is an incident; setVariables + resolveIncident continues', () => {
    const s = new Scenario(def('assignee-error')).start({ department: 'dept-rs' });
    expect(s.effects).toEqual([]);
    expect(s.incidents).toHaveLength(1);
    expect(s.incidents[0]).toMatchObject({ code: 'FEEL_ERROR', el: 'Task_Assign' });
    expect(s.incidents[0]!.message).toContain('assertion failed: no handler for dept-rs');
    expect(s.active).toEqual(['Task_Assign']);
    expect(s.state!.tokens[s.incidents[0]!.token]!.phase).toBe('incident');

    s.send({ type: 'setVariables', variables: { handler: 'wang.wu' } });
    expect(s.eventsOf('variablesUpdated')).toEqual([
      { type: 'variablesUpdated', at: NOW, data: { names: ['handler'] } },
    ]);
    const effects = step(s, (x) => x.send({ type: 'resolveIncident', incidentId: x.incidents[0]!.id }));
    expect(effects).toEqual([
      {
        type: 'createTask',
        taskId: s.wait('Task_Assign').id,
        elementId: 'Task_Assign',
        name: '承办',
        assignee: 'wang.wu',
        candidateGroups: ['dept-rs'],
        candidateUsers: [],
        priority: 50,
      },
    ]);
    s.completeTask('Task_Assign');
    expect(s.status).toBe('completed');
  });

  it('the assignee expression is not an error when the handler is known', () => {
    const s = new Scenario(def('assignee-error')).start({ department: 'dept-rs', handler: 'li.si' });
    expect(s.effects).toEqual([expect.objectContaining({ type: 'createTask', assignee: 'li.si' })]);
  });

  it('candidate groups from a variable that does not exist are one incident, not a task nobody can see', () => {
    const s = new Scenario(def('assignee-error')).start({ handler: 'wang.wu' });
    expect(s.effects).toEqual([]);
    expect(s.incidents).toEqual([
      expect.objectContaining({
        code: 'FEEL_ERROR',
        el: 'Task_Assign',
        message: `candidate groups =department evaluated to null: [NO_VARIABLE_FOUND] Variable 'department' not found`,
      }),
    ]);
  });

  it('a gateway condition that is not a boolean is an incident naming the flow; fixing the variable continues', () => {
    const s = new Scenario(def('condition-error')).start({ urgent: '是' });
    expect(s.incidents).toEqual([
      expect.objectContaining({
        code: 'FEEL_ERROR',
        el: 'Gateway_Urgent',
        message: 'condition of <Flow_C_Urgent> =urgent returned "是", expected true or false',
      }),
    ]);
    expect(s.eventsOf('flowTaken').map((e) => e.el)).toEqual(['Flow_C_1']);
    // Resolving without a fix raises the same incident again.
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.incidents).toHaveLength(1);
    expect(s.eventsOf('incidentRaised')).toHaveLength(2);

    s.send({ type: 'setVariables', variables: { urgent: true } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.incidents).toEqual([]);
    expect(s.active).toEqual(['Task_Fast']);
    expect(s.eventsOf('flowTaken').map((e) => e.el)).toEqual(['Flow_C_1', 'Flow_C_Urgent']);
  });
});

describe('leaving an incident behind', () => {
  it('moving the token away from a failed gateway resolves its incident', () => {
    const s = new Scenario(def('condition-error')).start({ urgent: 'unknown' });
    const incidentId = s.incidents[0]!.id;
    s.send({ type: 'moveTokens', cancel: ['Gateway_Urgent'], activate: ['Task_Normal'] });
    expect(s.incidents).toEqual([]);
    expect(s.eventsOf('incidentResolved')).toEqual([
      { type: 'incidentResolved', at: NOW, el: 'Gateway_Urgent', data: { incidentId, terminated: true } },
    ]);
    expect(s.active).toEqual(['Task_Normal']);
    s.completeTask('Task_Normal');
    expect(s.status).toBe('completed');
  });

  it('cancelling the instance resolves its open incidents', () => {
    const s = new Scenario(def('job-retries')).start({ appealId: 'A-1' });
    s.send({ type: 'failJob', jobId: s.wait('Task_Sync', 'job').id, retries: 0 });
    const timer = s.wait('Timer_SyncSlow').id;
    const effects = step(s, (x) => x.send({ type: 'cancelInstance' }));
    expect(effects).toEqual([{ type: 'cancelTimer', timerId: timer }]);
    expect(s.incidents).toEqual([]);
    expect(s.status).toBe('terminated');
  });
});

describe('loop budget', () => {
  it('a loop without a wait state stops at maxSteps with LOOP_BUDGET_EXCEEDED instead of crashing, and can be resolved', () => {
    const s = new Scenario(def('loop-budget'), { maxSteps: 50 });
    expect(() => s.start({ count: 0, limit: 1_000_000 })).not.toThrow();
    expect(s.status).toBe('active');
    expect(s.incidents).toEqual([
      expect.objectContaining({
        code: 'LOOP_BUDGET_EXCEEDED',
        message: 'more than 50 steps in one command; the process probably loops without a wait state',
      }),
    ]);
    expect(s.eventsOf('elementActivated')).toHaveLength(50);
    expect(s.active).toHaveLength(1);
    const count = s.variables.count as number;
    expect(count).toBeGreaterThan(20);
    expect(count).toBeLessThan(30);

    s.send({ type: 'setVariables', variables: { limit: 0 } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.status).toBe('completed');
    expect(s.incidents).toEqual([]);
    expect(s.completed.at(-1)).toBe('End_L');
  });

  it('a loop that ends within the budget completes normally', () => {
    const s = new Scenario(def('loop-budget'), { maxSteps: 50 }).start({ count: 0, limit: 10 });
    expect(s.status).toBe('completed');
    expect(s.variables.count).toBe(10);
    expect(s.completed.filter((el) => el === 'Script_Count')).toHaveLength(10);
  });
});
