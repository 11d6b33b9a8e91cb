import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDmn } from '../../../definitions/index.js';
import { cellProblem, cellProblems, readTable, withTestCases } from './decision-table.js';

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
      inputIds: ['In_04'],
      outputIds: ['OutDept_04', 'OutName_04', 'OutDeadline_04'],
    });
    expect(model.outputTypes).toEqual(['string', 'string', 'string']);
  });

  it('checks cells as the compiler would: FEEL as typed, and against the column’s type', async () => {
    expect(cellProblem('input', '-')).toBeNull();
    expect(cellProblem('input', '"环境污染", "噪声"', 'string')).toBeNull();
    expect(cellProblem('input', '"环境污染')).toHaveProperty('syntax');
    expect(cellProblem('input', 'dept-zz', 'string')).toEqual({ part: 'dept-zz', declared: 'string' });
    expect(cellProblem('input', '>= 10', 'number')).toBeNull();
    expect(cellProblem('input', '"十"', 'number')).toEqual({ part: '"十"', declared: 'number' });
    expect(cellProblem('output', '"dept-zz"', 'string')).toBeNull();
    expect(cellProblem('output', 'dept-zz', 'string')).toEqual({ part: 'dept-zz', declared: 'string' });
    expect(cellProblem('output', 'dept-zz')).toBeNull(); // no declared type: the compiler does not know either
    expect(cellProblem('output', '')).toEqual({ syntax: 'empty', kind: 'output' });

    const { model } = await readTable(XML.replace('<text>"dept-sh"</text>', '<text>dept-sh</text>'));
    expect(cellProblems(model)).toEqual([
      {
        row: 4,
        kind: 'output',
        column: 0,
        cellId: 'OutDept_04',
        text: 'dept-sh',
        issue: { part: 'dept-sh', declared: 'string' },
      },
    ]);
    const compiled = await compileDmn('referral.dmn', XML.replace('<text>"dept-sh"</text>', '<text>dept-sh</text>'));
    expect(compiled.problems.map((p) => [p.code, p.elementId])).toEqual([['DECISION_OUTPUT_TYPE', 'Rule_04']]);
  });

  it('writes saved test cases as extension elements that read back and compile with the table, keeping the rest of the document', async () => {
    const other =
      '<extensionElements><vendor:note xmlns:vendor="https://example.org/vendor" text="保留"/></extensionElements>';
    const source = XML.replace('<decisionTable id="Table_Referral"', `${other}<decisionTable id="Table_Referral"`);
    const cases = [{ name: '噪声转生态环境', inputs: { category: '环境污染' }, expected: { department: 'dept-sh' } }];
    const xml = await withTestCases(source, cases);
    expect((await readTable(xml)).model.testCases).toEqual(cases);
    expect(xml).toContain('vendor:note');
    expect(xml).toContain('name="派单目录"');
    expect((await readTable(xml)).model.rows).toEqual((await readTable(XML)).model.rows);
    const compiled = await compileDmn('referral.dmn', xml);
    expect(compiled.problems.filter((p) => p.severity !== 'warning')).toEqual([]);
    expect(compiled.decisions[0]?.testCases).toEqual(cases);
    const cleared = await withTestCases(xml, []);
    expect((await readTable(cleared)).model.testCases).toEqual([]);
    expect(cleared).toContain('vendor:note');
  });

  it('leaves a literal expression decision as it is (no columns, no test cases)', async () => {
    const literal = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="D" name="时限" namespace="x">
  <decision id="deadline" name="时限"><literalExpression id="L"><text>if urgent then "1 workDay" else "5 workDay"</text></literalExpression></decision>
</definitions>`;
    expect(await withTestCases(literal, [])).toBe(literal);
    await expect(readTable(literal)).rejects.toThrow();
  });
});
