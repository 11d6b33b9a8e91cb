import { describe, expect, it } from 'vitest';
import { compile } from '../../../definitions/index.js';
import { problemLabel, problemSentence } from './problem-text.js';

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

  it('tells two forms of one process using a key for different kinds of value, naming both forms and labels', async () => {
    const task = (id: string, form: string) =>
      `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="window" /><zeebe:formDefinition formId="${form}" /></bpmn:extensionElements></bpmn:userTask>`;
    const flow = (id: string, from: string, to: string) =>
      `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
    const withForms = XML.replace(
      'xmlns:civic=',
      'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:civic=',
    ).replace(
      /<bpmn:startEvent id="S" \/>[\s\S]*<\/bpmn:process>/,
      `<bpmn:startEvent id="S" />${task('A', 'intake')}${task('B', 'handle')}<bpmn:endEvent id="E" />${flow('F1', 'S', 'A')}${flow('F2', 'A', 'B')}${flow('F3', 'B', 'E')}</bpmn:process>`,
    );
    const form = (id: string, name: string, field: object) => ({
      name: `${id}.form.json`,
      content: { id, name, schema: { type: 'object', properties: { phone: field } } },
    });
    const result = await compile([
      { name: 'p.bpmn', content: withForms },
      form('intake', '诉求登记', { type: 'string', title: '联系电话' }),
      form('handle', '部门办理', { type: 'boolean', title: '是否电话回访' }),
    ]);
    const problem = !result.ok ? result.problems.find((p) => p.code === 'FORM_FIELD_CONFLICT') : undefined;
    expect(problemLabel(problem!, 'zh-CN')).toMatch(
      /^表单「(诉求登记|部门办理)」的「(联系电话|是否电话回访)」和表单「(诉求登记|部门办理)」的「(联系电话|是否电话回访)」使用同一个字段编号“phone”，但填写的内容类型不同$/,
    );
    expect(problemSentence(problem!, 'zh-CN')).toContain('换一个编号');
  });
});
