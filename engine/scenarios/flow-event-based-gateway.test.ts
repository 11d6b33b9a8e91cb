import { describe, expect, it } from 'vitest';
import { CommandRejected } from '../commands.js';
import type { Effect } from '../effects.js';
import { loadFixture, Scenario } from '../testing/scenario.js';

const def = await loadFixture(new URL('./flow-event-based-gateway.bpmn', import.meta.url));
const NOW = '2026-03-02T01:00:00.000Z';

/** The instance waiting at the gateway, with the effects of that last step. */
function atGateway(vars: Record<string, unknown> = {}): { s: Scenario; opened: Effect[] } {
  const s = new Scenario(def, { now: NOW }).start({ caseId: 'A-7', waitFor: 'P5D', ...vars });
  const before = s.effects.length;
  s.completeTask('Task_Request');
  return { s, opened: s.effects.slice(before) };
}

function lastEffects(s: Scenario, step: (s: Scenario) => void): Effect[] {
  const before = s.effects.length;
  step(s);
  return s.effects.slice(before);
}

describe('event-based gateway', () => {
  it('subscribes to every following event: two messages with correlation keys and a timer on the injected clock', () => {
    const { s, opened } = atGateway();
    expect(s.active).toEqual(['Gateway_Wait']);
    expect(opened).toEqual([
      {
        type: 'openSubscription',
        subscriptionId: expect.any(Number),
        elementId: 'Event_Docs',
        messageName: 'documents-submitted',
        correlationKey: 'A-7',
      },
      {
        type: 'scheduleTimer',
        timerId: expect.any(Number),
        elementId: 'Event_Deadline',
        dueAt: '2026-03-07T01:00:00.000Z',
      },
      {
        type: 'openSubscription',
        subscriptionId: expect.any(Number),
        elementId: 'Receive_Withdraw',
        messageName: 'appeal-withdrawn',
        correlationKey: 'A-7',
      },
    ]);
    expect(s.describeWaits()).toBe('message@Event_Docs, timer@Event_Deadline, message@Receive_Withdraw');
  });

  it('a message wins: the timer and the other subscription are cancelled by effect', () => {
    const { s } = atGateway();
    const timer = s.wait('Event_Deadline').id;
    const withdraw = s.wait('Receive_Withdraw').id;
    const effects = lastEffects(s, (x) => x.message('documents-submitted', 'A-7', { documents: ['身份证', '合同'] }));
    expect(effects).toContainEqual({ type: 'cancelTimer', timerId: timer });
    expect(effects).toContainEqual({ type: 'closeSubscription', subscriptionId: withdraw });
    // The subscription that fired is consumed, not closed.
    expect(effects.filter((e) => e.type === 'closeSubscription')).toHaveLength(1);
    expect(s.active).toEqual(['Task_Review']);
    expect(s.variables.documents).toEqual(['身份证', '合同']);
    expect(s.completed.slice(-2)).toEqual(['Gateway_Wait', 'Event_Docs']);
    expect(
      s
        .eventsOf('flowTaken')
        .map((e) => e.el)
        .slice(-2),
    ).toEqual(['Flow_ToDocs', 'Flow_DocsDone']);
    expect(s.describeWaits()).toBe('task@Task_Review');

    // The losers are gone: a late withdrawal or a fired timer is rejected.
    expect(() => s.message('appeal-withdrawn', 'A-7')).toThrow(CommandRejected);
    expect(() => s.send({ type: 'fireTimer', timerId: timer })).toThrow(/no open timer/);
  });

  it('the timer wins: both subscriptions are closed', () => {
    const { s } = atGateway();
    const subs = [s.wait('Event_Docs').id, s.wait('Receive_Withdraw').id];
    const effects = lastEffects(s, (x) => x.fireTimer('Event_Deadline'));
    expect(s.now).toBe('2026-03-07T01:00:00.000Z');
    expect(
      effects
        .filter((e) => e.type === 'closeSubscription')
        .map((e) => e.type === 'closeSubscription' && e.subscriptionId)
        .sort(),
    ).toEqual(subs.sort());
    expect(effects.some((e) => e.type === 'cancelTimer')).toBe(false);
    expect(s.active).toEqual(['Task_Close']);
    expect(s.eventsOf('timerFired').map((e) => e.el)).toEqual(['Event_Deadline']);
    s.completeTask('Task_Close');
    expect(s.status).toBe('completed');
    expect(s.completed.slice(-4)).toEqual(['Gateway_Wait', 'Event_Deadline', 'Task_Close', 'End_Closed']);
  });

  it('a receive task can follow the gateway: its message completes it', () => {
    const { s } = atGateway();
    const effects = lastEffects(s, (x) => x.message('appeal-withdrawn', 'A-7', { reason: '已自行协商解决' }));
    expect(effects).toEqual([
      { type: 'closeSubscription', subscriptionId: expect.any(Number) },
      { type: 'cancelTimer', timerId: expect.any(Number) },
    ]);
    expect(s.status).toBe('completed');
    expect(s.variables.reason).toBe('已自行协商解决');
    expect(s.completed.slice(-3)).toEqual(['Gateway_Wait', 'Receive_Withdraw', 'End_Withdrawn']);
    expect(s.eventsOf('messageCorrelated')).toEqual([
      expect.objectContaining({ el: 'Receive_Withdraw', data: { name: 'appeal-withdrawn', correlationKey: 'A-7' } }),
    ]);
  });

  it('a message with another correlation key does not reach this instance', () => {
    const { s } = atGateway();
    const before = JSON.stringify(s.state);
    expect(() => s.message('documents-submitted', 'A-8')).toThrow(
      expect.objectContaining({ code: 'MESSAGE_NOT_CORRELATED' }),
    );
    expect(JSON.stringify(s.state)).toBe(before);
  });

  it('an event whose timer cannot be resolved raises an incident and leaves no subscription open', () => {
    const { s, opened } = atGateway({ waitFor: 'soon' });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'FEEL_ERROR', el: 'Gateway_Wait' })]);
    expect(s.incidents[0]!.message).toContain('Event_Deadline');
    expect(s.describeWaits()).toBe('none');
    expect(opened.filter((e) => e.type === 'openSubscription' || e.type === 'scheduleTimer')).toEqual([]);
    expect(() => s.message('documents-submitted', 'A-7')).toThrow(CommandRejected);

    s.send({ type: 'setVariables', variables: { waitFor: 'PT12H' } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.wait('Event_Deadline').dueAt).toBe('2026-03-02T13:00:00.000Z');
    s.message('documents-submitted', 'A-7');
    expect(s.active).toEqual(['Task_Review']);
  });
});
