import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDmn } from './index.js';

const NS = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

/** Each fixture is a Camunda Modeler 8 file with one kind of mistake; [code, elementId, message] per problem. */
const CASES: Record<string, [string, string | undefined, string][]> = {
  'not-well-formed.dmn': [
    [
      'XML_INVALID',
      undefined,
      'not a well-formed XML document: unparsable content </decisionTable> at line 26, column 5: closing tag mismatch',
    ],
  ],
  'dmn-1-1.dmn': [
    [
      'XML_INVALID',
      undefined,
      `not a DMN 1.3 document: the root element must be <definitions> in namespace ${NS}, found <definitions> in namespace http://www.omg.org/spec/DMN/20151101/dmn.xsd; open and save it in Camunda Modeler 5 or later to migrate it`,
    ],
  ],
  'schema-violations.dmn': [
    [
      'XML_INVALID',
      'DecisionTable_routing',
      '<DecisionTable_routing> DMN does not match the DMN 1.3 schema: unknown attribute <hitpolicy>',
    ],
    [
      'XML_INVALID',
      undefined,
      'DMN does not match the DMN 1.3 schema: unparsable content <ruleset> at line 19, column 7: unknown type <dmn:Ruleset>',
    ],
  ],
  'no-decision.dmn': [['DECISION_MISSING', 'Definitions_mup3llw', '<Definitions_mup3llw> contains no decision']],
  'duplicate-decision-ids.dmn': [
    [
      'DUPLICATE_ID',
      'appeal_routing',
      '<appeal_routing> id is used by more than one element (again at line 21, column 3); the later element was ignored',
    ],
  ],
  'unsupported-logic.dmn': [
    [
      'UNSUPPORTED_ELEMENT',
      'appeal_context',
      '<appeal_context> decision logic dmn:Context is not supported; use a decision table or a literal expression',
    ],
    [
      'DECISION_LOGIC_MISSING',
      'empty_decision',
      '<empty_decision> decision has no decision logic; expected a decision table or a literal expression',
    ],
  ],
  'hit-policy-problems.dmn': [
    [
      'HIT_POLICY_INVALID',
      'DecisionTable_unknown',
      '<DecisionTable_unknown> hit policy "SOMETIMES" is unknown; expected one of UNIQUE, FIRST, PRIORITY, ANY, COLLECT, RULE ORDER, OUTPUT ORDER',
    ],
    [
      'HIT_POLICY_INVALID',
      'DecisionTable_avg',
      '<DecisionTable_avg> aggregation "AVG" is unknown; expected one of SUM, MIN, MAX, COUNT',
    ],
    [
      'HIT_POLICY_INVALID',
      'DecisionTable_first_sum',
      '<DecisionTable_first_sum> aggregation SUM is only allowed with hit policy COLLECT, not FIRST',
    ],
    [
      'HIT_POLICY_INVALID',
      'DecisionTable_sum2',
      '<DecisionTable_sum2> aggregation SUM needs exactly one output, but the table has 2',
    ],
  ],
  'input-without-expression.dmn': [
    ['INPUT_EXPRESSION_MISSING', 'Input_1', '<Input_1> input 1 has no input expression'],
    ['INPUT_EXPRESSION_MISSING', 'InputClause_urgent', '<InputClause_urgent> input 2 has no input expression'],
  ],
  'feel-errors.dmn': [
    ['FEEL_SYNTAX', 'Input_1', '<Input_1> input expression "amount >" is not valid FEEL: incomplete comparison'],
    [
      'FEEL_SYNTAX',
      'Output_1',
      '<Output_1> list of output values ""dept-rs"," is not valid FEEL: incomplete positive unary tests',
    ],
    ['FEEL_SYNTAX', 'Rule_3', '<Rule_3> input entry "> " is not valid FEEL: incomplete simple positive unary test'],
    ['FEEL_SYNTAX', 'Rule_4', '<Rule_4> output entry ""dept-zzzx" is not valid FEEL: unexpected """ at position 1'],
  ],
  'entry-count.dmn': [
    [
      'RULE_ENTRY_COUNT',
      'DecisionRule_short',
      '<DecisionRule_short> rule has 1 input entry but the table has 2 inputs',
    ],
    [
      'RULE_ENTRY_COUNT',
      'DecisionRule_long',
      '<DecisionRule_long> rule has 2 output entries but the table has 1 output',
    ],
  ],
  'output-names.dmn': [
    [
      'OUTPUT_NAME_MISSING',
      'OutputClause_name',
      '<OutputClause_name> output 2 has no name; every output of a table with several outputs needs one',
    ],
    [
      'OUTPUT_NAME_DUPLICATE',
      'OutputClause_limit',
      '<OutputClause_limit> output name "department" is also used by <Output_1>',
    ],
  ],
  'ranking-without-output-values.dmn': [
    [
      'OUTPUT_VALUES_MISSING',
      'DecisionTable_priority',
      '<DecisionTable_priority> hit policy PRIORITY ranks matches by the order of output values, but no output lists its output values',
    ],
    [
      'OUTPUT_VALUES_MISSING',
      'DecisionTable_order',
      '<DecisionTable_order> hit policy OUTPUT ORDER ranks matches by the order of output values, but no output lists its output values',
    ],
    [
      'OUTPUT_VALUE_NOT_ALLOWED',
      'DecisionRule_typo',
      '<DecisionRule_typo> output entry "红排" for output "level" is not one of its output values "红牌","黄牌","正常"',
    ],
  ],
};

describe('compileDmn problems', () => {
  it.each(Object.entries(CASES))('%s', async (file, expected) => {
    const xml = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
    const { problems } = await compileDmn(file, xml);
    expect(problems.map((p) => [p.code, p.elementId, p.message])).toEqual(expected);
    for (const p of problems) expect(p.resource).toBe(file);
  });
});
