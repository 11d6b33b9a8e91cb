import { describe, expect, it } from 'vitest';
import { staticTimerError } from './expression-checks.js';
import { bpmn, chain, flow, problemsOf, summary, userTask } from '../fixtures/inline-bpmn.js';

const between = (node: string, id: string, roots = '') =>
  bpmn(`<bpmn:startEvent id="S" />${node}<bpmn:endEvent id="E" />${chain('S', id, 'E')}`, roots);
const timerEvent = (id: string, kind: string, value: string) =>
  between(
    `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${value}</bpmn:${kind}></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
    id,
  );

describe('FEEL expressions are parsed at deploy time', () => {
  it('accepts line breaks inside a string literal (Camunda does), escaped for the evaluator', async () => {
    const xml = between(
      '<bpmn:task id="T"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=&#34;first line&#10;second line&#34; + x" target="prompt" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:task>',
      'T',
    );
    expect(await problemsOf(xml)).toEqual([]);
    const broken = xml.replace('+ x', '+');
    const problems = await problemsOf(broken);
    // quoted as the file writes it, line break and all
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('"="first line\nsecond line" +" is not valid FEEL'),
    ]);
  });

  it('reports a broken condition in the words of the issue', async () => {
    const xml =
      bpmn(`<bpmn:startEvent id="S" /><bpmn:exclusiveGateway id="G" default="Flow_4" /><bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />${chain('S', 'G')}
      ${flow('Flow_3', 'G', 'E1', '=category = ')}${flow('Flow_4', 'G', 'E2')}`);
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual(['FEEL_SYNTAX <Flow_3> bpmn:SequenceFlow']);
    expect(problems[0]!.message).toBe('<Flow_3> condition "=category =" is not valid FEEL: incomplete comparison');
  });

  it('reads a condition without the leading "=" as FEEL too', async () => {
    const xml =
      bpmn(`<bpmn:startEvent id="S" /><bpmn:exclusiveGateway id="G" default="Flow_4" /><bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />${chain('S', 'G')}
      ${flow('Flow_3', 'G', 'E1', 'amount &gt;')}${flow('Flow_4', 'G', 'E2')}`);
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual(['FEEL_SYNTAX <Flow_3> bpmn:SequenceFlow']);
    // quoted as the file writes it, without an "=" it does not have
    expect(problems[0]!.message).toBe('<Flow_3> condition "amount >" is not valid FEEL: incomplete comparison');
  });

  it('refuses a call to a function the evaluator does not have, and accepts Camunda\u2019s extensions', async () => {
    const xml =
      bpmn(`<bpmn:startEvent id="S" /><bpmn:exclusiveGateway id="G" default="Flow_4" /><bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />${chain('S', 'G')}
      ${flow('Flow_3', 'G', 'E1', '=is defined(reply) and get or else(count, 0) &gt; 1 and isHoliday(today())')}${flow('Flow_4', 'G', 'E2')}`);
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual(['FEEL_FUNCTION_UNKNOWN <Flow_3> bpmn:SequenceFlow']);
    expect(problems[0]!.message).toBe(
      '<Flow_3> condition "=is defined(reply) and get or else(count, 0) > 1 and isHoliday(today())" calls isHoliday(), which is not a FEEL function civicflow knows',
    );
  });

  it('reports each broken mapping, assignment and date of a user task by name', async () => {
    const ext = `<zeebe:assignmentDefinition assignee="=user." candidateGroups="=[" candidateUsers="=a b c +" />
      <zeebe:taskSchedule dueDate="=now() +" followUpDate="=)" /><zeebe:priorityDefinition priority="=if" />
      <zeebe:ioMapping><zeebe:input source="=a +" target="x" /><zeebe:output source="=)" target="y" /></zeebe:ioMapping>`;
    const problems = await problemsOf(between(userTask('Task_U', ext), 'Task_U'));
    expect(
      problems.every((p) => p.code === 'FEEL_SYNTAX' && p.elementId === 'Task_U' && p.elementKind === 'bpmn:UserTask'),
    ).toBe(true);
    expect(problems.map((p) => p.message)).toEqual([
      '<Task_U> input mapping for "x" "=a +" is not valid FEEL: incomplete arithmetic expression',
      '<Task_U> output mapping for "y" "=)" is not valid FEEL: unexpected ")" at position 1',
      '<Task_U> assignee "=user." is not valid FEEL: incomplete path expression',
      '<Task_U> candidate groups "=[" is not valid FEEL: incomplete list',
      '<Task_U> candidate users "=a b c +" is not valid FEEL: incomplete arithmetic expression',
      '<Task_U> due date "=now() +" is not valid FEEL: incomplete arithmetic expression',
      '<Task_U> follow-up date "=)" is not valid FEEL: unexpected ")" at position 1',
      expect.stringMatching(/^<Task_U> priority "=if" is not valid FEEL: /),
    ]);
  });

  it('static values are never parsed as FEEL', async () => {
    const ext =
      '<zeebe:assignmentDefinition assignee="张三 (window)" candidateGroups="dept-rs, dept-zj" /><zeebe:taskSchedule dueDate="2026-03-01T09:00:00+08:00" />';
    expect(await problemsOf(between(userTask('U', ext), 'U'))).toEqual([]);
  });

  it('reports a broken correlation key on the event that waits for the message', async () => {
    const xml = between(
      '<bpmn:intermediateCatchEvent id="Catch_Reply"><bpmn:messageEventDefinition id="MED_1" messageRef="Message_Reply" /></bpmn:intermediateCatchEvent>',
      'Catch_Reply',
      '<bpmn:message id="Message_Reply" name="reply"><bpmn:extensionElements><zeebe:subscription correlationKey="=appeal." /></bpmn:extensionElements></bpmn:message>',
    );
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual(['FEEL_SYNTAX <Catch_Reply> bpmn:IntermediateCatchEvent']);
    expect(problems[0]!.message).toBe(
      '<Catch_Reply> correlation key "=appeal." is not valid FEEL: incomplete path expression',
    );
  });

  it('reports a broken message name and correlation key on a receive task', async () => {
    const xml = between(
      '<bpmn:receiveTask id="Receive_1" messageRef="Message_1" />',
      'Receive_1',
      '<bpmn:message id="Message_1" name="=&#34;reply-&#34; +"><bpmn:extensionElements><zeebe:subscription correlationKey="=(" /></bpmn:extensionElements></bpmn:message>',
    );
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual([
      'FEEL_SYNTAX <Receive_1> bpmn:ReceiveTask',
      'FEEL_SYNTAX <Receive_1> bpmn:ReceiveTask',
    ]);
    expect(problems.map((p) => p.message.split(' is not')[0])).toEqual([
      '<Receive_1> message name "="reply-" +"',
      '<Receive_1> correlation key "=("',
    ]);
  });

  it('reports broken multi-instance, script, call and decision expressions', async () => {
    const mi = `<bpmn:userTask id="Task_MI"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics>
      <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=departments[" inputElement="d" outputCollection="out" outputElement="={" /></bpmn:extensionElements>
      <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=count(out) &gt;</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>`;
    const script =
      '<bpmn:scriptTask id="Task_Script"><bpmn:extensionElements><zeebe:script expression="=sum(" resultVariable="r" /></bpmn:extensionElements></bpmn:scriptTask>';
    const call =
      '<bpmn:callActivity id="Call_1"><bpmn:extensionElements><zeebe:calledElement processId="=&#34;appeal-&#34; +" /></bpmn:extensionElements></bpmn:callActivity>';
    const rule =
      '<bpmn:businessRuleTask id="Rule_1"><bpmn:extensionElements><zeebe:calledDecision decisionId="=routing." resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>';
    const problems = await problemsOf(
      bpmn(
        `<bpmn:startEvent id="S" />${mi}${script}${call}${rule}<bpmn:endEvent id="E" />${chain('S', 'Task_MI', 'Task_Script', 'Call_1', 'Rule_1', 'E')}`,
      ),
    );
    expect(problems.map((p) => `${p.code} ${p.message.split(' is not')[0]}`)).toEqual([
      'FEEL_SYNTAX <Task_MI> input collection "=departments["',
      'FEEL_SYNTAX <Task_MI> output element "={"',
      'FEEL_SYNTAX <Task_MI> completion condition "=count(out) >"',
      'FEEL_SYNTAX <Task_Script> script "=sum("',
      'FEEL_SYNTAX <Call_1> called process id "="appeal-" +"',
      'FEEL_SYNTAX <Rule_1> decision id "=routing."',
    ]);
  });

  it('reports a broken FEEL timer and a broken civic deadline', async () => {
    const problems = await problemsOf(
      bpmn(
        `<bpmn:startEvent id="S" />${userTask('U', '<civic:deadline duration="=days *" />')}<bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>=duration(</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="E" />${chain('S', 'U', 'Wait', 'E')}`,
      ),
    );
    expect(problems.map((p) => `${p.code} ${p.message.split(' is not')[0]}`)).toEqual([
      'FEEL_SYNTAX <U> deadline "=days *"',
      'FEEL_SYNTAX <Wait> timer duration "=duration("',
    ]);
  });
});

describe('timers are ISO 8601', () => {
  it.each([
    ['timeDuration', '72 hours', 'timer duration "72 hours" is not an ISO 8601 duration (e.g. PT72H or P5D)'],
    ['timeDuration', 'P', 'timer duration "P" is not an ISO 8601 duration (e.g. PT72H or P5D)'],
    ['timeDuration', '-PT1H', 'timer duration "-PT1H" is not an ISO 8601 duration (e.g. PT72H or P5D)'],
    [
      'timeDate',
      '2026-13-01T09:00:00+08:00',
      'timer date "2026-13-01T09:00:00+08:00" is not an ISO 8601 date-time with offset (e.g. 2026-03-01T09:00:00+08:00)',
    ],
    [
      'timeDate',
      '2026-03-01',
      'timer date "2026-03-01" is not an ISO 8601 date-time with offset (e.g. 2026-03-01T09:00:00+08:00)',
    ],
    [
      'timeDate',
      '2026-03-01T09:00:00',
      'timer date "2026-03-01T09:00:00" is not an ISO 8601 date-time with offset (e.g. 2026-03-01T09:00:00+08:00)',
    ],
    [
      'timeCycle',
      'every day',
      'timer cycle "every day" is neither an ISO 8601 repeating interval (e.g. R3/PT10M) nor a cron expression (e.g. 0 0 9 * * MON-FRI)',
    ],
    [
      'timeCycle',
      'R3',
      'timer cycle "R3" is neither an ISO 8601 repeating interval (e.g. R3/PT10M) nor a cron expression (e.g. 0 0 9 * * MON-FRI)',
    ],
    [
      'timeCycle',
      'R/PT0S',
      'timer cycle "R/PT0S" is not an ISO 8601 repeating interval with a positive period (e.g. R3/PT10M or R/2026-03-01T09:00:00+08:00/P1D)',
    ],
  ])('%s "%s"', async (kind, value, message) => {
    const problems = await problemsOf(timerEvent('Timer_1', kind, value));
    expect(summary(problems)).toEqual(['TIMER_INVALID <Timer_1> bpmn:IntermediateCatchEvent']);
    expect(problems[0]!.message).toBe(`<Timer_1> ${message}`);
  });

  it.each([
    ['timeDuration', 'PT72H'],
    ['timeDuration', 'P5D'],
    ['timeDate', '2026-03-01T09:00:00+08:00'],
    ['timeDate', '2026-03-01T01:00:00Z'],
    ['timeCycle', 'R3/PT10M'],
    ['timeCycle', '0 0 9 * * MON-FRI'],
    ['timeCycle', '0 30 8 ? * *'],
    ['timeCycle', '*/15 * * * *'],
    ['timeCycle', '@daily'],
    ['timeCycle', 'R/P1D'],
    ['timeCycle', 'R5/2026-03-01T09:00:00+08:00/P1D'],
    ['timeDuration', '=duration("P" + string(days) + "D")'],
  ])('accepts %s "%s"', async (kind, value) => {
    expect(await problemsOf(timerEvent('Timer_1', kind, value))).toEqual([]);
  });

  it('a timer needs exactly one of duration, date or cycle', async () => {
    const xml = between(
      '<bpmn:intermediateCatchEvent id="Timer_0"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>',
      'Timer_0',
    );
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual(['TIMER_INVALID <Timer_0> bpmn:IntermediateCatchEvent']);
    expect(problems[0]!.message).toBe('<Timer_0> timer needs exactly one of time duration, time date or time cycle');
  });

  it('staticTimerError is exported for values computed at run time', () => {
    expect(staticTimerError('duration', 'PT1H')).toBeNull();
    expect(staticTimerError('date', 'tomorrow')).toMatch(/^is not an ISO 8601 date-time/);
  });
});

describe('timer cycles have a minimum interval', () => {
  const timerStart = (value: string) =>
    bpmn(`<bpmn:startEvent id="Start_Every"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">${value}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
<bpmn:endEvent id="E" />${chain('Start_Every', 'E')}`);

  it.each([
    ['R/PT0.001S', 'repeats every 1 ms; the shortest interval allowed is 1 minute'],
    ['R/PT59S', 'repeats every 59 seconds; the shortest interval allowed is 1 minute'],
    ['R5/2026-03-01T09:00:00+08:00/PT10S', 'repeats every 10 seconds; the shortest interval allowed is 1 minute'],
  ])('a timer start cycle "%s" is refused, naming the element', async (value, why) => {
    const problems = await problemsOf(timerStart(value));
    expect(summary(problems)).toEqual(['TIMER_CYCLE_TOO_SHORT <Start_Every> bpmn:StartEvent']);
    expect(problems[0]!.message).toBe(`<Start_Every> timer cycle "${value}" ${why}`);
  });

  it('applies to boundary and catch event cycles too', async () => {
    expect(summary(await problemsOf(timerEvent('Timer_1', 'timeCycle', 'R3/PT1S')))).toEqual([
      'TIMER_CYCLE_TOO_SHORT <Timer_1> bpmn:IntermediateCatchEvent',
    ]);
  });

  it('accepts a cycle of one minute or more, and a smaller minimum passed in the compile options', async () => {
    expect(await problemsOf(timerStart('R/PT1M'))).toEqual([]);
    expect(await problemsOf(timerStart('R/PT10S'), { minTimerCycleMs: 10_000 })).toEqual([]);
    expect(summary(await problemsOf(timerStart('R/PT5M'), { minTimerCycleMs: 3_600_000 }))).toEqual([
      'TIMER_CYCLE_TOO_SHORT <Start_Every> bpmn:StartEvent',
    ]);
  });
});
