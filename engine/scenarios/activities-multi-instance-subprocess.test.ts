import { describe, expect, it } from 'vitest';
import type { Variables } from '../commands.js';
import type { Effect } from '../effects.js';
import { visibleVariables } from '../kernel/variables.js';
import { loadFixture, Scenario } from '../testing/scenario.js';

const def = await loadFixture(new URL('./activities-multi-instance-subprocess.bpmn', import.meta.url));
const SITES = [
  { name: '一号楼', inspector: 'grid-01' },
  { name: '二号楼', inspector: 'grid-02' },
  { name: '三号楼', inspector: 'grid-03' },
];
const START = { sites: SITES, steps: ['停工', '整改', '复查'], sourceFound: false };

function completeAt(s: Scenario, el: string, match: (vars: Variables) => boolean, variables: Variables = {}): Effect[] {
  const waits = Object.values(s.state!.waits).filter(
    (w) => w.kind === 'task' && w.el === el && match(visibleVariables(s.state!, w.scope)),
  );
  expect(waits).toHaveLength(1);
  const before = s.effects.length;
  s.send({ type: 'completeTask', taskId: waits[0]!.id, variables });
  return s.effects.slice(before);
}
const atSite = (name: string) => (v: Variables) => (v.site as { name: string }).name === name;

describe('parallel multi-instance embedded subprocess', () => {
  it('starts one subprocess per element, each with its own scope chain (instance → subprocess locals)', () => {
    const s = new Scenario(def).start(START);
    expect(s.active.filter((el) => el === 'Sub_Inspect')).toHaveLength(4);
    expect(s.active.filter((el) => el === 'Task_Inspect')).toHaveLength(3);
    const tasks = s.effects.filter((e) => e.type === 'createTask');
    expect(tasks.map((t) => t.type === 'createTask' && t.assignee)).toEqual(['grid-01', 'grid-02', 'grid-03']);
    const seen = Object.values(s.state!.waits)
      .filter((w) => w.kind === 'task')
      .map((w) => {
        const v = visibleVariables(s.state!, w.scope);
        return [v.loopCounter, v.siteName, v.report];
      });
    expect(seen).toEqual([
      [1, '一号楼', null],
      [2, '二号楼', null],
      [3, '三号楼', null],
    ]);
  });

  it("collects each subprocess's result in input order and cleans up every scope", () => {
    const s = new Scenario(def).start(START);
    completeAt(s, 'Task_Inspect', atSite('三号楼'), { finding: '无异常' });
    completeAt(s, 'Task_Inspect', atSite('一号楼'), { finding: '无异常' });
    expect(s.active.filter((el) => el === 'Task_Inspect')).toHaveLength(1);
    completeAt(s, 'Task_Inspect', atSite('二号楼'), { finding: '噪声超标' });
    expect(s.variables.reports).toEqual(['一号楼：无异常', '二号楼：噪声超标', '三号楼：无异常']);
    expect(s.variables).not.toHaveProperty('report');
    expect(s.variables).not.toHaveProperty('siteName');
    // Only the process scope and the first sequential instance (its scope and subprocess scope) remain.
    const owners = Object.values(s.state!.scopes).map((sc) =>
      sc.owner === undefined ? 'process' : (s.state!.tokens[sc.owner]?.el ?? 'dangling'),
    );
    expect(owners.sort()).toEqual(['Sub_Steps', 'Sub_Steps', 'process']);
    expect(s.completed.filter((el) => el === 'Inspect_End')).toHaveLength(3);
    expect(s.completed.filter((el) => el === 'Sub_Inspect')).toHaveLength(4);
  });

  it('the completion condition ends the other subprocess instances, cancelling their inner tasks by effect', () => {
    const s = new Scenario(def).start(START);
    const others = Object.values(s.state!.waits)
      .filter((w) => w.kind === 'task' && !atSite('二号楼')(visibleVariables(s.state!, w.scope)))
      .map((w) => w.id);
    const effects = completeAt(s, 'Task_Inspect', atSite('二号楼'), { finding: '污染源在此', sourceFound: true });
    expect(effects.filter((e) => e.type === 'cancelTask')).toEqual(
      others.map((taskId) => ({ type: 'cancelTask', taskId })),
    );
    expect(s.variables.reports).toEqual([null, '二号楼：污染源在此', null]);
    expect(
      s
        .eventsOf('elementTerminated')
        .map((e) => e.el)
        .sort(),
    ).toEqual(['Sub_Inspect', 'Sub_Inspect', 'Task_Inspect', 'Task_Inspect']);
    expect(s.active).toEqual(['Sub_Steps', 'Sub_Steps', 'Task_Step']);
  });
});

describe('sequential multi-instance embedded subprocess', () => {
  it('runs the subprocess once per element, one after the other, then leaves', () => {
    const s = new Scenario(def).start({ ...START, sites: [] });
    expect(s.variables.reports).toEqual([]);
    for (const [i, step] of START.steps.entries()) {
      const task = s.wait('Task_Step', 'task');
      expect(visibleVariables(s.state!, task.scope)).toMatchObject({ step, loopCounter: i + 1 });
      expect(s.active).toEqual(['Sub_Steps', 'Sub_Steps', 'Task_Step']);
      s.completeTask('Task_Step');
    }
    expect(s.status).toBe('completed');
    expect(s.completed.filter((el) => el === 'Task_Step')).toHaveLength(3);
    // The last inner instance completes, then the body.
    expect(s.completed.slice(-4)).toEqual(['Steps_End', 'Sub_Steps', 'Sub_Steps', 'End_Done']);
  });
});
