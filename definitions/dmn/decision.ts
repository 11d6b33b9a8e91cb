import type { DmnElement } from 'dmn-moddle';
import type { DecisionTable } from '../model/index.js';
import { compileLiteralExpression } from './literal-expression.js';
import type { Report } from './report.js';
import { compileTable } from './table.js';

/** Compiles one `dmn:Decision`: a decision table, or a literal expression as a one-rule table. */
export function compileDecision(decision: DmnElement, report: Report): DecisionTable | null {
  const logic: DmnElement | undefined = decision.decisionLogic;
  if (!logic) {
    report('DECISION_LOGIC_MISSING', 'decision has no decision logic; expected a decision table or a literal expression', decision);
    return null;
  }
  if (logic.$type === 'dmn:DecisionTable') return compileTable(decision, logic, report);
  if (logic.$type === 'dmn:LiteralExpression') return compileLiteralExpression(decision, logic, report);
  report(
    'UNSUPPORTED_ELEMENT',
    `decision logic ${logic.$type} is not supported; use a decision table or a literal expression`,
    decision,
  );
  return null;
}
