import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CommandRejected, run, type Command, type InstanceState, type RejectionCode } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'commands-rejections.bpmn';
const { processes } = await compileOrThrow([
  { name: FILE, content: readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8') },
]);
const def = processes.review!;
const ENV = { now: '2026-03-02T05:00:00.000Z' };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Runs a command that must be rejected with `code`, and checks the caller's state is untouched. */
function expectRejected(state: InstanceState | null, command: Command, code: RejectionCode): CommandRejected {
  const copy = structuredClone(state);
  const json = JSON.stringify(state);
  let caught: unknown;
  try {
    run(def, state, command, ENV);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(CommandRejected);
  expect((caught as CommandRejected).code).toBe(code);
  expect(state).toEqual(copy);
  expect(JSON.stringify(state)).toBe(json);
  return caught as CommandRejected;
}

function started(): Scenario {
  return new Scenario(def).start({ appealId: 'A-1' });
}

describe('commands that do not fit the state are rejected and change nothing', () => {
  it('completing an unknown task id', () => {
    const s = started();
    const err = expectRejected(s.state, { type: 'completeTask', taskId: 999 }, 'WAIT_NOT_FOUND');
    expect(err.message).toBe('no open task 999 in this instance');
  });

  it('completing a timer as a task, a task as a job, firing a task as a timer', () => {
    const s = started();
    const timer = s.wait('Timer_Remind').id;
    const task = s.wait('Task_Review').id;
    expect(expectRejected(s.state, { type: 'completeTask', taskId: timer }, 'WRONG_WAIT_KIND').message).toBe(
      `${timer} is a timer, not a task`,
    );
    expectRejected(s.state, { type: 'completeJob', jobId: task }, 'WRONG_WAIT_KIND');
    expectRejected(s.state, { type: 'fireTimer', timerId: task }, 'WRONG_WAIT_KIND');
    expectRejected(s.state, { type: 'failJob', jobId: task, retries: 0 }, 'WRONG_WAIT_KIND');
    expectRejected(s.state, { type: 'completeCall', callId: timer }, 'WRONG_WAIT_KIND');
  });

  it('completing the same task twice', () => {
    const s = started();
    const task = s.wait('Task_Review').id;
    s.completeTask('Task_Review');
    expectRejected(s.state, { type: 'completeTask', taskId: task }, 'WAIT_NOT_FOUND');
  });

  it('any command on a completed or cancelled instance, and before the instance started', () => {
    const done = started().completeTask('Task_Review').completeTask('Task_Approve');
    expect(done.status).toBe('completed');
    expectRejected(done.state, { type: 'completeTask', taskId: 1 }, 'INSTANCE_NOT_ACTIVE');
    expectRejected(done.state, { type: 'setVariables', variables: { a: 1 } }, 'INSTANCE_NOT_ACTIVE');
    expectRejected(done.state, { type: 'cancelInstance' }, 'INSTANCE_NOT_ACTIVE');
    const cancelled = started().send({ type: 'cancelInstance' });
    expect(cancelled.status).toBe('terminated');
    expectRejected(
      cancelled.state,
      { type: 'moveTokens', cancel: [], activate: ['Task_Review'] },
      'INSTANCE_NOT_ACTIVE',
    );
    expectRejected(null, { type: 'completeTask', taskId: 1 }, 'INSTANCE_NOT_ACTIVE');
    expectRejected(started().state, { type: 'startInstance' }, 'INSTANCE_ALREADY_STARTED');
  });

  it('a message with no matching subscription (wrong name, wrong key, no key)', () => {
    const s = started();
    expectRejected(
      s.state,
      { type: 'correlateMessage', name: 'appealUpdated', correlationKey: 'A-1' },
      'MESSAGE_NOT_CORRELATED',
    );
    const err = expectRejected(
      s.state,
      { type: 'correlateMessage', name: 'appealWithdrawn', correlationKey: 'A-2' },
      'MESSAGE_NOT_CORRELATED',
    );
    expect(err.message).toBe('no subscription for message "appealWithdrawn" with key "A-2"');
    expectRejected(s.state, { type: 'correlateMessage', name: 'appealWithdrawn' }, 'MESSAGE_NOT_CORRELATED');
  });

  it('resolving an unknown incident', () => {
    const s = started();
    expectRejected(s.state, { type: 'resolveIncident', incidentId: 42 }, 'INCIDENT_NOT_FOUND');
  });

  it('variables that are not a JSON object', () => {
    const s = started();
    const task = s.wait('Task_Review').id;
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const bad: unknown[] = [[1, 2], 'text', null, 7, circular, { n: 1n }];
    for (const variables of bad) {
      expectRejected(s.state, { type: 'setVariables', variables } as unknown as Command, 'VARIABLES_INVALID');
      expectRejected(
        s.state,
        { type: 'completeTask', taskId: task, variables } as unknown as Command,
        'VARIABLES_INVALID',
      );
    }
    expectRejected(null, { type: 'startInstance', variables: ['a'] } as unknown as Command, 'VARIABLES_INVALID');
  });

  it('moving tokens to or from an element the process does not have', () => {
    const s = started();
    const err = expectRejected(
      s.state,
      { type: 'moveTokens', cancel: ['Task_Review'], activate: ['Task_Nope'] },
      'ELEMENT_NOT_FOUND',
    );
    expect(err.message).toBe('<Task_Nope> is not an element of process review');
    expectRejected(
      s.state,
      { type: 'moveTokens', cancel: ['Task_Ghost'], activate: ['Task_Approve'] },
      'ELEMENT_NOT_FOUND',
    );
  });

  it('moving tokens from an element that has none', () => {
    const s = started();
    expectRejected(
      s.state,
      { type: 'moveTokens', cancel: ['Task_Approve'], activate: ['Task_Review'] },
      'ELEMENT_NOT_ACTIVE',
    );
  });

  it('a move that would leave nothing active', () => {
    const s = started();
    const err = expectRejected(s.state, { type: 'moveTokens', cancel: ['Task_Review'], activate: [] }, 'MOVE_INVALID');
    expect(err.message).toBe('the move would leave no active element; cancel the instance instead');
  });

  it('activating a boundary event or an event subprocess start directly', () => {
    const s = started();
    expectRejected(
      s.state,
      { type: 'moveTokens', cancel: ['Task_Review'], activate: ['Timer_Remind'] },
      'MOVE_INVALID',
    );
    expectRejected(
      s.state,
      { type: 'moveTokens', cancel: ['Task_Review'], activate: ['Start_Withdraw'] },
      'MOVE_INVALID',
    );
  });

  it('throwError on something that is not a job or call', () => {
    const s = started();
    expectRejected(s.state, { type: 'throwError', waitId: s.wait('Task_Review').id, errorCode: 'X' }, 'WAIT_NOT_FOUND');
  });

  it('a rejected command leaves a frozen state frozen, and an accepted one never writes to its input', () => {
    const s = started();
    const frozen = deepFreeze(structuredClone(s.state!));
    expectRejected(frozen, { type: 'completeTask', taskId: 999 }, 'WAIT_NOT_FOUND');
    const result = run(
      def,
      frozen,
      { type: 'completeTask', taskId: s.wait('Task_Review').id, variables: { ok: true } },
      ENV,
    );
    expect(result.state).not.toBe(frozen);
    expect(result.state.tokens).not.toEqual(frozen.tokens);
    expect(frozen).toEqual(s.state);
  });

  it('the caller keeps its own variables object: the engine copies it', () => {
    const s = started();
    const variables = { note: '材料齐全', nested: { a: 1 } };
    const result = run(def, s.state, { type: 'completeTask', taskId: s.wait('Task_Review').id, variables }, ENV);
    variables.nested.a = 2;
    const root = Object.values(result.state.scopes).find((sc) => sc.parent === null)!;
    expect(root.vars).toMatchObject({ note: '材料齐全', nested: { a: 1 } });
  });
});
