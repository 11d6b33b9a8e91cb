// Saved test cases of a decision (issue 16 §2): `<civicflow:testCase name="…">` extension elements
// holding `<civicflow:input name="variable">` and `<civicflow:expect name="output">` children whose
// text is a JSON value. Deploying runs them (runtime); here they are read and bounded.
import type { DmnElement } from 'dmn-moddle';
import type { DecisionTestCase } from '../model/index.js';
import type { Report } from './report.js';

export const TEST_CASE_NAMESPACE = 'https://civicflow.dev/schema/dmn/tests';
const MAX_CASES = 50;
const MAX_VALUES = 20;
const MAX_VALUE_CHARS = 2000;

/** The decision's test cases (none when it has no `civicflow:testCase` elements). */
export function readTestCases(decision: DmnElement, report: Report): DecisionTestCase[] {
  const elements = ((decision.extensionElements?.values ?? []) as DmnElement[]).filter(
    (e) => localName(e.$type) === 'testCase',
  );
  if (elements.length > MAX_CASES) {
    report('DECISION_TEST_INVALID', `at most ${MAX_CASES} test cases per decision; found ${elements.length}`, decision);
    return [];
  }
  const cases: DecisionTestCase[] = [];
  for (const element of elements) {
    const name = String(element.name ?? '').trim();
    const children = (element.$children ?? []) as DmnElement[];
    const bad = (why: string) => report('DECISION_TEST_INVALID', `test case "${name}": ${why}`, decision, name);
    if (!name) {
      bad('a test case needs a name');
      continue;
    }
    if (children.length > MAX_VALUES * 2) {
      bad(`at most ${MAX_VALUES} inputs and ${MAX_VALUES} expected outputs`);
      continue;
    }
    const inputs: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    let ok = true;
    for (const child of children) {
      const kind = localName(child.$type);
      const key = String(child.name ?? '');
      const parsed = parseValue(String(child.$body ?? ''));
      if ((kind !== 'input' && kind !== 'expect') || !key || parsed === undefined) {
        bad(
          `<${child.$type}> must be civicflow:input or civicflow:expect with a name and a JSON value of at most ${MAX_VALUE_CHARS} characters`,
        );
        ok = false;
        break;
      }
      (kind === 'input' ? inputs : expected)[key] = parsed.value;
    }
    if (ok) cases.push({ name, inputs, expected });
  }
  return cases;
}

function localName(type: unknown): string {
  return String(type ?? '').replace(/^.*:/, '');
}

function parseValue(text: string): { value: unknown } | undefined {
  if (text.length > MAX_VALUE_CHARS) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
