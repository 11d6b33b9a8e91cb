import { describe, expect, it } from 'vitest';
import { CommandRejected } from '../commands.js';
import type { Effect } from '../effects.js';
import { visibleVariables } from '../kernel/variables.js';
import { loadFixture, Scenario } from '../testing/scenario.js';

const def = await loadFixture(new URL('./activities-tasks.bpmn', import.meta.url));
const START = {
  caseId: 'A-42',
  claims: [{ amount: 1200 }, { amount: 800.5 }],
  applicant: { phone: '13900000000' },
  channel: 'wechat',
};

function step(s: Scenario, action: (s: Scenario) => void): Effect[] {
  const before = s.effects.length;
  action(s);
  return s.effects.slice(before);
}

const atReceive = () =>
  new Scenario(def).start(START).completeJob('Service_Notify', { messageId: 'm-1' }).completeJob('Send_Receipt');

describe('tasks that complete by themselves', () => {
  it('a plain task and a manual task pass straight through; the script task writes its FEEL result', () => {
    const s = new Scenario(def).start(START);
    expect(s.completed).toEqual(['StartEvent_1', 'Task_Log', 'Manual_Phone', 'Script_Total']);
    expect(s.variables.total).toBe(2000.5);
    expect(s.active).toEqual(['Service_Notify']);
    expect(s.eventsOf('taskCreated')).toEqual([]);
  });

  it('a script over missing data yields null (FEEL), not a failure', () => {
    const s = new Scenario(def).start({ ...START, claims: null });
    expect(s.variables.total).toBeNull();
    expect(s.incidents).toEqual([]);
  });
});

describe('service task', () => {
  it('creates a job with its type, retries and headers, and waits', () => {
    const s = new Scenario(def).start(START);
    const job = s.wait('Service_Notify', 'job');
    expect(s.effects.filter((e) => e.type === 'createJob')).toEqual([
      {
        type: 'createJob',
        jobId: job.id,
        elementId: 'Service_Notify',
        jobType: 'sms-notify',
        retries: 5,
        headers: { template: 'APPEAL_RECEIVED', signature: '12345热线' },
      },
    ]);
    expect(job.retries).toBe(5);
    expect(s.eventsOf('jobCreated')).toEqual([
      expect.objectContaining({ el: 'Service_Notify', data: { jobType: 'sms-notify' } }),
    ]);
    // The worker sees the input-mapped local beside the process variables.
    const token = s.state!.tokens[job.token!]!;
    expect(visibleVariables(s.state!, token.local!)).toMatchObject({ phone: '13900000000', caseId: 'A-42' });
    expect(s.variables).not.toHaveProperty('phone');
  });

  it('completing the job applies its output mappings only', () => {
    const s = new Scenario(def).start(START).completeJob('Service_Notify', { messageId: 'm-1', provider: 'aliyun' });
    expect(s.variables.smsId).toBe('m-1');
    for (const name of ['messageId', 'provider', 'phone']) expect(s.variables).not.toHaveProperty(name);
    expect(s.eventsOf('jobCompleted').map((e) => e.el)).toEqual(['Service_Notify']);
    expect(s.active).toEqual(['Send_Receipt']);
  });

  it('a failure with retries left keeps the job; without retries it becomes an incident; resolving with retries creates a new job', () => {
    const s = new Scenario(def).start(START);
    const job = s.wait('Service_Notify', 'job');
    s.send({ type: 'failJob', jobId: job.id, retries: 2, errorMessage: 'gateway timeout' });
    expect(s.wait('Service_Notify', 'job')).toMatchObject({ id: job.id, retries: 2 });
    expect(s.incidents).toEqual([]);

    const effects = step(s, (x) =>
      x.send({ type: 'failJob', jobId: job.id, retries: 0, errorMessage: 'gateway timeout' }),
    );
    expect(effects).toEqual([]);
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'JOB_NO_RETRIES', el: 'Service_Notify' })]);
    expect(s.incidents[0]!.message).toContain('gateway timeout');
    expect(s.describeWaits()).toBe('none');
    expect(s.eventsOf('jobFailed').map((e) => e.data)).toEqual([
      { retries: 2, error: 'gateway timeout' },
      { retries: 0, error: 'gateway timeout' },
    ]);

    const again = step(s, (x) => x.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id, retries: 3 }));
    const newJob = s.wait('Service_Notify', 'job');
    expect(newJob.id).not.toBe(job.id);
    expect(again).toEqual([
      {
        type: 'createJob',
        jobId: newJob.id,
        elementId: 'Service_Notify',
        jobType: 'sms-notify',
        retries: 3,
        headers: { template: 'APPEAL_RECEIVED', signature: '12345热线' },
      },
    ]);
    s.completeJob('Service_Notify', { messageId: 'm-2' });
    expect(s.variables.smsId).toBe('m-2');
  });

  it('a BPMN error thrown by the worker that nothing catches is an incident', () => {
    const s = new Scenario(def).start(START);
    s.send({
      type: 'throwError',
      waitId: s.wait('Service_Notify', 'job').id,
      errorCode: 'NO_PHONE',
      errorMessage: '号码无效',
    });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'UNHANDLED_ERROR', el: 'Service_Notify' })]);
    expect(s.incidents[0]!.message).toContain('NO_PHONE');
    expect(s.eventsOf('errorThrown')).toEqual([
      expect.objectContaining({ el: 'Service_Notify', data: { code: 'NO_PHONE', caught: false } }),
    ]);
  });

  it('rejects completing the job as if it were a user task', () => {
    const s = new Scenario(def).start(START);
    const before = JSON.stringify(s.state);
    expect(() => s.send({ type: 'completeTask', taskId: s.wait('Service_Notify').id })).toThrow(
      expect.objectContaining({ code: 'WRONG_WAIT_KIND' }),
    );
    expect(JSON.stringify(s.state)).toBe(before);
  });
});

describe('send task', () => {
  it('is a job whose type may be FEEL; default retries are 3', () => {
    const s = new Scenario(def).start(START);
    const effects = step(s, (x) => x.completeJob('Service_Notify', { messageId: 'm-1' }));
    expect(effects).toEqual([
      {
        type: 'createJob',
        jobId: s.wait('Send_Receipt').id,
        elementId: 'Send_Receipt',
        jobType: 'receipt-wechat',
        retries: 3,
        headers: {},
      },
    ]);
    s.completeJob('Send_Receipt', { receiptNo: 'R-9' });
    expect(s.variables.receiptNo).toBe('R-9');
    expect(s.active).toEqual(['Receive_Reply']);
  });
});

describe('receive task', () => {
  it('subscribes to its message with the correlation key evaluated from the variables', () => {
    const s = new Scenario(def).start(START);
    const effects = step(s, (x) => x.completeJob('Service_Notify', { messageId: 'm-1' }).completeJob('Send_Receipt'));
    expect(effects.at(-1)).toEqual({
      type: 'openSubscription',
      subscriptionId: s.wait('Receive_Reply', 'message').id,
      elementId: 'Receive_Reply',
      messageName: 'citizen-reply',
      correlationKey: 'A-42',
    });
  });

  it('ignores a message for another case and completes with the right one, merging its variables', () => {
    const s = atReceive();
    expect(() => s.message('citizen-reply', 'A-43', { reply: 'x' })).toThrow(CommandRejected);
    expect(() => s.message('other-message', 'A-42')).toThrow(CommandRejected);
    const effects = step(s, (x) => x.message('citizen-reply', 'A-42', { reply: '同意调解方案' }));
    expect(effects).toEqual([]);
    expect(s.status).toBe('completed');
    expect(s.variables.reply).toBe('同意调解方案');
    expect(s.completed.slice(-2)).toEqual(['Receive_Reply', 'End_Done']);
    expect(s.completed).toEqual([
      'StartEvent_1',
      'Task_Log',
      'Manual_Phone',
      'Script_Total',
      'Service_Notify',
      'Send_Receipt',
      'Receive_Reply',
      'End_Done',
    ]);
  });

  it('a correlation key that evaluates to null is an incident at the receive task', () => {
    const s = new Scenario(def)
      .start({ ...START, caseId: null })
      .completeJob('Service_Notify')
      .completeJob('Send_Receipt');
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'FEEL_ERROR', el: 'Receive_Reply' })]);
    expect(s.describeWaits()).toBe('none');
  });
});
