import type { DmnElement } from 'dmn-moddle';
import type { DecisionTable } from '../model/index.js';
import { checkExpression, named, type Report } from './report.js';

/**
 * A literal-expression decision becomes a table with no inputs, one output (named after the
 * decision's variable) and one rule whose output entry is the expression, so the engine
 * evaluates both kinds the same way; its result is the bare value of the expression.
 */
export function compileLiteralExpression(decision: DmnElement, literal: DmnElement, report: Report): DecisionTable {
  const text = String(literal.text ?? '').trim();
  checkExpression(report, 'literal expression', text, named(literal, decision));
  const variable: DmnElement | undefined = decision.variable;
  const table: DecisionTable = {
    id: decision.id!,
    hitPolicy: 'UNIQUE',
    inputs: [],
    outputs: [{ id: variable?.id ?? literal.id ?? `${decision.id}_output`, name: variable?.name ?? decision.id! }],
    rules: [{ id: literal.id ?? decision.id!, inputEntries: [], outputEntries: [text] }],
  };
  if (decision.name) table.name = decision.name;
  if (variable?.typeRef) table.outputs[0]!.typeRef = variable.typeRef;
  return table;
}
