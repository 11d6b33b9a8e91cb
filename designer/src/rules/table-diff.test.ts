import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from './decision-table.js';
import { diffTables, isEmpty } from './table-diff.js';

const XML = readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'appeal', 'referral.dmn'), 'utf8');

describe('a township’s table against the city version it was based on', () => {
  it('names the rules added, removed and changed, the columns and the hit policy', async () => {
    const base = (await readTable(XML)).model;
    expect(isEmpty(diffTables(base, base))).toBe(true);
    const mine = (
      await readTable(
        XML.replace('<text>"dept-sh"</text>', '<text>"dept-zz"</text>')
          .replace('hitPolicy="FIRST"', 'hitPolicy="UNIQUE"')
          .replace(/<rule id="Rule_02">[\s\S]*?<\/rule>/, '')
          .replace(
            '<rule id="Rule_01">',
            '<rule id="Rule_New"><inputEntry id="In_N"><text>"噪声扰民"</text></inputEntry><outputEntry id="O1_N"><text>"dept-ga"</text></outputEntry><outputEntry id="O2_N"><text>"市公安局"</text></outputEntry><outputEntry id="O3_N"><text>"1 workDay"</text></outputEntry></rule><rule id="Rule_01">',
          )
          .replace('label="办理时限"', 'label="时限"'),
      )
    ).model;
    const d = diffTables(base, mine);
    expect(d.rules).toEqual([
      { kind: 'added', number: 1, summary: '"噪声扰民" → "dept-ga"，"市公安局"，"1 workDay"' },
      { kind: 'changed', number: 4, summary: '"环境污染" → "dept-zz"，"市生态环境局"，"3 workDay"' },
      { kind: 'removed', number: 2, summary: '"物业纠纷" → "dept-zj"，"市住房和城乡建设局"，"5 workDay"' },
    ]);
    // Read as the table shows its cells (here: without quotes, a department by its name).
    const named: Record<string, string> = { 'dept-zz': '综治中心综合组' };
    const read = (text: string) => named[text.replace(/"/g, '')] ?? text.replace(/"/g, '');
    expect(diffTables(base, mine, read).rules[1]).toEqual({
      kind: 'changed',
      number: 4,
      summary: '环境污染 → 综治中心综合组，市生态环境局，3 workDay',
    });
    expect(d.columnsAdded).toEqual(['时限']);
    expect(d.columnsRemoved).toEqual(['办理时限']);
    expect(d.columnsChanged).toEqual([]);
    expect(d.hitPolicy).toEqual({ from: 'FIRST', to: 'UNIQUE' });
  });

  it('names a column by its label, else by the label of the form field it reads, and never by its FEEL', async () => {
    const base = (await readTable(XML)).model;
    const column = (input: string) =>
      XML.replace(
        '<output id="Output_Department"',
        `<input id="Input_New"${input}><inputExpression id="Expr_New" typeRef="string"><text>urgency</text></inputExpression></input><output id="Output_Department"`,
      ).replace(/(<inputEntry id="In_0\d">[\s\S]*?<\/inputEntry>)/g, '$1<inputEntry><text>-</text></inputEntry>');
    const labels = (expression: string) => ({ urgency: '紧急程度' })[expression];
    const labelled = (await readTable(column(' label="紧急度"'))).model;
    expect(diffTables(base, labelled, undefined, labels).columnsAdded).toEqual(['紧急度']);
    const bare = (await readTable(column(''))).model;
    expect(diffTables(base, bare, undefined, labels).columnsAdded).toEqual(['紧急程度']);
    expect(diffTables(base, bare).columnsAdded).toEqual(['urgency']);
    // The category column reading another variable under the same label: changed, not added and removed.
    const reread = (await readTable(XML.replace('<text>category</text>', '<text>appeal.category</text>'))).model;
    expect(diffTables(base, reread)).toMatchObject({
      columnsAdded: [],
      columnsRemoved: [],
      columnsChanged: ['诉求类别'],
    });
  });
});
