import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFixture, Scenario } from '../testing/scenario.js';

const def = await loadFixture(new URL('./flow-parallel-gateway.bpmn', import.meta.url));
const BRANCHES = ['Task_Housing', 'Task_Police', 'Task_Street'];

describe('parallel gateway', () => {
  it('forks one token onto every outgoing flow', () => {
    const s = new Scenario(def).start({ round: 0, rounds: 1 });
    expect(s.active).toEqual(BRANCHES);
    expect(Object.keys(s.state!.tokens)).toHaveLength(3);
    expect(
      s.effects
        .filter((e) => e.type === 'createTask')
        .map((e) => e.type === 'createTask' && e.elementId)
        .sort(),
    ).toEqual(BRANCHES);
    expect(s.eventsOf('flowTaken').map((e) => e.el)).toEqual([
      'Flow_ToLoop',
      'Flow_ToFork',
      'Flow_ToPolice',
      'Flow_ToHousing',
      'Flow_ToStreet',
    ]);
  });

  it('joins only when a token has arrived on every incoming flow', () => {
    const s = new Scenario(def).start({ round: 0, rounds: 1 });
    s.completeTask('Task_Street');
    expect(s.active).toEqual(['Gateway_Join', 'Task_Housing', 'Task_Police']);
    s.completeTask('Task_Police');
    expect(s.active).toEqual(['Gateway_Join', 'Gateway_Join', 'Task_Housing']);
    expect(s.completed).not.toContain('Gateway_Join');
    expect(s.status).toBe('active');

    s.completeTask('Task_Housing');
    expect(s.status).toBe('completed');
    expect(Object.keys(s.state!.tokens)).toEqual([]);
    // The join completes once and the script after it runs once.
    expect(s.completed.filter((el) => el === 'Gateway_Join')).toHaveLength(1);
    expect(s.completed.slice(-4)).toEqual(['Gateway_Join', 'Script_Count', 'Gateway_Again', 'End_Done']);
    expect(s.variables.round).toBe(1);
  });

  it('records the join activation for every arriving token but leaves once', () => {
    const s = new Scenario(def).start({ round: 0, rounds: 1 });
    for (const t of BRANCHES) s.completeTask(t);
    expect(s.history.filter((e) => e.type === 'elementActivated' && e.el === 'Gateway_Join')).toHaveLength(3);
    expect(s.eventsOf('flowTaken').filter((e) => e.el === 'Flow_ToCount')).toHaveLength(1);
    expect(s.eventsOf('instanceCompleted')).toHaveLength(1);
  });

  it('loops back through the fork: each round forks and joins again', () => {
    const s = new Scenario(def).start({ round: 0, rounds: 2 });
    for (const t of ['Task_Housing', 'Task_Street', 'Task_Police']) s.completeTask(t);
    expect(s.variables.round).toBe(1);
    expect(s.active).toEqual(BRANCHES);
    expect(Object.keys(s.state!.tokens)).toHaveLength(3);
    // Second round, completed in another order.
    for (const t of ['Task_Police', 'Task_Housing']) s.completeTask(t);
    expect(s.active).toEqual(['Gateway_Join', 'Gateway_Join', 'Task_Street']);
    s.completeTask('Task_Street');
    expect(s.status).toBe('completed');
    expect(s.variables.round).toBe(2);
    expect(s.eventsOf('taskCompleted').map((e) => e.el)).toEqual([
      'Task_Housing',
      'Task_Street',
      'Task_Police',
      'Task_Police',
      'Task_Housing',
      'Task_Street',
    ]);
    expect(s.completed.filter((el) => el === 'Gateway_Fork')).toHaveLength(2);
    expect(s.completed.filter((el) => el === 'Gateway_Join')).toHaveLength(2);
    expect(s.eventsOf('flowTaken').filter((e) => e.el === 'Flow_Again')).toHaveLength(1);
    expect(s.eventsOf('flowTaken').filter((e) => e.el === 'Flow_Done')).toHaveLength(1);
  });

  it('keeps the fixture in the form Camunda Modeler writes', () => {
    const xml = readFileSync(new URL('./flow-parallel-gateway.bpmn', import.meta.url), 'utf8');
    expect(xml).toContain('xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"');
    expect(xml).toContain('modeler:executionPlatform="Camunda Cloud"');
    expect(xml).toContain('<bpmndi:BPMNShape id="Gateway_Join_di" bpmnElement="Gateway_Join">');
  });
});
