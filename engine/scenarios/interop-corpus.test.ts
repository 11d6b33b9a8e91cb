// Three real Camunda 8 files of the shared interop corpus (third-party, read in place, never copied)
// that cannot complete on the data their `.vars.json` gives: they stop where Zeebe stops (an incident
// for a null correlation key or a null condition, a loop while the user is not satisfied), and they
// complete once the data a connector or a form would supply is given.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Variables } from '../commands.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CASES = [resolve(ROOT, '../shared/interop/cases'), resolve(ROOT, '../../shared/interop/cases')].find((d) =>
  existsSync(d),
);
const file = (name: string) => {
  const full = `camunda__camunda-8-tutorials__${name}`;
  return { name: full, content: readFileSync(resolve(CASES!, full), 'utf8') };
};

interface Data {
  jobs?: Record<string, Variables>;
  /** Per user task, the variables of its 1st, 2nd … completion (the last repeats). */
  tasks?: Record<string, Variables[]>;
  messages?: Record<string, Variables>;
}

/** Completes jobs and tasks and publishes the messages waited for (their own correlation keys), until nothing moves. */
function drive(s: Scenario, data: Data, rounds = 60): Scenario {
  const done: Record<string, number> = {};
  for (let i = 0; i < rounds && s.status === 'active' && s.incidents.length === 0; i++) {
    const waits = Object.values(s.state!.waits);
    const job = waits.find((w) => w.kind === 'job');
    const task = waits.find((w) => w.kind === 'task');
    const message = waits.find((w) => w.kind === 'message' && w.message! in (data.messages ?? {}));
    if (job) s.completeJob(job.el, data.jobs?.[job.el] ?? {});
    else if (task) {
      const list = data.tasks?.[task.el] ?? [{}];
      const n = (done[task.el] = (done[task.el] ?? 0) + 1);
      s.completeTask(task.el, list[Math.min(n, list.length) - 1]!);
    } else if (message) s.message(message.message!, message.key, data.messages![message.message!]);
    else break;
  }
  return s;
}

describe.skipIf(!CASES)('corpus files that stop where Zeebe stops without their data', () => {
  describe('RPA orchestration with compensation', async () => {
    const rpa = CASES
      ? (await compileOrThrow([file('RPA_Orchestration_-_with_compensation.bpmn')])).processes.Orchestrate_UiPath_Bot!
      : undefined;
    const ITEM_UPDATED = '36a59b39-c6d5-41e6-aa34-bd805badab31';

    it('without queueItemId (the UiPath connector’s result): the event-based gateway cannot subscribe, an incident', () => {
      const s = drive(new Scenario(rpa!).start(), {});
      expect(s.incidents).toEqual([expect.objectContaining({ code: 'FEEL_ERROR', el: 'Gateway_1j8nunf' })]);
      expect(s.incidents[0]!.message).toContain('correlation key =queueItemId evaluated to null');
    });

    it('with queueItemId but no queueItemStatus from the webhook: no condition of the gateway holds and it has no default', () => {
      const s = drive(new Scenario(rpa!).start(), {
        jobs: { Activity_118pfe1: { queueItemId: 'Q-1' } },
        messages: { [ITEM_UPDATED]: {} },
      });
      // `queueItemStatus = "…"` is false (not null) for a missing variable, so no flow, as in Zeebe.
      expect(s.incidents).toEqual([expect.objectContaining({ code: 'NO_FLOW_TAKEN', el: 'Gateway_16qm1s0' })]);
    });

    it('completes with the data; a failed item is compensated by reverting the RPA job', () => {
      const ok = drive(new Scenario(rpa!).start(), {
        jobs: { Activity_118pfe1: { queueItemId: 'Q-1' } },
        messages: { [ITEM_UPDATED]: { queueItemStatus: 'queueItem.transactionCompleted' } },
      });
      expect(ok.status).toBe('completed');
      expect(ok.completed.at(-1)).toBe('Event_14ev0fk');
      const failed = drive(new Scenario(rpa!).start(), {
        jobs: { Activity_118pfe1: { queueItemId: 'Q-2' } },
        messages: { [ITEM_UPDATED]: { queueItemStatus: 'queueItem.transactionFailed' } },
      });
      expect(failed.status).toBe('completed');
      expect(failed.completed).toContain('Activity_1dibkd5');
      expect(failed.completed.at(-1)).toBe('Event_0qel938');
    });
  });

  describe('telco service order fulfilment', async () => {
    const telco = CASES
      ? (await compileOrThrow([file('telco-service-order-fulfillment-retail.bpmn')])).processes
          .telco_service_order_fulfillment_retail!
      : undefined;

    it('without orderItems: the prices are null and the fraud check’s condition is null, an incident as in Zeebe', () => {
      const s = drive(new Scenario(telco!).start(), {});
      expect(s.incidents).toEqual([expect.objectContaining({ code: 'FEEL_ERROR', el: 'Gateway_1fftndd' })]);
      expect(s.incidents[0]!.message).toContain('returned null, expected true or false');
    });

    it('completes with an order of a mobile and a hardware item, each message keyed by its item', () => {
      const s = drive(
        new Scenario(telco!).start({
          orderId: 123,
          orderItems: [
            { orderItemId: 456, type: 'mobile', price: 29.99, reocurring: 'monthly' },
            { orderItemId: 789, type: 'hardware', price: 699.99, reocurring: null },
          ],
        }),
        {
          jobs: { Activity_0tiqi9e: { areAllHardwareItemsAvailable: true } },
          messages: { resource_activation_completed: {}, tracking_information_received: {} },
        },
      );
      expect(s.incidents).toEqual([]);
      expect(s.status).toBe('completed');
      expect(s.completed).toEqual(expect.arrayContaining(['Event_1hxtki3', 'Event_0mtz2ay']));
      expect(s.eventsOf('messageCorrelated').map((e) => e.data)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ correlationKey: '123_456' }),
          expect.objectContaining({ correlationKey: '123_789' }),
        ]),
      );
    });
  });

  describe('AI agent chat with tools', async () => {
    const agent = CASES
      ? (
          await compileOrThrow([
            file('ai-agent-chat-with-tools.bpmn'),
            file('ai-agent-chat-initial-request.form'),
            file('ai-agent-chat-user-feedback.form'),
          ])
        ).processes['ai-agent-chat-with-tools']!
      : undefined;

    it('loops back to the agent while userSatisfied is not set (null = null holds), as Zeebe does', () => {
      const s = drive(new Scenario(agent!).start({ inputText: '讲个笑话' }), {}, 12);
      expect(s.status).toBe('active');
      expect(s.incidents).toEqual([]);
      expect(s.completed.filter((el) => el === 'User_Feedback').length).toBeGreaterThanOrEqual(3);
    });

    it('ends when the user is satisfied, after a follow-up', () => {
      const s = drive(new Scenario(agent!).start({ inputText: '讲个笑话' }), {
        tasks: { User_Feedback: [{ userSatisfied: false, followUpInput: '再讲一个' }, { userSatisfied: true }] },
      });
      expect(s.status).toBe('completed');
      expect(s.completed.filter((el) => el === 'User_Feedback')).toHaveLength(2);
      expect(s.completed.at(-1)).toBe('Event_0i39jej');
    });
  });
});
