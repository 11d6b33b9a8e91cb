import type { DmnElement } from 'dmn-moddle';
import type { DecisionInput, DecisionOutput, HitPolicy } from '../model/index.js';
import { splitTopLevel } from './literals.js';
import { checkExpression, checkUnaryTests, named, type ElementRef, type Report } from './report.js';

/** Input columns: each needs a FEEL input expression. */
export function compileInputs(elements: DmnElement[], table: ElementRef, report: Report): DecisionInput[] {
  return elements.map((element, i) => {
    const at = named(element, table);
    const input: DecisionInput = { id: element.id ?? `Input_${i + 1}`, expression: '' };
    if (element.label) input.label = element.label;
    const expression: DmnElement | undefined = element.inputExpression;
    if (expression?.typeRef) input.typeRef = expression.typeRef;
    const text = String(expression?.text ?? '').trim();
    if (text === '') report('INPUT_EXPRESSION_MISSING', `input ${i + 1} has no input expression`, at);
    else checkExpression(report, 'input expression', text, at);
    input.expression = text;
    return input;
  });
}

/** Output columns: named when there are several (the name is the key in the result). */
export function compileOutputs(
  elements: DmnElement[],
  hitPolicy: HitPolicy,
  table: ElementRef,
  report: Report,
): DecisionOutput[] {
  if (elements.length === 0) report('OUTPUT_MISSING', 'decision table has no output', table);
  const byName = new Map<string, ElementRef>();
  return elements.map((element, i) => {
    const at = named(element, table);
    const name = String(element.name ?? '').trim();
    if (name === '' && elements.length > 1) {
      report(
        'OUTPUT_NAME_MISSING',
        `output ${i + 1} has no name; every output of a table with several outputs needs one`,
        at,
      );
    }
    const earlier = byName.get(name);
    if (name !== '' && earlier) {
      report('OUTPUT_NAME_DUPLICATE', `output name "${name}" is also used by <${earlier.id ?? '?'}>`, at);
    }
    byName.set(name, at);
    const output: DecisionOutput = {
      id: element.id ?? `Output_${i + 1}`,
      name: name || (element.id ?? `output${i + 1}`),
    };
    if (element.label) output.label = element.label;
    if (element.typeRef) output.typeRef = element.typeRef;
    const values = outputValues(element.outputValues, hitPolicy, at, report);
    if (values) output.outputValues = values;
    return output;
  });
}

/** `"high","medium","low"` → three FEEL literals; for ranking policies each must be a value. */
function outputValues(
  tests: DmnElement | undefined,
  hitPolicy: HitPolicy,
  at: ElementRef,
  report: Report,
): string[] | undefined {
  const text = String(tests?.text ?? '').trim();
  if (text === '' || !checkUnaryTests(report, 'list of output values', text, at)) return undefined;
  const values = splitTopLevel(text);
  if (hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') {
    for (const value of values) checkExpression(report, 'output value', value, at);
  }
  return values;
}
