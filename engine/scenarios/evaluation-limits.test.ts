import { describe, expect, it } from 'vitest';
import { compileOrThrow, Scenario } from '../testing/scenario.js';

const NAMESPACES =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const bpmn = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions ${NAMESPACES} id="D" targetNamespace="http://bpmn.io/schema/bpmn"><bpmn:process id="p" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;
const chain = (...ids: string[]) =>
  ids
    .slice(1)
    .map((to, i) => `<bpmn:sequenceFlow id="${ids[i]}_${to}" sourceRef="${ids[i]}" targetRef="${to}" />`)
    .join('');
const userTask = (id: string) =>
  `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>`;

async function processOf(body: string) {
  const { processes } = await compileOrThrow([{ name: 'limits.bpmn', content: bpmn(body) }]);
  return processes.p!;
}

const script = (expression: string) =>
  processOf(`<bpmn:startEvent id="S" />
<bpmn:scriptTask id="Calc"><bpmn:extensionElements><zeebe:script expression="${expression}" resultVariable="result" /></bpmn:extensionElements></bpmn:scriptTask>
<bpmn:endEvent id="E" />${chain('S', 'Calc', 'E')}`);

const multiInstance = (sequential = false) =>
  processOf(`<bpmn:startEvent id="S" />
<bpmn:userTask id="Review"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>
  <bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:extensionElements>
    <zeebe:loopCharacteristics inputCollection="=items" inputElement="item" />
  </bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
</bpmn:userTask>
<bpmn:endEvent id="E" />${chain('S', 'Review', 'E')}`);

const incidents = (s: Scenario) => s.incidents.map((i) => [i.code, i.el]);

describe('expression evaluation has a budget', () => {
  it('a range over 1,000 items raises EVALUATION_LIMIT on the element instead of running', async () => {
    const s = new Scenario(await script('=count(for i in 1..1500000 return i)')).start();
    expect(incidents(s)).toEqual([['EVALUATION_LIMIT', 'Calc']]);
    expect(s.incidents[0]!.message).toContain('range 1..1500000 has 1500000 items, more than the 1000 allowed');
    expect(s.variables).not.toHaveProperty('result');
  });

  it('iterations within the limit still run', async () => {
    const s = new Scenario(await script('=sum(for i in 1..1000 return i)')).start();
    expect(s.incidents).toEqual([]);
    expect(s.variables.result).toBe(500500);
    expect(s.status).toBe('completed');
  });

  it('the collection limit comes from the environment (a tenant policy)', async () => {
    const def = await script('=count(for i in 1..1500 return i)');
    expect(incidents(new Scenario(def).start())).toEqual([['EVALUATION_LIMIT', 'Calc']]);
    const allowed = new Scenario(def, { env: { evaluationLimits: { collectionItems: 2000 } } }).start();
    expect(allowed.variables.result).toBe(1500);
  });

  it('nested iteration counts every item against the step budget', async () => {
    const s = new Scenario(await script('=count(for a in xs, b in xs, c in xs return 1)')).start({
      xs: Array.from({ length: 1000 }, (_, i) => i),
    });
    expect(incidents(s)).toEqual([['EVALUATION_LIMIT', 'Calc']]);
    expect(s.incidents[0]!.message).toContain('more than 20000 steps');
  });

  it('a function calling itself twice per call is stopped by the step budget', async () => {
    const s = new Scenario(await script('={f: function(n) if n = 0 then 0 else f(n - 1) + f(n - 1)}.f(40)')).start();
    expect(incidents(s)).toEqual([['EVALUATION_LIMIT', 'Calc']]);
  });

  it('filters and quantifiers over a list longer than the limit are refused', async () => {
    const xs = Array.from({ length: 5000 }, (_, i) => i);
    expect(incidents(new Scenario(await script('=xs[item > 10]')).start({ xs }))).toEqual([
      ['EVALUATION_LIMIT', 'Calc'],
    ]);
    expect(incidents(new Scenario(await script('=some x in xs satisfies x > 4998')).start({ xs }))).toEqual([
      ['EVALUATION_LIMIT', 'Calc'],
    ]);
    // Picking one item is not iterating.
    expect(new Scenario(await script('=xs[3]')).start({ xs }).variables.result).toBe(2);
  });

  it('a range whose bounds are not a whole number apart fails instead of never ending', async () => {
    const s = new Scenario(await script('=for i in 1..2.5 return i')).start();
    expect(incidents(s)).toEqual([['FEEL_ERROR', 'Calc']]);
  });

  it('a parallel multi-instance over 20,000 items raises one incident and creates no instance', async () => {
    const s = new Scenario(await multiInstance()).start({ items: Array.from({ length: 20_000 }, (_, i) => i) });
    expect(incidents(s)).toEqual([['EVALUATION_LIMIT', 'Review']]);
    expect(s.incidents[0]!.message).toContain('input collection has 20000 items, more than the 1000 allowed');
    expect(s.effects.filter((e) => e.type === 'createTask')).toEqual([]);
    expect(s.active).toEqual(['Review']);
  });

  it('a sequential multi-instance over too many items is refused the same way', async () => {
    const s = new Scenario(await multiInstance(true)).start({ items: Array.from({ length: 1001 }, (_, i) => i) });
    expect(incidents(s)).toEqual([['EVALUATION_LIMIT', 'Review']]);
  });

  it('a multi-instance within the limit starts every instance', async () => {
    const s = new Scenario(await multiInstance()).start({ items: Array.from({ length: 1000 }, (_, i) => i) });
    expect(s.incidents).toEqual([]);
    expect(s.effects.filter((e) => e.type === 'createTask')).toHaveLength(1000);
  });

  it('the budget is per command: a later command starts afresh', async () => {
    const def = await processOf(`<bpmn:startEvent id="S" />
<bpmn:scriptTask id="A"><bpmn:extensionElements><zeebe:script expression="=count(for i in 1..1000, j in 1..15 return i)" resultVariable="a" /></bpmn:extensionElements></bpmn:scriptTask>
${userTask('Wait')}
<bpmn:scriptTask id="B"><bpmn:extensionElements><zeebe:script expression="=count(for i in 1..1000, j in 1..15 return i)" resultVariable="b" /></bpmn:extensionElements></bpmn:scriptTask>
<bpmn:scriptTask id="C"><bpmn:extensionElements><zeebe:script expression="=count(for i in 1..1000, j in 1..15 return i)" resultVariable="c" /></bpmn:extensionElements></bpmn:scriptTask>
<bpmn:endEvent id="E" />${chain('S', 'A', 'Wait', 'B', 'C', 'E')}`);
    const s = new Scenario(def).start();
    expect(s.variables.a).toBe(15000);
    s.completeTask('Wait');
    // B uses 16,000 of the 20,000 steps; C would need as many again in the same command.
    expect(s.variables.b).toBe(15000);
    expect(incidents(s)).toEqual([['EVALUATION_LIMIT', 'C']]);
  });
});

describe('timer cycles computed by an expression', () => {
  const cycleCatch = () =>
    processOf(`<bpmn:startEvent id="S" />
<bpmn:intermediateCatchEvent id="Every"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">=cycle</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:endEvent id="E" />${chain('S', 'Every', 'E')}`);

  it('a cycle shorter than the minimum raises an incident instead of a timer', async () => {
    const s = new Scenario(await cycleCatch()).start({ cycle: 'R/PT0.001S' });
    expect(incidents(s)).toEqual([['FEEL_ERROR', 'Every']]);
    expect(s.effects.filter((e) => e.type === 'scheduleTimer')).toEqual([]);
  });

  it('the minimum comes from the environment', async () => {
    const s = new Scenario(await cycleCatch(), { env: { minTimerCycleMs: 1 } }).start({ cycle: 'R/PT0.001S' });
    expect(s.incidents).toEqual([]);
    expect(s.effects.filter((e) => e.type === 'scheduleTimer')).toHaveLength(1);
  });
});
