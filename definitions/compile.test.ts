import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { bpmn, chain, summary, userTask } from './fixtures/inline-bpmn.js';
import type { Resource } from './model/index.js';

const process = (id: string, body = '') =>
  bpmn(`<bpmn:startEvent id="S" />${body}<bpmn:endEvent id="E" />${chain('S', 'E')}`, '', id);
const form = (id: string): Resource => ({ name: `${id}.form.json`, content: { id, schema: { type: 'object' } } });
const dmn = (decisionId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_${decisionId}" name="DRD" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="${decisionId}" name="分拨">
    <decisionTable id="DecisionTable_${decisionId}" hitPolicy="FIRST">
      <input id="Input_1" label="类别"><inputExpression id="InputExpression_1" typeRef="string"><text>category</text></inputExpression></input>
      <output id="Output_1" label="部门" name="dept" typeRef="string" />
      <rule id="Rule_1"><inputEntry id="UnaryTests_1"><text>-</text></inputEntry><outputEntry id="LiteralExpression_1"><text>"dept-zz"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

async function problems(resources: Resource[], options = {}) {
  const r = await compile(resources, options);
  if (r.ok) throw new Error('expected the deployment to be rejected');
  expect(r).not.toHaveProperty('deployment');
  return r.problems;
}

describe('compile: a deployment', () => {
  it('compiles processes, decisions and forms together', async () => {
    const withTask = bpmn(
      `<bpmn:startEvent id="S" />${userTask('U', '<zeebe:formDefinition formId="f1" />')}<bpmn:businessRuleTask id="R"><bpmn:extensionElements><zeebe:calledDecision decisionId="routing" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="E" />${chain('S', 'U', 'R', 'E')}`,
    );
    const r = await compile([
      { name: 'p.bpmn', content: withTask },
      { name: 'routing.dmn', content: dmn('routing') },
      form('f1'),
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.deployment.processes.map((p) => [p.id, p.formIds, p.decisionIds])).toEqual([['p', ['f1'], ['routing']]]);
    expect(r.deployment.decisions.map((d) => d.id)).toEqual(['routing']);
    expect(r.deployment.forms.map((f) => f.id)).toEqual(['f1']);
  });

  it('an empty deployment compiles to nothing', async () => {
    expect(await compile([])).toEqual({
      ok: true,
      deployment: { processes: [], decisions: [], forms: [], origins: {} },
    });
  });

  it('is rejected whole, listing every problem of every resource', async () => {
    const broken = bpmn(
      `<bpmn:startEvent id="S" />${userTask('U', '<zeebe:formDefinition formId="nope" />')}<bpmn:complexGateway id="C" /><bpmn:endEvent id="E" />${chain('S', 'U', 'E')}<bpmn:sequenceFlow id="Flow_3" sourceRef="U" targetRef="Nowhere" />`,
    );
    const list = await problems([
      { name: 'good.bpmn', content: process('good') },
      { name: 'broken.bpmn', content: broken },
      { name: 'bad.form.json', content: { id: 'bad id', schema: {} } },
      { name: 'bad.dmn', content: '<definitions' },
      { name: 'readme.txt', content: 'hello' },
    ]);
    expect(list.map((p) => `${p.resource}: ${summary([p])[0]}`)).toEqual([
      'broken.bpmn: REFERENCE_MISSING <Flow_3> bpmn:SequenceFlow',
      'broken.bpmn: UNSUPPORTED_ELEMENT <C> bpmn:ComplexGateway',
      'bad.form.json: FORM_INVALID - -',
      'bad.dmn: XML_INVALID - -',
      'readme.txt: UNKNOWN_RESOURCE - -',
      'broken.bpmn: FORM_MISSING <U> bpmn:UserTask',
    ]);
  });

  it.each(['notes.txt', 'process.xml', 'form.json', 'diagram.bpmn2', 'BPMN'])(
    'rejects the unknown resource "%s"',
    async (name) => {
      const list = await problems([{ name, content: 'x' }]);
      expect(summary(list)).toEqual(['UNKNOWN_RESOURCE - -']);
      expect(list[0]!.message).toBe(`"${name}" is not a .bpmn, .dmn, .form or .form.json resource`);
    },
  );

  it('rejects a resource name given twice', async () => {
    const list = await problems([
      { name: 'a.bpmn', content: process('p1') },
      { name: 'a.bpmn', content: process('p2') },
    ]);
    expect(list.map((p) => [p.code, p.message])).toEqual([
      ['DUPLICATE_RESOURCE', 'resource "a.bpmn" appears more than once'],
    ]);
  });

  it('rejects a process, decision or form id deployed by two resources, naming both', async () => {
    const list = await problems([
      { name: 'a.bpmn', content: process('appeal') },
      { name: 'b.bpmn', content: process('appeal') },
      { name: 'a.dmn', content: dmn('routing') },
      { name: 'b.dmn', content: dmn('routing') },
      form('intake'),
      { name: 'copy.form.json', content: { id: 'intake', schema: { type: 'object' } } },
    ]);
    expect(list.map((p) => `${p.resource}: ${summary([p])[0]}`)).toEqual([
      'b.bpmn: DUPLICATE_ID <appeal> bpmn:Process',
      'b.dmn: DUPLICATE_ID <routing> dmn:Decision',
      'copy.form.json: DUPLICATE_ID <intake> form',
    ]);
    expect(list.map((p) => p.message)).toEqual([
      '<appeal> process id is deployed more than once (also in a.bpmn)',
      '<routing> decision id is deployed more than once (also in a.dmn)',
      '<intake> form id is deployed more than once (also in intake.form.json)',
    ]);
  });

  it('element ids may repeat across resources (each process is its own namespace)', async () => {
    const r = await compile([
      { name: 'a.bpmn', content: process('a') },
      { name: 'b.bpmn', content: process('b') },
    ]);
    expect(r.ok).toBe(true);
  });

  it('applies the XML length limit to DMN as well as BPMN', async () => {
    const text = dmn('routing');
    const list = await problems([{ name: 'routing.dmn', content: text }], { maxXmlLength: 100 });
    expect(list.map((p) => [p.resource, p.code, p.message])).toEqual([
      ['routing.dmn', 'XML_TOO_LARGE', `DMN is ${text.length} characters; the limit is 100`],
    ]);
  });

  it('accepts known form and decision ids as any iterable', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="S" />${userTask('U', '<zeebe:formDefinition formId="city-form" />')}<bpmn:businessRuleTask id="R"><bpmn:extensionElements><zeebe:calledDecision decisionId="city-routing" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="E" />${chain('S', 'U', 'R', 'E')}`,
    );
    const r = await compile([{ name: 'p.bpmn', content: xml }], {
      knownFormIds: new Set(['city-form']),
      knownDecisionIds: new Set(['city-routing']),
    });
    expect(r.ok).toBe(true);
  });
});
