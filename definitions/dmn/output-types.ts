import { expressionType, type StaticType } from '../feel/analysis.js';
import type { DecisionTable } from '../model/index.js';
import type { ElementRef, Report } from './report.js';

/** DMN `typeRef`s the compiler can check an output entry against, by the FEEL type they hold. */
const TYPE_OF_REF: Record<string, StaticType> = {
  string: 'string',
  number: 'number',
  integer: 'number',
  long: 'number',
  double: 'number',
  boolean: 'boolean',
  date: 'date',
};

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
  const declared = output?.typeRef ? TYPE_OF_REF[output.typeRef.trim().toLowerCase()] : undefined;
  if (!output || !declared) return;
  const actual = expressionType(text);
  if (actual === undefined || actual === 'null' || actual === declared) return;
  const hint =
    declared === 'string' && actual === 'number' && /^[\w-]+$/.test(text.trim())
      ? `; write it in quotes: "${text.trim()}"`
      : '';
  report(
    'DECISION_OUTPUT_TYPE',
    `output entry ${text.trim()} for output "${output.label ?? output.name}" is a ${actual}, but the column holds ${output.typeRef}${hint}`,
    at,
    text.trim(),
  );
}
