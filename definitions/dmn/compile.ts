import type { DmnElement } from 'dmn-moddle';
import { DEFAULT_MAX_XML_LENGTH } from '../bpmn/parse.js';
import { problem, type DecisionTable, type Problem } from '../model/index.js';
import { compileDecision } from './decision.js';
import { parseDmn } from './parse.js';
import type { Report } from './report.js';

/**
 * Compiles every decision of one `.dmn` resource (DMN 1.3, as Camunda Modeler 8 writes it)
 * into plain-JSON decision tables. Literal-expression decisions become one-rule tables.
 * Any problem rejects the deployment; decisions are returned as far as they could be built.
 */
export async function compileDmn(
  resourceName: string,
  xml: string,
  maxLength: number = DEFAULT_MAX_XML_LENGTH,
): Promise<{ decisions: DecisionTable[]; problems: Problem[] }> {
  if (xml.length > maxLength) {
    const p = problem(resourceName, 'XML_TOO_LARGE', `DMN is ${xml.length} characters; the limit is ${maxLength}`);
    return { decisions: [], problems: [p] };
  }
  const parsed = await parseDmn(resourceName, xml);
  if (!parsed.definitions) return { decisions: [], problems: parsed.problems };

  const problems = [...parsed.problems];
  const report: Report = (code, message, element, subject) =>
    problems.push(problem(resourceName, code, message, element, undefined, subject === undefined ? {} : { subject }));
  const elements: DmnElement[] = parsed.definitions.drgElement ?? [];
  const decisionElements = elements.filter((e) => e.$type === 'dmn:Decision');
  if (decisionElements.length === 0) report('DECISION_MISSING', 'contains no decision', parsed.definitions);

  const decisions: DecisionTable[] = [];
  const seen = new Set<string>();
  for (const element of decisionElements) {
    if (!element.id) {
      report('ID_MISSING', `decision "${element.name ?? ''}" has no id`);
      continue;
    }
    if (seen.has(element.id)) report('DUPLICATE_ID', 'decision id is used more than once', element);
    seen.add(element.id);
    const table = compileDecision(element, report);
    if (table) decisions.push(table);
  }
  return { decisions, problems };
}
