import type { DecisionTable } from '../model/index.js';
import { outputTypeError, unaryTestsTypeError } from './entry-types.js';
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
  const found = output ? outputTypeError(text, output.typeRef) : null;
  if (!output || !found) return;
  const hint =
    found.declared === 'string' && found.actual === 'number' && /^[\w-]+$/.test(found.part)
      ? `; write it in quotes: "${found.part}"`
      : '';
  report(
    'DECISION_OUTPUT_TYPE',
    `output entry ${found.part} for output "${output.label ?? output.name}" is a ${found.actual}, but the column holds ${output.typeRef}${hint}`,
    at,
    found.part,
  );
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
  const found = input ? unaryTestsTypeError(text, input.typeRef) : null;
  if (!input || !found) return;
  const hint =
    found.declared === 'string' && found.actual === 'number' && /^[\w-]+$/.test(found.part)
      ? `; write it in quotes: "${found.part}"`
      : '';
  report(
    'DECISION_INPUT_TYPE',
    `input entry ${found.part} for input "${input.label ?? input.expression}" is a ${found.actual}, but the column holds ${input.typeRef}${hint}`,
    at,
    found.part,
  );
}
