import type { DmnElement } from 'dmn-moddle';
import type { DecisionRule, DecisionTable } from '../model/index.js';
import { checkInputType, checkOutputType } from './output-types.js';
import { checkOutputValues } from './ranked-outputs.js';
import { checkExpression, checkUnaryTests, named, type ElementRef, type Report } from './report.js';

/** Rules: one unary test per input (`-` or empty matches anything), one expression per output. */
export function compileRules(
  elements: DmnElement[],
  table: DecisionTable,
  at: ElementRef,
  report: Report,
): DecisionRule[] {
  return elements.map((element, i) => {
    const ruleAt = named(element, at);
    const inputTexts: string[] = (element.inputEntry ?? []).map((e: DmnElement) => String(e.text ?? ''));
    const outputTexts: string[] = (element.outputEntry ?? []).map((e: DmnElement) => String(e.text ?? ''));
    countMismatch(report, 'input entr', inputTexts.length, table.inputs.length, 'input', ruleAt);
    countMismatch(report, 'output entr', outputTexts.length, table.outputs.length, 'output', ruleAt);
    inputTexts.forEach((text, column) => {
      const trimmed = text.trim();
      if (trimmed === '' || trimmed === '-') return;
      if (checkUnaryTests(report, 'input entry', text, ruleAt)) checkInputType(table, column, text, ruleAt, report);
    });
    outputTexts.forEach((text, column) => {
      if (text.trim() === '') return;
      if (!checkExpression(report, 'output entry', text, ruleAt)) return;
      checkOutputValues(table, column, text, ruleAt, report);
      checkOutputType(table, column, text, ruleAt, report);
    });
    const rule: DecisionRule = {
      id: element.id ?? `Rule_${i + 1}`,
      inputEntries: inputTexts.map((t) => t.trim()),
      outputEntries: outputTexts.map((t) => t.trim()),
    };
    const description = String(element.description ?? '').trim();
    if (description) rule.description = description;
    return rule;
  });
}

function countMismatch(
  report: Report,
  entry: string,
  found: number,
  wanted: number,
  column: string,
  at: ElementRef,
): void {
  if (found === wanted) return;
  const entries = `${found} ${entry}${found === 1 ? 'y' : 'ies'}`;
  const columns = `${wanted} ${column}${wanted === 1 ? '' : 's'}`;
  report('RULE_ENTRY_COUNT', `rule has ${entries} but the table has ${columns}`, at);
}
