import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, type ExecutableProcess } from '../../definitions/index.js';
import type { Command } from '../commands.js';
import type { EngineEvent } from '../effects.js';
import { run } from '../kernel/run.js';
import type { InstanceState } from '../state.js';
import { block, numbered, type Numbered } from './property/blocks.js';
import { violations } from './property/invariants.js';
import { allUserTasks, expected, taken } from './property/model.js';
import { toBpmn } from './property/to-bpmn.js';

const NOW = '2026-03-02T01:00:00.000Z';

/** Every generated process must compile without problems: that is a check of the compiler too. */
async function compiled(tree: Numbered): Promise<ExecutableProcess> {
  const xml = toBpmn(tree);
  const r = await compile([{ name: 'random.bpmn', content: xml }]);
  if (!r.ok)
    throw new Error(`generated process does not compile:\n${r.problems.map((p) => p.message).join('\n')}\n${xml}`);
  return r.deployment.processes[0]!;
}

/** One command through the kernel: deterministic, and its state is plain JSON. */
function step(
  def: ExecutableProcess,
  state: InstanceState | null,
  command: Command,
): { state: InstanceState; events: EngineEvent[] } {
  const result = run(def, state, command, { now: NOW });
  const again = run(def, state, command, { now: NOW });
  expect(JSON.stringify(again)).toBe(JSON.stringify(result));
  const roundTripped = JSON.parse(JSON.stringify(result.state)) as InstanceState;
  expect(roundTripped).toStrictEqual(result.state);
  return { state: roundTripped, events: result.events };
}

/** Completes random open tasks until the instance completes, checking the state after every step. */
function runToCompletion(def: ExecutableProcess, tree: Numbered, n: number, picks: number[]): void {
  const history: EngineEvent[] = [];
  const completed = new Set<string>();
  let { state, events } = step(def, null, { type: 'startInstance', variables: { n } });
  history.push(...events);

  for (let i = 0; ; i++) {
    expect(violations(def, state)).toEqual([]);
    // The reference model says which tasks must be open and how many tokens must exist.
    const model = expected(tree, n, completed);
    expect(
      Object.values(state.waits)
        .map((w) => w.el)
        .sort(),
    ).toEqual([...model.open].sort());
    expect(Object.keys(state.tokens)).toHaveLength(model.tokens);
    expect(state.status).toBe(model.done ? 'completed' : 'active');
    if (state.status === 'completed') break;

    const open = Object.values(state.waits);
    const wait = open[picks[i % picks.length]! % open.length]!;
    const variables = { [`u_${wait.el}`]: true };
    ({ state, events } = step(
      def,
      state,
      wait.kind === 'signal'
        ? { type: 'broadcastSignal', name: wait.signal!, variables }
        : { type: 'completeTask', taskId: wait.id, variables },
    ));
    history.push(...events);
    completed.add(wait.el);
  }

  const { users, scripts } = taken(tree, n);
  const count = (type: string, el: string) => history.filter((e) => e.type === type && e.el === el).length;
  for (const el of allUserTasks(tree)) {
    const times = users.includes(el) ? 1 : 0;
    if (def.nodes[el]!.kind === 'intermediateCatchEvent')
      expect({ el, caught: count('signalCaught', el) }).toEqual({ el, caught: times });
    else
      expect({ el, created: count('taskCreated', el), completed: count('taskCompleted', el) }).toEqual({
        el,
        created: times,
        completed: times,
      });
    // An element an ad-hoc subprocess activates has no incoming flow to arrive by.
    const incoming = def.nodes[el]!.incoming;
    const arrivals = incoming.reduce((sum, f) => sum + count('flowTaken', f), 0);
    expect({ el, arrivals }).toEqual({ el, arrivals: incoming.length === 0 ? 0 : times });
  }
  expect(history.filter((e) => e.type === 'instanceCompleted')).toHaveLength(1);
  // Exactly the process's own variables remain: the local `n` of a subprocess does not leak.
  expect(Object.values(state.scopes)[0]!.vars).toEqual({
    n,
    ...scripts,
    ...Object.fromEntries(users.map((u) => [`u_${u}`, true])),
  });
}

const scenario = fc.record({
  body: block,
  n: fc.integer({ min: 0, max: 9 }),
  picks: fc.array(fc.nat({ max: 1000 }), { minLength: 64, maxLength: 64 }),
});

describe('random block-structured processes (sequence, parallel, exclusive, inclusive, subprocess, ad-hoc)', () => {
  it('compile, never lose or duplicate a token, always wait or complete, and run every taken user task once', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ body, n, picks }) => {
        const tree = numbered(body);
        const def = await compiled(tree);
        try {
          runToCompletion(def, tree, n, picks);
        } catch (err) {
          // Show the (shrunk) counterexample as the process it is.
          (err as Error).message += `\nwith n = ${n} in\n${toBpmn(tree)}`;
          throw err;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the reference model itself: a parallel block of two tasks holds two tokens, then one at the join', () => {
    const tree = numbered({ t: 'par', branches: [{ t: 'user' }, { t: 'user' }] });
    expect(expected(tree, 0, new Set())).toEqual({ done: false, open: ['Task_2', 'Task_3'], tokens: 2 });
    expect(expected(tree, 0, new Set(['Task_3']))).toEqual({ done: false, open: ['Task_2'], tokens: 2 });
    expect(expected(tree, 0, new Set(['Task_2', 'Task_3']))).toEqual({ done: true, open: [], tokens: 0 });
  });
});
