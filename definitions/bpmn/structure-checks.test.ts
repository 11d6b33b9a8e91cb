import { describe, expect, it } from 'vitest';
import { bpmn, chain, flow, problemsOf, summary, userTask } from '../fixtures/inline-bpmn.js';

const timer = (duration = 'PT1H') =>
  `<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${duration}</bpmn:timeDuration></bpmn:timerEventDefinition>`;
const gateway = (kind: string, flows: string, attrs = '') =>
  bpmn(
    `<bpmn:startEvent id="S" /><bpmn:${kind} id="G" ${attrs} /><bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />${chain('S', 'G')}${flows}`,
  );

describe('structure: reachability', () => {
  it('names a node without incoming flows', async () => {
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" /><bpmn:endEvent id="E" /><bpmn:task id="Task_Orphan" />${chain('S', 'E')}`),
    );
    expect(summary(problems)).toEqual(['UNREACHABLE <Task_Orphan> bpmn:Task']);
    expect(problems[0]!.message).toBe('<Task_Orphan> task has no incoming sequence flow, so it can never run');
  });

  it('names every node of an island that only loops into itself', async () => {
    const island = `<bpmn:userTask id="A" /><bpmn:exclusiveGateway id="B" />${chain('A', 'B')}${flow('B_A', 'B', 'A')}`;
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" /><bpmn:endEvent id="E" />${chain('S', 'E')}${island}`),
    );
    expect(summary(problems)).toEqual(['UNREACHABLE <A> bpmn:UserTask', 'UNREACHABLE <B> bpmn:ExclusiveGateway']);
    expect(problems[0]!.message).toBe('<A> userTask cannot be reached from any start event');
  });

  it('names an unreachable island inside a subprocess', async () => {
    const sub = `<bpmn:subProcess id="Sub"><bpmn:startEvent id="SS" /><bpmn:endEvent id="SE" />${chain('SS', 'SE')}<bpmn:task id="X" /><bpmn:task id="Y" />${chain('X', 'Y')}${flow('Y_X', 'Y', 'X')}</bpmn:subProcess>`;
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" />${sub}<bpmn:endEvent id="E" />${chain('S', 'Sub', 'E')}`),
    );
    expect(summary(problems)).toEqual(['UNREACHABLE <X> bpmn:Task', 'UNREACHABLE <Y> bpmn:Task']);
  });

  it('accepts nodes reached only through a boundary event or an event subprocess', async () => {
    const xml = bpmn(`<bpmn:startEvent id="S" />${userTask('U')}<bpmn:endEvent id="E" />${chain('S', 'U', 'E')}
      <bpmn:boundaryEvent id="B" attachedToRef="U">${timer()}</bpmn:boundaryEvent><bpmn:task id="Late" /><bpmn:endEvent id="LateEnd" />${chain('B', 'Late', 'LateEnd')}
      <bpmn:subProcess id="ES" triggeredByEvent="true"><bpmn:startEvent id="ESS">${timer('PT2H')}</bpmn:startEvent><bpmn:task id="EST" /><bpmn:endEvent id="ESE" />${chain('ESS', 'EST', 'ESE')}</bpmn:subProcess>`);
    expect(await problemsOf(xml)).toEqual([]);
  });
});

describe('structure: conditions on gateways', () => {
  it.each(['exclusiveGateway', 'inclusiveGateway'])(
    'a %s with a flow that has neither condition nor default',
    async (kind) => {
      const problems = await problemsOf(gateway(kind, flow('Flow_A', 'G', 'E1', '=a') + flow('Flow_B', 'G', 'E2')));
      const type = `bpmn:${kind[0]!.toUpperCase()}${kind.slice(1)}`;
      expect(summary(problems)).toEqual([`CONDITION_MISSING <G> ${type}`]);
      expect(problems[0]!.message).toBe('<G> outgoing flow <Flow_B> has no condition and is not the default flow');
    },
  );

  it.each(['exclusiveGateway', 'inclusiveGateway'])(
    'a %s whose unconditioned flow is the default is fine',
    async (kind) => {
      expect(
        await problemsOf(
          gateway(kind, flow('Flow_A', 'G', 'E1', '=a') + flow('Flow_B', 'G', 'E2'), 'default="Flow_B"'),
        ),
      ).toEqual([]);
    },
  );

  it('a gateway with a single unconditioned outgoing flow is fine', async () => {
    expect(
      await problemsOf(
        bpmn(
          `<bpmn:startEvent id="S" /><bpmn:exclusiveGateway id="G" /><bpmn:endEvent id="E" />${chain('S', 'G', 'E')}`,
        ),
      ),
    ).toEqual([]);
  });

  it('a default flow that leaves another node', async () => {
    const xml = gateway(
      'exclusiveGateway',
      flow('Flow_A', 'G', 'E1', '=a') + flow('Flow_B', 'G', 'E2', '=b'),
      'default="S_G"',
    );
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual(['DEFAULT_FLOW_INVALID <G> bpmn:ExclusiveGateway']);
    expect(problems[0]!.message).toBe('<G> default flow <S_G> does not leave this gateway');
  });

  it.each([
    [
      'a task',
      bpmn(
        `<bpmn:startEvent id="S" /><bpmn:task id="T" /><bpmn:endEvent id="E" />${chain('S', 'T')}${flow('Flow_C', 'T', 'E', '=x > 1')}`,
      ),
      'task <T>',
    ],
    [
      'a parallel gateway',
      bpmn(
        `<bpmn:startEvent id="S" /><bpmn:parallelGateway id="P" /><bpmn:endEvent id="E" />${chain('S', 'P')}${flow('Flow_C', 'P', 'E', '=x > 1')}`,
      ),
      'parallelGateway <P>',
    ],
    [
      'a start event',
      bpmn(`<bpmn:startEvent id="S" /><bpmn:endEvent id="E" />${flow('Flow_C', 'S', 'E', '=x > 1')}`),
      'startEvent <S>',
    ],
  ])('a condition on a flow leaving %s', async (_what, xml, source) => {
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual(['CONDITION_MISPLACED <Flow_C> bpmn:SequenceFlow']);
    expect(problems[0]!.message).toBe(
      `<Flow_C> has a condition but starts at ${source}; conditions belong on flows leaving exclusive or inclusive gateways`,
    );
  });
});

describe('structure: events', () => {
  it('an error end event without an error code (no error, or an error without code)', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="S" /><bpmn:parallelGateway id="P" />${chain('S', 'P')}
       <bpmn:endEvent id="End_NoRef"><bpmn:errorEventDefinition id="ED1" /></bpmn:endEvent>
       <bpmn:endEvent id="End_NoCode"><bpmn:errorEventDefinition id="ED2" errorRef="Error_1" /></bpmn:endEvent>${chain('P', 'End_NoRef')}${chain('P', 'End_NoCode')}`,
      '<bpmn:error id="Error_1" name="失败" />',
    );
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual([
      'EVENT_INVALID <End_NoRef> bpmn:EndEvent',
      'EVENT_INVALID <End_NoCode> bpmn:EndEvent',
    ]);
    expect(problems[0]!.message).toBe('<End_NoRef> error end event has no error code');
  });

  it('an escalation end event without a code', async () => {
    const problems = await problemsOf(
      bpmn(
        `<bpmn:startEvent id="S" /><bpmn:endEvent id="Esc"><bpmn:escalationEventDefinition /></bpmn:endEvent>${chain('S', 'Esc')}`,
      ),
    );
    expect(summary(problems)).toEqual(['EVENT_INVALID <Esc> bpmn:EndEvent']);
    expect(problems[0]!.message).toBe('<Esc> escalation event has no escalation code');
  });

  it('an event subprocess with incoming and outgoing flows', async () => {
    const es = `<bpmn:subProcess id="Event_Sub" triggeredByEvent="true"><bpmn:startEvent id="ESS">${timer()}</bpmn:startEvent><bpmn:endEvent id="ESE" />${chain('ESS', 'ESE')}</bpmn:subProcess>`;
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" />${es}<bpmn:endEvent id="E" />${chain('S', 'Event_Sub', 'E')}`),
    );
    expect(summary(problems)).toEqual(['FLOW_INVALID <Event_Sub> bpmn:SubProcess']);
    expect(problems[0]!.message).toBe('<Event_Sub> event subprocess cannot have incoming or outgoing sequence flows');
  });

  it('an event subprocess started by a none start event', async () => {
    const es = `<bpmn:subProcess id="Event_Sub" triggeredByEvent="true"><bpmn:startEvent id="ESS" /><bpmn:endEvent id="ESE" />${chain('ESS', 'ESE')}</bpmn:subProcess>`;
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" /><bpmn:endEvent id="E" />${chain('S', 'E')}${es}`),
    );
    expect(summary(problems)).toEqual(['START_INVALID <Event_Sub> bpmn:SubProcess']);
  });

  it('a process without a start event, and one with two none start events', async () => {
    const none = await problemsOf(bpmn('<bpmn:task id="T" />'));
    expect(summary(none)).toEqual(['START_MISSING <p> bpmn:Process', 'UNREACHABLE <T> bpmn:Task']);
    expect(none[0]!.message).toBe('<p> process has no start event');
    const two = await problemsOf(
      bpmn(
        `<bpmn:startEvent id="S1" /><bpmn:startEvent id="S2" /><bpmn:endEvent id="E" />${chain('S1', 'E')}${chain('S2', 'E')}`,
      ),
    );
    expect(summary(two)).toEqual(['START_INVALID <p> bpmn:Process']);
  });

  it('a process started by an escalation event', async () => {
    const problems = await problemsOf(
      bpmn(
        `<bpmn:startEvent id="S"><bpmn:escalationEventDefinition /></bpmn:startEvent><bpmn:endEvent id="E" />${chain('S', 'E')}`,
      ),
    );
    expect(summary(problems)).toEqual(['START_INVALID <S> bpmn:StartEvent']);
    expect(problems[0]!.message).toBe(
      '<S> a process start event cannot be an escalation event (only none, message, timer or signal)',
    );
  });

  it('an embedded subprocess without a start event', async () => {
    const problems = await problemsOf(
      bpmn(
        `<bpmn:startEvent id="S" /><bpmn:subProcess id="Sub"><bpmn:task id="Inner" /></bpmn:subProcess><bpmn:endEvent id="E" />${chain('S', 'Sub', 'E')}`,
      ),
    );
    expect(summary(problems)).toEqual(['START_INVALID <Sub> bpmn:SubProcess', 'UNREACHABLE <Inner> bpmn:Task']);
  });

  it('flows into a start event and out of an end event', async () => {
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" /><bpmn:endEvent id="E" />${chain('S', 'E')}${flow('Back', 'E', 'S')}`),
    );
    expect(summary(problems)).toEqual(['FLOW_INVALID <S> bpmn:StartEvent', 'FLOW_INVALID <E> bpmn:EndEvent']);
  });

  it('a boundary event without an outgoing flow, and an error boundary that does not interrupt', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="S" />${userTask('U')}<bpmn:endEvent id="E" />${chain('S', 'U', 'E')}
      <bpmn:boundaryEvent id="Timer_Stuck" attachedToRef="U">${timer()}</bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="Error_Soft" cancelActivity="false" attachedToRef="U"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:boundaryEvent><bpmn:endEvent id="E2" />${chain('Error_Soft', 'E2')}`,
      '<bpmn:error id="Err" errorCode="X" />',
    );
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual([
      'EVENT_INVALID <Error_Soft> bpmn:BoundaryEvent',
      'FLOW_INVALID <Timer_Stuck> bpmn:BoundaryEvent',
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      '<Error_Soft> an error boundary event must interrupt its activity',
      '<Timer_Stuck> boundary event has no outgoing sequence flow',
    ]);
  });

  it('a flow that crosses a subprocess boundary', async () => {
    const sub = `<bpmn:subProcess id="Sub"><bpmn:startEvent id="SS" /><bpmn:endEvent id="SE" />${chain('SS', 'SE')}</bpmn:subProcess>`;
    const problems = await problemsOf(
      bpmn(
        `<bpmn:startEvent id="S" />${sub}<bpmn:endEvent id="E" />${chain('S', 'Sub', 'E')}${flow('Jump', 'S', 'SE')}`,
      ),
    );
    expect(summary(problems)).toEqual(['FLOW_CROSSES_SCOPE <Jump> bpmn:SequenceFlow']);
  });

  it('an event-based gateway that leads to a task, and one with a single way out', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="S" /><bpmn:eventBasedGateway id="EG" /><bpmn:task id="T" /><bpmn:endEvent id="E" />${chain('S', 'EG', 'T', 'E')}`,
    );
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual([
      'GATEWAY_INVALID <EG> bpmn:EventBasedGateway',
      'GATEWAY_INVALID <EG> bpmn:EventBasedGateway',
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      '<EG> event-based gateway needs at least two outgoing flows',
      '<EG> event-based gateway leads to <T>, which is not a timer, message or signal catch event or receive task',
    ]);
  });
});

describe('structure: task operation targets (civic:taskOperations)', () => {
  const withOps = (ops: string) =>
    bpmn(
      `<bpmn:startEvent id="S" /><bpmn:userTask id="Dispatch" name="派单" /><bpmn:userTask id="Handle" name="部门办理"><bpmn:extensionElements><civic:taskOperations ${ops} /></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="E" />${chain('S', 'Dispatch', 'Handle', 'E')}`,
    );

  it('accepts return and refuse targets that are user tasks of the process', async () => {
    expect(await problemsOf(withOps('returnTargets="Dispatch" refuseTo="Dispatch"'))).toEqual([]);
  });

  it('refuses an unknown return target and a refuse step that is not a user task, naming the step and the target', async () => {
    const problems = await problemsOf(withOps('returnTargets="Dispatch, Task_Gone" refuseTo="E"'));
    expect(summary(problems)).toEqual([
      'TASK_OPERATION_TARGET_UNKNOWN <Handle> bpmn:UserTask',
      'TASK_OPERATION_TARGET_UNKNOWN <Handle> bpmn:UserTask',
    ]);
    expect(problems.map((p) => [p.message, p.args])).toEqual([
      [
        '<Handle> civic:taskOperations returnTargets names <Task_Gone>, which is not a step of this process',
        { step: '部门办理', target: 'Task_Gone', attribute: 'returnTargets' },
      ],
      [
        '<Handle> civic:taskOperations refuseTo names <E>, which is not a user task',
        { step: '部门办理', target: 'E', attribute: 'refuseTo' },
      ],
    ]);
  });
});
