import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDmn } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('compileDmn: a DRG saved by Camunda Modeler 8', () => {
  it('compiles decision tables and literal expressions to plain JSON', async () => {
    const { decisions, problems } = await compileDmn('valid-drg.dmn', fixture('valid-drg.dmn'));
    expect(problems).toEqual([]);
    expect(decisions).toEqual([
      {
        id: 'time_limit',
        name: '办理时限',
        hitPolicy: 'FIRST',
        inputs: [
          { id: 'Input_1', label: '诉求类别', expression: 'category', typeRef: 'string' },
          { id: 'InputClause_0zt1j4x', label: '紧急天数', expression: 'urgent_days', typeRef: 'number' },
        ],
        outputs: [
          { id: 'Output_1', label: '办理时限', name: 'timeLimit', typeRef: 'string' },
          {
            id: 'OutputClause_1rgms2k',
            label: '预警',
            name: 'warning',
            typeRef: 'string',
            outputValues: ['"1 workDay"', '"2 workDay"'],
          },
        ],
        rules: [
          {
            id: 'DecisionRule_labour',
            inputEntries: ['"劳动纠纷"', '-'],
            outputEntries: ['"5 workDay"', '"1 workDay"'],
            description: '欠薪类',
          },
          {
            id: 'DecisionRule_urgent',
            inputEntries: ['', '< 3'],
            outputEntries: ['string(urgent_days) + " workDay"', ''],
          },
          { id: 'DecisionRule_default', inputEntries: ['-', '-'], outputEntries: ['"7 workDay"', '"2 workDay"'] },
        ],
      },
      {
        id: 'urgent_days',
        name: '紧急天数',
        hitPolicy: 'UNIQUE',
        inputs: [],
        outputs: [{ id: 'InformationItem_81h6ss7', name: 'urgent_days', typeRef: 'number' }],
        rules: [{ id: 'LiteralExpression_81h6ss7', inputEntries: [], outputEntries: ['if urgent then 1 else 3'] }],
      },
    ]);
    expect(JSON.parse(JSON.stringify(decisions))).toEqual(decisions);
  });

  it('rejects a document larger than the limit without parsing it', async () => {
    const { problems } = await compileDmn('big.dmn', fixture('valid-drg.dmn'), 100);
    expect(problems).toMatchObject([
      { code: 'XML_TOO_LARGE', message: expect.stringMatching(/^DMN is \d+ characters; the limit is 100$/) },
    ]);
  });

  it('rejects DOCTYPE declarations', async () => {
    const xml = fixture('valid-drg.dmn').replace(
      '<definitions',
      '<!DOCTYPE definitions [<!ENTITY x "y">]>\n<definitions',
    );
    const { problems } = await compileDmn('doctype.dmn', xml);
    expect(problems).toEqual([
      { resource: 'doctype.dmn', code: 'XML_INVALID', message: 'DOCTYPE declarations are not allowed in DMN' },
    ]);
  });
});
