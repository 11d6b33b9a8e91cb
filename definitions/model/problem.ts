/** One thing wrong with a deployment. A deployment with any problem (other than a warning) is rejected whole. */
export interface Problem {
  /** The resource (file name) the problem is in. */
  resource: string;
  /** Machine-readable code, e.g. `FEEL_SYNTAX`, `UNSUPPORTED_ELEMENT`. */
  code: string;
  elementId?: string;
  /** The BPMN/DMN type of the element, e.g. `bpmn:SequenceFlow`. */
  elementKind?: string;
  /** The element's name as the diagram shows it (`受理`), so a message can name it without its id. */
  elementName?: string;
  /** The value the problem is about (an unknown department id, a variable name …), for the designer's messages. */
  subject?: string;
  /** `warning`: shown, but does not refuse the deployment. Absent: an error. */
  severity?: 'warning';
  /** One English sentence; starts with `<ElementId>` when an element is concerned. */
  message: string;
  /** What the message names, for a translated text (e.g. the step's name and the unknown target). */
  args?: Record<string, string>;
  /** DECISION_TEST_FAILED: why, as data, so the designer says it in words (department names, 3天). */
  testFailure?: DecisionTestFailure;
}

/** Why a saved decision test case fails. */
export interface DecisionTestFailure {
  /** `mismatch`: the table answered another value; otherwise it did not answer (no rule, several rules, an error). */
  kind: 'mismatch' | 'noMatch' | 'notUnique' | 'error';
  /** mismatch: the output (its name), the value expected and what each result held (several for COLLECT). */
  output?: string;
  expected?: unknown;
  actual?: unknown[];
  /** notUnique: the rules that matched together. */
  ruleNumbers?: number[];
}

export interface ProblemElement {
  id?: string;
  $type?: string;
  name?: string;
}

export function problem(
  resource: string,
  code: string,
  message: string,
  element?: ProblemElement,
  args?: Record<string, string>,
  extra: Pick<Problem, 'subject' | 'severity'> = {},
): Problem {
  const p: Problem = { resource, code, message: element?.id ? `<${element.id}> ${message}` : message };
  if (args) p.args = args;
  if (element?.id) p.elementId = element.id;
  if (element?.$type) p.elementKind = element.$type;
  if (typeof element?.name === 'string' && element.name.trim() !== '') p.elementName = element.name.trim();
  if (extra.subject !== undefined) p.subject = extra.subject;
  if (extra.severity) p.severity = extra.severity;
  return p;
}

export function isWarning(p: Problem): boolean {
  return p.severity === 'warning';
}
