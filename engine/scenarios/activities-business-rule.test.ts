import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../definitions/index.js';
import { compileOrThrow, Scenario } from '../testing/scenario.js';

const read = (file: string) => readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
const resources = [
  { name: 'activities-business-rule.bpmn', content: read('activities-business-rule.bpmn') },
  { name: 'activities-business-rule.dmn', content: read('activities-business-rule.dmn') },
];
const { processes, decisions } = await compileOrThrow(resources);
const def = processes['activities-business-rule']!;

const start = (vars: Record<string, unknown>, withDecisions = decisions) =>
  new Scenario(def, { decisions: withDecisions }).start({ followupRule: 'followup_needed', ...vars });

describe('business rule task', () => {
  it('evaluates the deployed decision table; a multi-output rule gives an object in the result variable', () => {
    const s = start({ category: '劳动纠纷', amount: 3000 });
    expect(s.variables.route).toEqual({ department: 'street-mediation', days: 5 });
    expect(s.eventsOf('decisionEvaluated')).toEqual([
      expect.objectContaining({
        el: 'Rule_Route',
        data: {
          decisionId: 'appeal_route',
          matchedRules: ['Rule_WageSmall'],
          result: { department: 'street-mediation', days: 5 },
        },
      }),
    ]);
    expect(s.active).toEqual(['Task_Handle']);
    // The next step reads the result.
    expect(s.effects.find((e) => e.type === 'createTask')).toMatchObject({
      elementId: 'Task_Handle',
      candidateGroups: ['street-mediation'],
    });
  });

  it('a decision id given by FEEL; a single-output table gives the bare value, which routes the gateway', () => {
    const s = start({ category: '物业纠纷', amount: 0 }).completeTask('Task_Handle');
    expect(s.variables.needsFollowup).toBe(true);
    expect(s.active).toEqual(['Task_Followup']);
    const short = start({ category: '劳动纠纷', amount: 10 }).completeTask('Task_Handle');
    expect(short.variables.needsFollowup).toBe(false);
    expect(short.status).toBe('completed');
    expect(short.completed).toEqual([
      'StartEvent_1',
      'Rule_Route',
      'Task_Handle',
      'Rule_Followup',
      'Gateway_Followup',
      'End_Done',
    ]);
  });

  it('no matching rule is a DMN_NO_MATCH incident naming the inputs; fixing the data and resolving continues', () => {
    const s = start({ category: '噪音扰民', amount: 0 });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'DMN_NO_MATCH', el: 'Rule_Route' })]);
    expect(s.incidents[0]!.message).toContain('appeal_route');
    expect(s.incidents[0]!.message).toContain('噪音扰民');
    expect(s.active).toEqual(['Rule_Route']);
    expect(s.variables).not.toHaveProperty('route');
    expect(s.eventsOf('decisionEvaluated')).toEqual([]);

    s.send({ type: 'setVariables', variables: { category: '住房保障' } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.incidents).toEqual([]);
    expect(s.variables.route).toEqual({ department: 'dept-zj', days: 7 });
    expect(s.active).toEqual(['Task_Handle']);
  });

  it('two matching rules under UNIQUE is an incident with their numbers', () => {
    const s = start({ category: '住房保障', amount: 800000 });
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'DMN_UNIQUE_VIOLATION', el: 'Rule_Route' })]);
    expect(s.incidents[0]!.message).toContain('rules 3 and 4');
  });

  it('a decision that is not deployed for the instance is DECISION_NOT_FOUND', () => {
    const s = start({ category: '劳动纠纷', amount: 3000 }, {});
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'DECISION_NOT_FOUND', el: 'Rule_Route' })]);
    expect(s.incidents[0]!.message).toContain('"appeal_route"');
  });

  it('a FEEL decision id naming a decision that does not exist is DECISION_NOT_FOUND; pointing it elsewhere recovers', () => {
    const s = start({ category: '劳动纠纷', amount: 3000, followupRule: 'followup_v2' }).completeTask('Task_Handle');
    expect(s.incidents).toEqual([expect.objectContaining({ code: 'DECISION_NOT_FOUND', el: 'Rule_Followup' })]);
    expect(s.incidents[0]!.message).toContain('"followup_v2"');
    s.send({ type: 'setVariables', variables: { followupRule: 'followup_needed' } });
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id });
    expect(s.status).toBe('completed');
  });

  it('the compiler refuses a static decision id that is neither deployed nor known', async () => {
    const r = await compile([resources[0]!]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([expect.objectContaining({ code: 'DECISION_MISSING', elementId: 'Rule_Route' })]);
    const known = await compile([resources[0]!], { knownDecisionIds: ['appeal_route'] });
    expect(known.ok).toBe(true);
  });
});
