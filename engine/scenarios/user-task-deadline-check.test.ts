import { describe, expect, it } from 'vitest';
import { run, type Env } from '../index.js';
import { compileOrThrow } from '../testing/scenario.js';

// Env.checkDeadline: a host that refuses a deadline (no holiday schedule for the year it reaches,
// and a policy that refuses provisional counting) turns the user task into an incident.
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:civic="https://civicflow.dev/schema/civic/1.0" id="D" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="checked" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task" />
    <bpmn:userTask id="Task" name="办理">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="dept" /><civic:deadline duration="5 workDay" /></bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="F2" sourceRef="Task" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
const { processes } = await compileOrThrow([{ name: 'checked.bpmn', content: XML }]);
const def = processes['checked']!;
const NOW = '2026-12-28T02:00:00.000Z';

describe('Env.checkDeadline on a user task', () => {
  it('a refused deadline is an incident on the task: no task is created', () => {
    const asked: unknown[] = [];
    const env: Env = {
      now: NOW,
      checkDeadline: (start, duration, calendar) => {
        asked.push([start, duration, calendar]);
        throw new Error('缺少2027年节假日数据');
      },
    };
    const result = run(def, null, { type: 'startInstance', variables: {} }, env);
    expect(asked).toEqual([[NOW, '5 workDay', undefined]]);
    expect(result.effects.filter((e) => e.type === 'createTask')).toEqual([]);
    expect(Object.values(result.state.incidents)).toEqual([
      expect.objectContaining({ code: 'INVALID_VALUE', message: 'deadline "5 workDay": 缺少2027年节假日数据' }),
    ]);
  });

  it('an accepted deadline creates the task as before', () => {
    const result = run(
      def,
      null,
      { type: 'startInstance', variables: {} },
      { now: NOW, checkDeadline: () => undefined },
    );
    expect(result.effects.filter((e) => e.type === 'createTask')).toEqual([
      expect.objectContaining({ deadline: '5 workDay' }),
    ]);
  });
});
