/** One thing wrong with a deployment. A deployment with any problem is rejected whole. */
export interface Problem {
  /** The resource (file name) the problem is in. */
  resource: string;
  /** Machine-readable code, e.g. `FEEL_SYNTAX`, `UNSUPPORTED_ELEMENT`. */
  code: string;
  elementId?: string;
  /** The BPMN/DMN type of the element, e.g. `bpmn:SequenceFlow`. */
  elementKind?: string;
  /** One English sentence; starts with `<ElementId>` when an element is concerned. */
  message: string;
  /** What the message names, for a translated text (e.g. the step's name and the unknown target). */
  args?: Record<string, string>;
}

export function problem(resource: string, code: string, message: string, element?: { id?: string; $type?: string }, args?: Record<string, string>): Problem {
  const p: Problem = { resource, code, message: element?.id ? `<${element.id}> ${message}` : message };
  if (args) p.args = args;
  if (element?.id) p.elementId = element.id;
  if (element?.$type) p.elementKind = element.$type;
  return p;
}
