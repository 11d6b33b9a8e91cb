import { describe, expect, it } from 'vitest';
import { bpmn, chain, problemsOf, summary, userTask } from '../fixtures/inline-bpmn.js';

const between = (node: string, id: string) =>
  bpmn(`<bpmn:startEvent id="S" />${node}<bpmn:endEvent id="E" />${chain('S', id, 'E')}`);
const ext = (tag: string, id: string, extensions: string, inner = '') =>
  between(
    `<bpmn:${tag} id="${id}"><bpmn:extensionElements>${extensions}</bpmn:extensionElements>${inner}</bpmn:${tag}>`,
    id,
  );

describe('activities name what they lack', () => {
  it.each([
    [
      'a call activity without a called element',
      between('<bpmn:callActivity id="Call_1" />', 'Call_1'),
      'CALLED_PROCESS_MISSING <Call_1> bpmn:CallActivity',
      '<Call_1> call activity names no process id',
    ],
    [
      'a call activity with an empty process id',
      ext('callActivity', 'Call_1', '<zeebe:calledElement processId="" propagateAllChildVariables="false" />'),
      'CALLED_PROCESS_MISSING <Call_1> bpmn:CallActivity',
      '<Call_1> call activity names no process id',
    ],
    [
      'a service task without a type',
      between('<bpmn:serviceTask id="Svc_1" />', 'Svc_1'),
      'JOB_TYPE_MISSING <Svc_1> bpmn:ServiceTask',
      '<Svc_1> service task has no task definition type',
    ],
    [
      'a service task with a blank type',
      ext('serviceTask', 'Svc_1', '<zeebe:taskDefinition type=" " />'),
      'JOB_TYPE_MISSING <Svc_1> bpmn:ServiceTask',
      '<Svc_1> service task has no task definition type',
    ],
    [
      'a send task with neither type nor message',
      between('<bpmn:sendTask id="Send_1" />', 'Send_1'),
      'JOB_TYPE_MISSING <Send_1> bpmn:SendTask',
      '<Send_1> send task has neither a task definition type nor a message',
    ],
    [
      'a business rule task calling nothing',
      between('<bpmn:businessRuleTask id="Rule_1" />', 'Rule_1'),
      'DECISION_MISSING <Rule_1> bpmn:BusinessRuleTask',
      '<Rule_1> business rule task calls no decision and has no task definition type',
    ],
    [
      'a script task with a non-FEEL expression',
      ext('scriptTask', 'Script_1', '<zeebe:script expression="1 + 1" resultVariable="r" />'),
      'SCRIPT_INVALID <Script_1> bpmn:ScriptTask',
      '<Script_1> script expression must be FEEL (start it with "=")',
    ],
    [
      'a script task with nothing to run',
      between(
        '<bpmn:scriptTask id="Script_1" scriptFormat="javascript"><bpmn:script>return 1</bpmn:script></bpmn:scriptTask>',
        'Script_1',
      ),
      'SCRIPT_INVALID <Script_1> bpmn:ScriptTask',
      '<Script_1> script task has neither a FEEL expression nor a task definition type',
    ],
    [
      'a job with non-numeric retries',
      ext('serviceTask', 'Svc_1', '<zeebe:taskDefinition type="sms" retries="three" />'),
      'JOB_INVALID <Svc_1> bpmn:ServiceTask',
      '<Svc_1> retries "three" is not a whole number',
    ],
    [
      'a mapping without a target',
      between(userTask('U', '<zeebe:ioMapping><zeebe:input source="=a" /></zeebe:ioMapping>'), 'U'),
      'MAPPING_INVALID <U> bpmn:UserTask',
      '<U> has an input mapping without a target variable',
    ],
    [
      'a receive task without a message',
      between('<bpmn:receiveTask id="Recv_1" />', 'Recv_1'),
      'MESSAGE_MISSING <Recv_1> bpmn:ReceiveTask',
      '<Recv_1> refers to no message with a name',
    ],
    [
      'a multi-instance without an input collection',
      between('<bpmn:task id="MI_1"><bpmn:multiInstanceLoopCharacteristics /></bpmn:task>', 'MI_1'),
      'MULTI_INSTANCE_INVALID <MI_1> bpmn:Task',
      '<MI_1> multi-instance has no input collection',
    ],
    [
      'a multi-instance output collection without output element',
      between(
        '<bpmn:task id="MI_1"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=xs" outputCollection="ys" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:task>',
        'MI_1',
      ),
      'MULTI_INSTANCE_INVALID <MI_1> bpmn:Task',
      '<MI_1> multi-instance has an output collection but no output element',
    ],
  ])('%s', async (_what, xml, line, message) => {
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual([line]);
    expect(problems[0]!.message).toBe(message);
  });
});

describe('user tasks', () => {
  it.each([
    [
      'a deadline clock that starts at an unknown moment',
      '<civic:deadline duration="5 workDay" start="assigned" />',
      'DEADLINE_INVALID',
      '<U> deadline start "assigned" must be "created" or "claimed"',
    ],
    [
      'a field permission that is not editable, readonly, hidden or required',
      '<civic:fieldPermissions><civic:field name="phone" access="secret" /></civic:fieldPermissions>',
      'FIELD_PERMISSION_INVALID',
      '<U> field permission "phone: secret" is not editable, readonly, hidden or required',
    ],
  ])('%s', async (_what, extensions, code, message) => {
    const problems = await problemsOf(between(userTask('U', extensions), 'U'));
    expect(summary(problems)).toEqual([`${code} <U> bpmn:UserTask`]);
    expect(problems[0]!.message).toBe(message);
  });

  it('a form id that is neither deployed nor known is missing; a known one is fine', async () => {
    const xml = between(userTask('Task_Handle', '<zeebe:formDefinition formId="appeal-handle" />'), 'Task_Handle');
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual(['FORM_MISSING <Task_Handle> bpmn:UserTask']);
    expect(problems[0]!.message).toBe(
      '<Task_Handle> user task uses form "appeal-handle", which is neither in this deployment nor already deployed',
    );
    expect(problems[0]!.resource).toBe('test.bpmn');
    expect(await problemsOf(xml, { knownFormIds: ['appeal-handle'] })).toEqual([]);
    expect(
      await problemsOf(xml, {}, [
        { name: 'h.form.json', content: { id: 'appeal-handle', schema: { type: 'object' } } },
      ]),
    ).toEqual([]);
  });

  it('a business rule task calling a decision that does not exist; a known one is fine', async () => {
    const xml = between(
      '<bpmn:businessRuleTask id="Rule_1"><bpmn:extensionElements><zeebe:calledDecision decisionId="appeal-routing" resultVariable="routing" /></bpmn:extensionElements></bpmn:businessRuleTask>',
      'Rule_1',
    );
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual(['DECISION_MISSING <Rule_1> bpmn:BusinessRuleTask']);
    expect(problems[0]!.message).toBe(
      '<Rule_1> business rule task calls decision "appeal-routing", which is neither in this deployment nor already deployed',
    );
    expect(await problemsOf(xml, { knownDecisionIds: ['appeal-routing'] })).toEqual([]);
  });

  it('a business rule task without a result variable', async () => {
    const problems = await problemsOf(ext('businessRuleTask', 'Rule_1', '<zeebe:calledDecision decisionId="d" />'), {
      knownDecisionIds: ['d'],
    });
    expect(summary(problems)).toEqual(['DECISION_INVALID <Rule_1> bpmn:BusinessRuleTask']);
    expect(problems[0]!.message).toBe('<Rule_1> business rule task has no result variable');
  });

  it('a decision id computed by FEEL is resolved at run time, not checked at deploy time', async () => {
    const xml = between(
      '<bpmn:businessRuleTask id="Rule_1"><bpmn:extensionElements><zeebe:calledDecision decisionId="=&#34;routing-&#34; + township" resultVariable="routing" /></bpmn:extensionElements></bpmn:businessRuleTask>',
      'Rule_1',
    );
    expect(await problemsOf(xml)).toEqual([]);
  });
});
