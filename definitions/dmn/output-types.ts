import type { DecisionTable } from '../model/index.js';
import { type TypeError as EntryTypeError, outputTypeError, unaryTestsTypeError } from './entry-types.js';
import type { ElementRef, Report } from './report.js';

/**
 * An output entry whose value certainly has another type than its column declares: `dept-zz`
 * unquoted in a string column is the subtraction of two (unset) variables, not a department id.
 */
export function checkOutputType(
  table: DecisionTable,
  column: number,
  text: string,
  at: ElementRef,
  report: Report,
): void {
  const output = table.outputs[column];
  if (!output) return;
  const found = outputTypeError(text, output.typeRef);
  if (found)
    reportTypeError('DECISION_OUTPUT_TYPE', 'output', output.label ?? output.name, output.typeRef, found, at, report);
}

/** An input entry that tests its column's input against a value of another type (`dept-zz` or `5` in a string column). */
export function checkInputType(
  table: DecisionTable,
  column: number,
  text: string,
  at: ElementRef,
  report: Report,
): void {
  const input = table.inputs[column];
  if (!input) return;
  const found = unaryTestsTypeError(text, input.typeRef);
  if (found)
    reportTypeError('DECISION_INPUT_TYPE', 'input', input.label ?? input.expression, input.typeRef, found, at, report);
}

function reportTypeError(
  code: 'DECISION_OUTPUT_TYPE' | 'DECISION_INPUT_TYPE',
  side: 'input' | 'output',
  column: string | undefined,
  typeRef: string | undefined,
  found: EntryTypeError,
  at: ElementRef,
  report: Report,
): void {
  const hint =
    found.declared === 'string' && found.actual === 'number' && /^[\w-]+$/.test(found.part)
      ? `; write it in quotes: "${found.part}"`
      : '';
  report(
    code,
    `${side} entry ${found.part} for ${side} "${column}" is a ${found.actual}, but the column holds ${typeRef}${hint}`,
    at,
    found.part,
  );
}
