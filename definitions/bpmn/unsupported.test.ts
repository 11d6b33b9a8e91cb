import { describe, expect, it } from 'vitest';
import { bpmn, chain, problemsOf, summary } from '../fixtures/inline-bpmn.js';

// Every BPMN construct the engine cannot run is a problem that names the element and its kind; nothing is skipped silently.
const around = (middle: string, id: string) =>
  bpmn(`<bpmn:startEvent id="S" />${middle}<bpmn:endEvent id="E" />${chain('S', id, 'E')}`);
const event = (tag: string, id: string, definition: string) =>
  around(`<bpmn:${tag} id="${id}">${definition}</bpmn:${tag}>`, id);

describe('unsupported BPMN elements', () => {
  it.each([
    [
      'a complex gateway',
      around('<bpmn:complexGateway id="Gateway_C" />', 'Gateway_C'),
      'Gateway_C',
      'bpmn:ComplexGateway',
      'ComplexGateway is not supported by civicflow',
    ],
    [
      'a transaction',
      around('<bpmn:transaction id="Tx_1" />', 'Tx_1'),
      'Tx_1',
      'bpmn:Transaction',
      'Transaction is not supported by civicflow',
    ],
    [
      'a standard loop',
      around('<bpmn:task id="Loop_1"><bpmn:standardLoopCharacteristics /></bpmn:task>', 'Loop_1'),
      'Loop_1',
      'bpmn:Task',
      'uses standard loop characteristics; use multi-instance instead',
    ],
    [
      'a conditional catch event',
      event(
        'intermediateCatchEvent',
        'Cond_1',
        '<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt; 1</bpmn:condition></bpmn:conditionalEventDefinition>',
      ),
      'Cond_1',
      'bpmn:IntermediateCatchEvent',
      'uses ConditionalEventDefinition (condition =x > 1): conditional events, which Camunda 8.9 runs, are not supported by civicflow yet; publish a message when the condition holds and use a message event instead',
    ],
    [
      'a cancel throw event',
      event('intermediateThrowEvent', 'Cancel_1', '<bpmn:cancelEventDefinition />'),
      'Cancel_1',
      'bpmn:IntermediateThrowEvent',
      'uses CancelEventDefinition, which civicflow does not execute',
    ],
    // reported once: not also as unreachable for the incoming flow it does not have
    [
      'an unsupported catch event nothing flows into',
      bpmn(
        `<bpmn:startEvent id="S" /><bpmn:endEvent id="E" />${chain('S', 'E')}<bpmn:intermediateCatchEvent id="Cond_2"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt; 1</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="E2" />${chain('Cond_2', 'E2')}`,
      ),
      'Cond_2',
      'bpmn:IntermediateCatchEvent',
      'uses ConditionalEventDefinition (condition =x > 1): conditional events, which Camunda 8.9 runs, are not supported by civicflow yet; publish a message when the condition holds and use a message event instead',
    ],
    [
      'an event with two definitions',
      event(
        'intermediateCatchEvent',
        'Multi_1',
        '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition><bpmn:messageEventDefinition />',
      ),
      'Multi_1',
      'bpmn:IntermediateCatchEvent',
      'has several event definitions (multiple events are not supported)',
    ],
    [
      'a none intermediate catch event',
      around('<bpmn:intermediateCatchEvent id="None_1" />', 'None_1'),
      'None_1',
      'bpmn:IntermediateCatchEvent',
      'a none event cannot be used as IntermediateCatchEvent',
    ],
    [
      'a timer intermediate throw event',
      event(
        'intermediateThrowEvent',
        'Throw_1',
        '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>',
      ),
      'Throw_1',
      'bpmn:IntermediateThrowEvent',
      'a timer event cannot be used as IntermediateThrowEvent',
    ],
  ])('%s', async (_what, xml, id, kind, message) => {
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual([`UNSUPPORTED_ELEMENT <${id}> ${kind}`]);
    expect(problems[0]!.message).toBe(`<${id}> ${message}`);
  });

  // Camunda 8.9 runs conditional events of all four kinds; each is refused once, its condition quoted.
  it.each([
    [
      'a conditional start event',
      bpmn(
        `<bpmn:startEvent id="Cond_S"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt; 1</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent><bpmn:endEvent id="E" />${chain('Cond_S', 'E')}`,
      ),
      'Cond_S',
      'bpmn:StartEvent',
    ],
    [
      'a conditional boundary event',
      around(
        `<bpmn:task id="T" /><bpmn:boundaryEvent id="Cond_B" attachedToRef="T" cancelActivity="false"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt; 1</bpmn:condition><bpmn:extensionElements><zeebe:conditionalFilter variableEvents="create, update" /></bpmn:extensionElements></bpmn:conditionalEventDefinition></bpmn:boundaryEvent><bpmn:endEvent id="E2" />${chain('Cond_B', 'E2')}`,
        'T',
      ),
      'Cond_B',
      'bpmn:BoundaryEvent',
    ],
    [
      'a conditional event-subprocess start event',
      around(
        `<bpmn:task id="T" /><bpmn:subProcess id="Sub" triggeredByEvent="true"><bpmn:startEvent id="Cond_ES"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt; 1</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent><bpmn:endEvent id="SE" />${chain('Cond_ES', 'SE')}</bpmn:subProcess>`,
        'T',
      ),
      'Cond_ES',
      'bpmn:StartEvent',
    ],
  ])('%s', async (_what, xml, id, kind) => {
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual([`UNSUPPORTED_ELEMENT <${id}> ${kind}`]);
    expect(problems[0]!.message).toBe(
      `<${id}> uses ConditionalEventDefinition (condition =x > 1): conditional events, which Camunda 8.9 runs, are not supported by civicflow yet; publish a message when the condition holds and use a message event instead`,
    );
  });

  it('signal events run now; one without a named signal is refused once, naming the element', async () => {
    const problems = await problemsOf(event('intermediateCatchEvent', 'Sig_1', '<bpmn:signalEventDefinition />'));
    expect(summary(problems)).toEqual(['SIGNAL_MISSING <Sig_1> bpmn:IntermediateCatchEvent']);
  });

  it('compensation runs now: a boundary event with its handler compiles; a compensation event subprocess is refused', async () => {
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="S" /><bpmn:task id="T" /><bpmn:endEvent id="E" />${chain('S', 'T', 'E')}
        <bpmn:boundaryEvent id="Comp_B" attachedToRef="T"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
        <bpmn:serviceTask id="Undo" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="undo" /></bpmn:extensionElements></bpmn:serviceTask>
        <bpmn:association id="A" associationDirection="One" sourceRef="Comp_B" targetRef="Undo" />`),
    );
    expect(problems).toEqual([]);
    const sub = await problemsOf(
      around(
        `<bpmn:task id="T" /><bpmn:subProcess id="Comp_Sub" triggeredByEvent="true"><bpmn:startEvent id="Comp_S"><bpmn:compensateEventDefinition /></bpmn:startEvent><bpmn:endEvent id="Comp_E" />${chain('Comp_S', 'Comp_E')}</bpmn:subProcess>`,
        'T',
      ),
    );
    expect(summary(sub)).toEqual(['UNSUPPORTED_ELEMENT <Comp_Sub> bpmn:SubProcess']);
  });

  it('an unsupported element inside a subprocess is named too', async () => {
    const problems = await problemsOf(
      around(
        `<bpmn:subProcess id="Sub"><bpmn:startEvent id="SS" /><bpmn:complexGateway id="Inner_C" /><bpmn:endEvent id="SE" />${chain('SS', 'SE')}</bpmn:subProcess>`,
        'Sub',
      ),
    );
    expect(summary(problems)).toEqual(['UNSUPPORTED_ELEMENT <Inner_C> bpmn:ComplexGateway']);
  });

  it('flows around an unsupported element are not reported again as dangling, nor what follows as unreachable', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="S" /><bpmn:complexGateway id="Gateway_C" /><bpmn:task id="T" /><bpmn:endEvent id="E" />${chain('S', 'Gateway_C', 'T', 'E')}`,
    );
    expect(summary(await problemsOf(xml))).toEqual(['UNSUPPORTED_ELEMENT <Gateway_C> bpmn:ComplexGateway']);
  });

  it('documentation-only artifacts (annotations, groups, data objects) are accepted', async () => {
    const xml = around(
      `<bpmn:task id="T" /><bpmn:dataObjectReference id="DataRef" dataObjectRef="Data" /><bpmn:dataObject id="Data" />
       <bpmn:textAnnotation id="Note"><bpmn:text>备注</bpmn:text></bpmn:textAnnotation><bpmn:association id="Assoc" sourceRef="T" targetRef="Note" />`,
      'T',
    );
    expect(await problemsOf(xml)).toEqual([]);
  });
});
