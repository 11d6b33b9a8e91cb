import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DmnModdle, type DmnElement } from 'dmn-moddle';
import { describe, expect, it } from 'vitest';
import { compileDmn } from '../index.js';
import { rebaseDmn } from './dmn-rebase.js';

const CITY_V1 = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'appeal', 'referral.dmn'), 'utf8');

function edit(xml: string, from: string | RegExp, to: string): string {
  if (typeof from === 'string' ? !xml.includes(from) : !from.test(xml)) throw new Error(`not in the document: ${from}`);
  return xml.replace(from, to);
}

/** The rules of the merged table: id and the texts of its cells, inputs then outputs. */
async function rules(xml: string) {
  const { rootElement } = await DmnModdle().fromXML(xml, 'dmn:Definitions');
  const table = rootElement.drgElement[0].decisionLogic;
  return {
    outputs: (table.output as DmnElement[]).map((c) => c.name),
    rules: (table.rule as DmnElement[]).map((r) => [
      r.id,
      ...[...r.inputEntry, ...r.outputEntry].map((e: DmnElement) => e.text),
    ]),
  };
}

const TOWN_RULE = `<rule id="Rule_Town">
        <description>土地承包</description>
        <inputEntry id="In_Town"><text>"土地承包"</text></inputEntry>
        <outputEntry id="OutDept_Town"><text>"town-a-sfs"</text></outputEntry>
        <outputEntry id="OutName_Town"><text>"A镇司法所"</text></outputEntry>
        <outputEntry id="OutDeadline_Town"><text>"5 workDay"</text></outputEntry>
      </rule>
      <rule id="Rule_01">`;

describe('rebaseDmn: the city’s changes onto a township’s copy of a decision table', () => {
  it('takes the cells and rules the city changed and added, keeps the township’s own', async () => {
    const ours = edit(
      edit(
        CITY_V1,
        '<outputEntry id="OutDept_01"><text>"dept-rs"</text>',
        '<outputEntry id="OutDept_01"><text>"town-a-sfs"</text>',
      ),
      '<rule id="Rule_01">',
      TOWN_RULE,
    );
    const theirs = edit(
      edit(
        CITY_V1,
        '<outputEntry id="OutDeadline_01"><text>"5 workDay"</text>',
        '<outputEntry id="OutDeadline_01"><text>"3 workDay"</text>',
      ),
      '<rule id="Rule_03">',
      `<rule id="Rule_City">
        <description>消费维权</description>
        <inputEntry id="In_City"><text>"消费维权"</text></inputEntry>
        <outputEntry id="OutDept_City"><text>"dept-sj"</text></outputEntry>
        <outputEntry id="OutName_City"><text>"市市场监督管理局"</text></outputEntry>
        <outputEntry id="OutDeadline_City"><text>"5 workDay"</text></outputEntry>
      </rule>
      <rule id="Rule_03">`,
    );
    const r = await rebaseDmn({ base: CITY_V1, ours, theirs });
    expect(r.conflicts).toEqual([]);
    expect(r.applied).toEqual([
      { id: 'Rule_01', kind: 'changed', name: '欠薪、劳动合同、社保争议', type: 'rule', properties: ['办理时限'] },
      { id: 'Rule_City', kind: 'added', name: '消费维权', type: 'rule', properties: [] },
    ]);
    const merged = await rules(r.xml);
    expect(merged.rules.slice(0, 5)).toEqual([
      ['Rule_Town', '"土地承包"', '"town-a-sfs"', '"A镇司法所"', '"5 workDay"'],
      ['Rule_01', '"劳动纠纷"', '"town-a-sfs"', '"市人力资源和社会保障局"', '"3 workDay"'],
      ['Rule_02', '"物业纠纷"', '"dept-zj"', '"市住房和城乡建设局"', '"5 workDay"'],
      ['Rule_City', '"消费维权"', '"dept-sj"', '"市市场监督管理局"', '"5 workDay"'],
      ['Rule_03', '"医疗纠纷"', '"dept-wj"', '"市卫生健康委员会"', '"10 workDay"'],
    ]);
    const compiled = await compileDmn('referral.dmn', r.xml);
    expect(compiled.problems).toEqual([]);
  });

  it('a cell both changed differently is a conflict of its rule: the township’s unless the city’s is chosen', async () => {
    const cell = '<outputEntry id="OutDept_02"><text>"dept-zj"</text>';
    const ours = edit(CITY_V1, cell, '<outputEntry id="OutDept_02"><text>"street-b-wy"</text>');
    const theirs = edit(CITY_V1, cell, '<outputEntry id="OutDept_02"><text>"dept-zz"</text>');
    const kept = await rebaseDmn({ base: CITY_V1, ours, theirs });
    expect(kept.conflicts).toEqual([
      {
        id: 'Rule_02',
        kind: 'changed',
        name: '物业服务、维修资金',
        type: 'rule',
        properties: ['承办部门'],
        resolution: 'ours',
      },
    ]);
    expect((await rules(kept.xml)).rules[1]?.[2]).toBe('"street-b-wy"');
    const taken = await rebaseDmn({ base: CITY_V1, ours, theirs, resolutions: { Rule_02: 'theirs' } });
    expect((await rules(taken.xml)).rules[1]?.[2]).toBe('"dept-zz"');
  });

  it('a column the city removed goes from every rule, the township’s own rules too', async () => {
    const ours = edit(CITY_V1, '<rule id="Rule_01">', TOWN_RULE);
    const theirs = edit(
      edit(CITY_V1, /<output id="Output_DepartmentName"[^>]*\/>/, ''),
      /<outputEntry id="OutName_\w+"><text>[^<]*<\/text><\/outputEntry>/g,
      '',
    );
    const r = await rebaseDmn({ base: CITY_V1, ours, theirs });
    expect(r.conflicts).toEqual([]);
    expect(r.applied).toEqual([
      { id: 'Output_DepartmentName', kind: 'removed', name: '部门名称', type: 'output', properties: [] },
    ]);
    const merged = await rules(r.xml);
    expect(merged.outputs).toEqual(['department', 'deadline']);
    expect(merged.rules.slice(0, 2)).toEqual([
      ['Rule_Town', '"土地承包"', '"town-a-sfs"', '"5 workDay"'],
      ['Rule_01', '"劳动纠纷"', '"dept-rs"', '"5 workDay"'],
    ]);
  });
});
