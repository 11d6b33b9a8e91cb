import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileOrThrow } from '../testing/scenario.js';
import { run } from './run.js';
import type { InstanceState } from '../state.js';

const APPEAL = join(import.meta.dirname, '..', '..', 'examples', 'appeal');
const resources = [
  'appeal-loop.bpmn',
  'appeal-intake.form.json',
  'appeal-handle.form.json',
  'appeal-followup.form.json',
].map((name) => ({
  name,
  content: readFileSync(join(APPEAL, name), 'utf8'),
}));
const env = { now: '2026-03-02T01:00:00.000Z' };

// run() works on its own deep copy of the state (a plain-JSON clone since the benchmark work).
describe('run copies the state it is given', () => {
  it('leaves the input untouched and keeps odd variable names as plain own properties', async () => {
    const def = (await compileOrThrow(resources)).processes['appeal-loop']!;
    const started = run(
      def,
      null,
      {
        type: 'startInstance',
        variables: JSON.parse('{"__proto__": {"polluted": 1}, "list": [1, {"a": null}]}') as Record<string, unknown>,
      },
      env,
    );
    const input = JSON.parse(JSON.stringify(started.state)) as InstanceState;
    const snapshot = JSON.stringify(input);
    const taskId = Object.values(input.waits).find((w) => w.el === 'Task_Receive')!.id;

    const next = run(def, input, { type: 'completeTask', taskId, variables: { category: '劳动纠纷' } }, env);

    expect(JSON.stringify(input)).toBe(snapshot);
    const root = Object.values(next.state.scopes).find((s) => s.parent === null)!;
    expect(Object.hasOwn(root.vars, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(root.vars)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(root.vars))).toEqual(
      JSON.parse('{"__proto__": {"polluted": 1}, "list": [1, {"a": null}], "category": "劳动纠纷"}'),
    );
    expect(next.state.scopes).not.toBe(input.scopes);
    expect(root.vars.list).not.toBe(Object.values(input.scopes).find((s) => s.parent === null)!.vars.list);
  });
});
