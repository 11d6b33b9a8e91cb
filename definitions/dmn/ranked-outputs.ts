import type { DecisionTable } from '../model/index.js';
import { simpleLiteral } from './literals.js';
import type { ElementRef, Report } from './report.js';

/**
 * For PRIORITY and OUTPUT ORDER a rule's output ranks by its position in the output's list
 * of output values, so a literal output entry missing from that list is a mistake (usually
 * a typo). Entries that are expressions can only be ranked at run time.
 */
export function checkOutputValues(
  table: DecisionTable,
  column: number,
  text: string,
  at: ElementRef,
  report: Report,
): void {
  if (table.hitPolicy !== 'PRIORITY' && table.hitPolicy !== 'OUTPUT ORDER') return;
  const output = table.outputs[column];
  if (!output?.outputValues) return;
  const value = simpleLiteral(text);
  const allowed = output.outputValues.map(simpleLiteral);
  if (value === undefined || allowed.includes(undefined)) return;
  if (!allowed.includes(value)) {
    report(
      'OUTPUT_VALUE_NOT_ALLOWED',
      `output entry ${text.trim()} for output "${output.name}" is not one of its output values ${output.outputValues.join(',')}`,
      at,
    );
  }
}
