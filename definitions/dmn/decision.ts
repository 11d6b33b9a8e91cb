import type { DmnElement } from 'dmn-moddle';
import type { DecisionTable } from '../model/index.js';
import { compileLiteralExpression } from './literal-expression.js';
import type { Report } from './report.js';
import { compileTable } from './table.js';
import { readTestCases } from './test-cases.js';

/** Compiles one `dmn:Decision`: a decision table, or a literal expression as a one-rule table. */
export function compileDecision(decision: DmnElement, report: Report): DecisionTable | null {
  const logic: DmnElement | undefined = decision.decisionLogic;
  if (!logic) {
    report(
      'DECISION_LOGIC_MISSING',
      'decision has no decision logic; expected a decision table or a literal expression',
      decision,
    );
    return null;
  }
  const table =
    logic.$type === 'dmn:DecisionTable'
      ? compileTable(decision, logic, report)
      : logic.$type === 'dmn:LiteralExpression'
        ? compileLiteralExpression(decision, logic, report)
        : undefined;
  if (table !== undefined) {
    const testCases = table ? readTestCases(decision, report) : [];
    return table && testCases.length > 0 ? { ...table, testCases } : table;
  }
  report(
    'UNSUPPORTED_ELEMENT',
    `decision logic ${logic.$type} is not supported; use a decision table or a literal expression`,
    decision,
  );
  return null;
}
