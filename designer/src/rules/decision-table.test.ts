import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDmn } from '../../../definitions/index.js';
import { cellProblem, readTable, writeTable } from './decision-table.js';

const XML = readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'appeal', 'referral.dmn'), 'utf8');

describe('the rules editor’s decision table', () => {
  it('reads the referral catalogue as columns and rows of FEEL text', async () => {
    const { model } = await readTable(XML);
    expect(model).toMatchObject({
      decisionId: 'referral',
      hitPolicy: 'FIRST',
      inputs: ['诉求类别'],
      outputs: ['承办部门', '部门名称', '办理时限'],
    });
    expect(model.rows).toHaveLength(14);
    expect(model.rows[3]).toEqual({
      id: 'Rule_04',
      description: '废气、废水、噪声',
      inputs: ['"环境污染"'],
      outputs: ['"dept-sh"', '"市生态环境局"', '"3 workDay"'],
    });
  });

  it('writes edited, added and removed rows back, keeping the rest of the document; the result compiles', async () => {
    const parsed = await readTable(XML);
    const rows = parsed.model.rows.filter((r) => r.id !== 'Rule_13');
    rows[3] = { ...rows[3]!, outputs: ['"dept-zz"', '"综治中心综合组"', '"2 workDay"'] };
    rows.splice(rows.length - 1, 0, {
      id: null,
      description: '',
      inputs: ['"噪声扰民"'],
      outputs: ['"dept-ga"', '"市公安局"', '"1 workDay"'],
    });
    const xml = await writeTable(parsed, rows);
    const again = (await readTable(xml)).model;
    expect(again.rows.map((r) => r.inputs[0])).toEqual(rows.map((r) => r.inputs[0]));
    expect(again.rows[3]!.outputs).toEqual(['"dept-zz"', '"综治中心综合组"', '"2 workDay"']);
    expect(again.rows[3]!.id).toBe('Rule_04');
    expect(xml).toContain('name="派单目录"');
    const compiled = await compileDmn('referral.dmn', xml);
    expect(compiled.problems).toEqual([]);
    expect(compiled.decisions.map((d) => d.id)).toEqual(['referral']);
  });

  it('checks cells as the compiler would', () => {
    expect(cellProblem('input', '-')).toBeNull();
    expect(cellProblem('input', '"环境污染", "噪声"')).toBeNull();
    expect(cellProblem('input', '"环境污染')).not.toBeNull();
    expect(cellProblem('output', '"dept-zz"')).toBeNull();
    expect(cellProblem('output', '')).not.toBeNull();
  });

  it('writes saved test cases as extension elements that read back and compile with the table', async () => {
    const parsed = await readTable(XML);
    const cases = [{ name: '噪声转生态环境', inputs: { category: '环境污染' }, expected: { department: 'dept-sh' } }];
    const xml = await writeTable(parsed, parsed.model.rows, cases);
    expect((await readTable(xml)).model.testCases).toEqual(cases);
    const compiled = await compileDmn('referral.dmn', xml);
    expect(compiled.problems).toEqual([]);
    expect(compiled.decisions[0]?.testCases).toEqual(cases);
    expect((await readTable(await writeTable(await readTable(xml), parsed.model.rows, []))).model.testCases).toEqual(
      [],
    );
  });
});
