import { describe, expect, it } from 'vitest';
import { compile } from '../../../definitions/index.js';
import { problemLabel } from './problem-text.js';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:civic="https://civicflow.dev/schema/civic/1.0" id="D" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="S" />
    <bpmn:userTask id="Handle" name="部门办理"><bpmn:extensionElements><civic:taskOperations returnTargets="Task_Gone" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="E" />
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="Handle" />
    <bpmn:sequenceFlow id="F2" sourceRef="Handle" targetRef="E" />
  </bpmn:process>
</bpmn:definitions>`;

describe('problem text', () => {
  it('tells an unknown 退回 target in Chinese, naming the step and the target', async () => {
    const result = await compile([{ name: 'p.bpmn', content: XML }]);
    expect(result.ok).toBe(false);
    const problem = !result.ok ? result.problems.find((p) => p.code === 'TASK_OPERATION_TARGET_UNKNOWN') : undefined;
    expect(problemLabel(problem!, 'zh-CN')).toBe(
      '环节「部门办理」的退回/退单目标“Task_Gone”不是本流程的人工环节，请改为流程中已有的环节',
    );
    expect(problemLabel(problem!, 'en')).toContain('Step "部门办理"');
  });
});
