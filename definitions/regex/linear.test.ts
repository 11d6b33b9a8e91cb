import { describe, expect, it } from 'vitest';
import { bpmn, chain, problemsOf, summary } from '../fixtures/inline-bpmn.js';
import { compileForm } from '../forms/form-resource.js';
import { validateFormData } from '../forms/validate.js';
import { compile } from '../compile.js';
import { createAjv } from '../forms/ajv.js';
import { linearSplit } from './linear.js';

// `^(a+)+$` on "aaa…a!" makes a backtracking engine try every way to split the a's: 16 s at
// 31 characters, ×1.5 per extra one. On RE2 5,000 characters take milliseconds; on JavaScript's
// RegExp this test would never finish.
const EVIL = '^(a+)+$';
const LONG = `${'a'.repeat(5000)}!`;

describe('tenant patterns run on a linear-time engine', () => {
  it('a form pattern that backtracks catastrophically validates a 5,000-character answer', () => {
    const form = {
      id: 'f',
      schema: { type: 'object', properties: { name: { type: 'string', title: '姓名', pattern: EVIL } } },
    };
    const problems = validateFormData(form, { name: LONG }, 'en');
    expect(problems.map((p) => [p.path, p.keyword])).toEqual([['/name', 'pattern']]);
    expect(validateFormData(form, { name: 'a'.repeat(5000) }, 'en')).toEqual([]);
  });

  it('every ajv instance for tenant schemas uses it: a lookahead JavaScript would accept is refused', () => {
    expect(() => createAjv().compile({ type: 'string', pattern: 'a(?=b)' })).toThrow(/lookaround/);
    expect(() => createAjv().compile({ type: 'object', patternProperties: { '(x)\\1': { type: 'string' } } })).toThrow(
      /backreference/,
    );
  });

  it('a form whose pattern RE2 cannot run is refused at deploy, naming the field', async () => {
    const schema = { type: 'object', properties: { phone: { type: 'string', pattern: '^(\\d)\\1{10}$' } } };
    const r = compileForm('appeal.form.json', { id: 'appeal', schema });
    expect(r.form).toBeUndefined();
    expect(r.problems.map((p) => [p.code, p.elementId])).toEqual([['PATTERN_UNSUPPORTED', 'appeal']]);
    expect(r.problems[0]!.message).toBe(
      '<appeal> field "phone": pattern "^(\\d)\\1{10}$" cannot run on the linear-time engine: it refers back to a group (backreference)',
    );
  });

  it('ordinary patterns keep their JavaScript meaning (\\d, \\u escapes, Chinese ranges)', () => {
    const form = {
      id: 'f',
      schema: {
        type: 'object',
        properties: {
          phone: { type: 'string', pattern: '^1[3-9]\\d{9}$' },
          name: { type: 'string', pattern: '^[\\u4e00-\\u9fa5]{2,4}$' },
        },
      },
    };
    expect(validateFormData(form, { phone: '13812345678', name: '张三' })).toEqual([]);
    expect(validateFormData(form, { phone: '1381234567x', name: 'Zhang' }).map((p) => p.path)).toEqual([
      '/phone',
      '/name',
    ]);
  });

  it('a FEEL literal pattern RE2 cannot run is refused at deploy with the element named', async () => {
    const xml = bpmn(`<bpmn:startEvent id="S" />
<bpmn:scriptTask id="Check"><bpmn:extensionElements><zeebe:script expression="=matches(phone, &quot;(\\d)\\1&quot;)" resultVariable="same" /></bpmn:extensionElements></bpmn:scriptTask>
<bpmn:scriptTask id="Clean"><bpmn:extensionElements><zeebe:script expression="=replace(input: text, pattern: &quot;a(?=b)&quot;, replacement: &quot;&quot;)" resultVariable="t" /></bpmn:extensionElements></bpmn:scriptTask>
<bpmn:scriptTask id="Fine"><bpmn:extensionElements><zeebe:script expression="=split(text, &quot;\\s+&quot;)" resultVariable="words" /></bpmn:extensionElements></bpmn:scriptTask>
<bpmn:endEvent id="E" />${chain('S', 'Check', 'Clean', 'Fine', 'E')}`);
    const problems = await problemsOf(xml);
    expect(summary(problems)).toEqual([
      'PATTERN_UNSUPPORTED <Check> bpmn:ScriptTask',
      'PATTERN_UNSUPPORTED <Clean> bpmn:ScriptTask',
    ]);
    expect(problems[0]!.message).toContain('backreference');
    expect(problems[1]!.message).toContain('lookaround');
  });

  it('a DMN expression with such a pattern is refused too', async () => {
    const dmn = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="route" name="route">
    <decisionTable id="T" hitPolicy="FIRST">
      <input id="In"><inputExpression id="InE" typeRef="boolean"><text>matches(text, "(?!x)y")</text></inputExpression></input>
      <output id="Out" name="unit" typeRef="string" />
      <rule id="R1"><inputEntry id="R1I"><text>true</text></inputEntry><outputEntry id="R1O"><text>"a"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;
    const r = await compile([{ name: 'route.dmn', content: dmn }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.code)).toEqual(['PATTERN_UNSUPPORTED']);
  });

  it('split keeps the parts JavaScript keeps', () => {
    for (const [input, delimiter] of [
      ['a,b,,c,', ','],
      ['a b  c', '\\s+'],
      ['abc', ''],
      ['', ','],
      ['a1b2c', '(\\d)'],
      ['abc', 'x*'],
    ] as const) {
      expect(linearSplit(input, delimiter)).toEqual(input.split(new RegExp(delimiter, 'u')));
    }
  });
});

describe('a form deployed before patterns had to run in linear time', () => {
  it('refuses the data with a field problem instead of failing', () => {
    const form = {
      id: 'old',
      schema: { type: 'object', properties: { code: { type: 'string', pattern: '^(?!0)\\d+$' } } },
    };
    expect(validateFormData(form, { code: '12' })).toEqual([
      { path: '', keyword: 'pattern', message: '表单中有无法安全执行的格式规则，请联系管理员修改后重新发布表单' },
    ]);
  });
});
