import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { bpmn, flow } from '../fixtures/inline-bpmn.js';
import type { FormDefinition } from '../model/index.js';

const intake: FormDefinition = {
  id: 'intake',
  schema: {
    type: 'object',
    properties: {
      category: { type: 'string', enum: ['物业纠纷', '劳动纠纷'] },
      amount: { type: 'number' },
      urgent: { type: 'boolean' },
    },
  },
};

const task = (id: string, name: string, attrs: string, form = '') =>
  `<bpmn:userTask id="${id}" name="${name}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition ${attrs} />${form ? `<zeebe:formDefinition formId="${form}" />` : ''}</bpmn:extensionElements></bpmn:userTask>`;

/** Intake (form `intake`) → gateway → two branches → end, with the given conditions and assignments. */
function appeal(o: { left: string; right: string; leftGroups?: string; assignee?: string }): string {
  return bpmn(`
    <bpmn:startEvent id="S" />
    ${task('T_Intake', '受理', 'candidateGroups="window"', 'intake')}
    <bpmn:exclusiveGateway id="G" name="分类" />
    ${task('T_Left', '物业处理', `candidateGroups="${o.leftGroups ?? 'dept-zj'}"${o.assignee ? ` assignee="${o.assignee}"` : ''}`)}
    ${task('T_Right', '劳动处理', 'candidateGroups="dept-rs"')}
    <bpmn:endEvent id="E" />
    ${flow('S_T', 'S', 'T_Intake')}${flow('T_G', 'T_Intake', 'G')}
    ${flow('G_L', 'G', 'T_Left', o.left).replace('id="G_L"', 'id="G_L" name="物业"')}
    ${flow('G_R', 'G', 'T_Right', o.right)}
    ${flow('L_E', 'T_Left', 'E')}${flow('R_E', 'T_Right', 'E')}`);
}

const directory = {
  knownGroupIds: ['window', 'dept-zj', 'dept-rs'],
  knownUsernames: ['zhang.san'],
  knownForms: [intake],
};

async function check(xml: string, options = directory) {
  const result = await compile([{ name: 'appeal.bpmn', content: xml }], options);
  return result.ok ? { ok: true, problems: result.warnings ?? [] } : { ok: false, problems: result.problems };
}

describe('deploy-time checks against the directory and the forms', () => {
  it('a correct process compiles without problems or warnings', async () => {
    expect(await check(appeal({ left: '=category = "物业纠纷"', right: '=amount > 5000' }))).toEqual({
      ok: true,
      problems: [],
    });
  });

  it('reports every mistake at once, each naming its element by name', async () => {
    const xml = appeal({
      left: '=category == "物业纠纷"',
      right: '=amount > "5000"',
      leftGroups: 'dept-xx',
      assignee: 'li.si',
    });
    const { ok, problems } = await check(xml);
    expect(ok).toBe(false);
    const seen = problems.map((p) => [p.code, p.elementId, p.elementName, p.subject, p.severity ?? 'error']);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['FEEL_DOUBLE_EQUALS', 'G_L', '物业', '=category == "物业纠纷"', 'error'],
        ['GROUP_UNKNOWN', 'T_Left', '物业处理', 'dept-xx', 'error'],
        ['USER_UNKNOWN', 'T_Left', '物业处理', 'li.si', 'error'],
        ['FEEL_TYPE_MISMATCH', 'G_R', undefined, 'amount "5000"', 'error'],
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('a list of departments in FEEL is checked too; computed ones are not', async () => {
    const listed = await check(
      appeal({ left: '=true', right: '=false', leftGroups: '=[&quot;dept-zj&quot;, &quot;dept-yy&quot;]' }),
    );
    expect(listed.problems.map((p) => [p.code, p.subject])).toEqual([['GROUP_UNKNOWN', 'dept-yy']]);
    expect((await check(appeal({ left: '=true', right: '=false', leftGroups: '=referral.department' }))).ok).toBe(true);
  });

  it('a variable nothing sets before the branch is a warning, not a refusal', async () => {
    const result = await check(appeal({ left: '=categroy = "物业纠纷"', right: '=amount > 5000' }));
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => [p.code, p.elementId, p.subject, p.severity])).toEqual([
      ['VARIABLE_UNSET', 'G_L', 'categroy', 'warning'],
    ]);
  });

  it("what the start event's own form asks for is set from the start: no warning on it", async () => {
    const xml = bpmn(`
    <bpmn:startEvent id="S"><bpmn:extensionElements><zeebe:formDefinition formId="intake" /></bpmn:extensionElements></bpmn:startEvent>
    <bpmn:exclusiveGateway id="G" name="金额" />
    ${task('T_Big', '大额复核', 'candidateGroups="dept-zj"')}
    <bpmn:endEvent id="E" />
    ${flow('S_G', 'S', 'G')}${flow('G_B', 'G', 'T_Big', '=amount > 5000 and categroy = "x"')}${flow('G_E', 'G', 'E', '=amount &lt;= 5000')}
    ${flow('B_E', 'T_Big', 'E')}`);
    const result = await check(xml);
    expect(result.problems.map((p) => [p.code, p.subject])).toEqual([['VARIABLE_UNSET', 'categroy']]);
  });

  it('without the directory and the outside forms, those checks are not made', async () => {
    const xml = appeal({ left: '=categroy = "x"', right: '=true', leftGroups: 'dept-xx' });
    expect(await check(xml, { knownFormIds: ['intake'] } as unknown as typeof directory)).toEqual({
      ok: true,
      problems: [],
    });
  });

  it('a decision output whose value is not of its column type is refused, with the fix', async () => {
    const dmn = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="D" name="d" namespace="x">
  <decision id="route" name="派单">
    <decisionTable id="Table" hitPolicy="FIRST">
      <input id="In"><inputExpression id="InE" typeRef="string"><text>category</text></inputExpression></input>
      <output id="Out" label="承办部门" name="department" typeRef="string" />
      <output id="Days" label="天数" name="days" typeRef="number" />
      <rule id="R1"><inputEntry id="I1"><text>"物业纠纷"</text></inputEntry><outputEntry id="O1"><text>dept-zz</text></outputEntry><outputEntry id="D1"><text>5</text></outputEntry></rule>
      <rule id="R2"><inputEntry id="I2"><text>-</text></inputEntry><outputEntry id="O2"><text>"dept-rs"</text></outputEntry><outputEntry id="D2"><text>"5"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;
    const result = await compile([{ name: 'route.dmn', content: dmn }]);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => [p.code, p.elementId, p.subject])).toEqual([
      ['DECISION_OUTPUT_TYPE', 'R1', 'dept-zz'],
      ['DECISION_OUTPUT_TYPE', 'R2', '"5"'],
    ]);
    expect(problems[0]!.message).toContain('write it in quotes: "dept-zz"');
  });

  it('a decision input entry that tests against a value of another type is refused, with the fix', async () => {
    const dmn = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="D" name="d" namespace="x">
  <decision id="route" name="派单">
    <decisionTable id="Table" hitPolicy="FIRST">
      <input id="In" label="诉求类别"><inputExpression id="InE" typeRef="string"><text>category</text></inputExpression></input>
      <input id="Count" label="涉及人数"><inputExpression id="CountE" typeRef="number"><text>people</text></inputExpression></input>
      <output id="Out" label="承办部门" name="department" typeRef="string" />
      <rule id="R1"><inputEntry id="I1"><text>dept-zz</text></inputEntry><inputEntry id="C1"><text>&gt;= 5</text></inputEntry><outputEntry id="O1"><text>"dept-zz"</text></outputEntry></rule>
      <rule id="R2"><inputEntry id="I2"><text>"物业纠纷", 3</text></inputEntry><inputEntry id="C2"><text>[1.."9"]</text></inputEntry><outputEntry id="O2"><text>"dept-rs"</text></outputEntry></rule>
      <rule id="R3"><inputEntry id="I3"><text>not("其他")</text></inputEntry><inputEntry id="C3"><text>not(null)</text></inputEntry><outputEntry id="O3"><text>"dept-rs"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;
    const result = await compile([{ name: 'route.dmn', content: dmn }]);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => [p.code, p.elementId, p.subject])).toEqual([
      ['DECISION_INPUT_TYPE', 'R1', 'dept-zz'],
      ['DECISION_INPUT_TYPE', 'R2', '3'],
      ['DECISION_INPUT_TYPE', 'R2', '[1.."9"]'],
    ]);
    expect(problems[0]!.message).toContain('write it in quotes: "dept-zz"');
  });
});
