import { feelCallErrors } from '../feel/calls.js';
import { feelPatternErrors } from '../feel/patterns.js';
import { feelExpressionError, feelUnaryTestsError } from '../feel/syntax.js';

/** An element a problem is about: its id and DMN type, e.g. `<Rule_3>` of kind `dmn:DecisionRule`. */
export interface ElementRef {
  id?: string;
  $type?: string;
  name?: string;
}

/** Records one problem in the resource being compiled. */
export type Report = (code: string, message: string, element?: ElementRef, subject?: string) => void;

/** The element itself when it has an id, else the nearest enclosing one that does. */
export function named(element: ElementRef | undefined, fallback: ElementRef): ElementRef {
  return element?.id ? element : fallback;
}

/** Reports `<El> what "src" is not valid FEEL: reason` and returns whether the expression is valid. */
export function checkExpression(report: Report, what: string, source: string, element: ElementRef): boolean {
  const reason = feelExpressionError(source);
  if (reason) report('FEEL_SYNTAX', `${what} "${source}" is not valid FEEL: ${reason}`, element);
  else reportPatterns(report, what, source, 'expression', element);
  return reason === null;
}

/** The same for FEEL unary tests (input entries, output values). */
export function checkUnaryTests(report: Report, what: string, source: string, element: ElementRef): boolean {
  const reason = feelUnaryTestsError(source);
  if (reason) report('FEEL_SYNTAX', `${what} "${source}" is not valid FEEL: ${reason}`, element);
  else reportPatterns(report, what, source, 'unaryTests', element);
  return reason === null;
}

/** Literal patterns the linear-time engine cannot run, and calls to functions the evaluator does not have. */
function reportPatterns(
  report: Report,
  what: string,
  source: string,
  kind: 'expression' | 'unaryTests',
  element: ElementRef,
): void {
  for (const why of feelPatternErrors(source, kind))
    report('PATTERN_UNSUPPORTED', `${what} "${source}": ${why}`, element);
  for (const why of feelCallErrors(source, kind))
    report('FEEL_FUNCTION_UNKNOWN', `${what} "${source}" ${why}`, element);
}
