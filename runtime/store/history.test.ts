import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandHistory, historyRow, type NewHistoryEvent } from './history.js';

const AT = '2026-11-25T10:00:00.000Z';

describe('history rows', () => {
  it('store an appeal start compactly and expand it back event by event', () => {
    const events: NewHistoryEvent[] = [
      { type: 'instanceStarted', elementId: 'StartEvent_Appeal' },
      { type: 'elementActivated', elementId: 'StartEvent_Appeal' },
      { type: 'elementCompleted', elementId: 'StartEvent_Appeal' },
      { type: 'flowTaken', elementId: 'Flow_ToReceive' },
      { type: 'elementActivated', elementId: 'Task_Receive' },
      { type: 'taskCreated', elementId: 'Task_Receive' },
    ];
    const row = historyRow('case1', AT, 'window1', events);
    expect(row.events).toBe(
      '[["is","StartEvent_Appeal"],["a"],["c"],["f","Flow_ToReceive"],["a","Task_Receive"],["tc"]]',
    );
    expect(expandHistory([row])).toEqual(
      events.map((e) => ({ type: e.type, elementId: e.elementId, at: AT, actor: 'window1', data: null })),
    );
  });

  it('keep data, other times, missing elements and unknown or code-like types', () => {
    const events: NewHistoryEvent[] = [
      { type: 'note', elementId: null, data: { reason: '群众撤回' } },
      { type: 'a', elementId: null },
      { type: '=x', elementId: 'Task_A', data: { n: 1 } },
      { type: 'taskCompleted', elementId: 'Task_A', at: '2026-11-25T10:00:01.000Z' },
      { type: 'elementCompleted', elementId: 'Task_A', data: [1, 2] },
    ];
    const expanded = expandHistory([historyRow('case1', AT, null, events)]);
    expect(expanded).toEqual([
      { type: 'note', elementId: null, at: AT, actor: null, data: { reason: '群众撤回' } },
      { type: 'a', elementId: null, at: AT, actor: null, data: null },
      { type: '=x', elementId: 'Task_A', at: AT, actor: null, data: { n: 1 } },
      { type: 'taskCompleted', elementId: 'Task_A', at: '2026-11-25T10:00:01.000Z', actor: null, data: null },
      { type: 'elementCompleted', elementId: 'Task_A', at: AT, actor: null, data: [1, 2] },
    ]);
  });

  it('round-trip any sequence of events', () => {
    const event = fc.record({
      type: fc.oneof(
        fc.constantFrom('elementActivated', 'flowTaken', 'note', 'a', '=a', 'is'),
        fc.string({ minLength: 1, maxLength: 12 }),
      ),
      elementId: fc.option(fc.constantFrom('A', 'B', 'Task_C'), { nil: null }),
      data: fc.option(
        fc
          .jsonValue()
          .filter((v) => v !== null)
          .map((v) => JSON.parse(JSON.stringify(v)) as unknown),
        { nil: null },
      ),
      at: fc.constantFrom(AT, '2026-11-26T00:00:00.000Z'),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        const expanded = expandHistory([historyRow('x', AT, 'u', events)]);
        expect(expanded).toEqual(
          events.map((e) => ({ type: e.type, elementId: e.elementId, at: e.at, actor: 'u', data: e.data })),
        );
      }),
    );
  });
});
