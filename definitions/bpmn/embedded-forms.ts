import type { ModdleElement } from 'bpmn-moddle';
import { extensions, nonEmpty } from './read.js';

/** Zeebe's form key for a form embedded in the process (`<zeebe:userTaskForm id="…">`), before Camunda 8.3's linked forms. */
export const EMBEDDED_FORM_KEY_PREFIX = 'camunda-forms:bpmn:';

/** An embedded form's JSON text, under the form id civicflow deploys it as. */
export interface EmbeddedForm {
  formId: string;
  body: string;
}

/** The deployed id of an embedded form: its id qualified by its process, so two files' `UserTaskForm_1` never meet. */
export function embeddedFormId(processId: string, userTaskFormId: string): string {
  return `${processId}.${userTaskFormId}`;
}

/** The `zeebe:userTaskForm` bodies of a process. */
export function embeddedForms(proc: ModdleElement): EmbeddedForm[] {
  return extensions(proc)
    .filter((e) => e.$type === 'zeebe:UserTaskForm')
    .flatMap((e) => {
      const id = nonEmpty(e.id);
      return id ? [{ formId: embeddedFormId(proc.id!, id), body: typeof e.body === 'string' ? e.body : '' }] : [];
    });
}

/**
 * The forms a process's none start events link (`zeebe:formDefinition formId` or an embedded key), by
 * start event id: Tasklist shows them to start a case; civicflow keeps and checks the link.
 */
export function startFormLinks(proc: ModdleElement): Record<string, string> {
  const links: Record<string, string> = {};
  for (const el of (proc.flowElements ?? []) as ModdleElement[]) {
    if (el.$type !== 'bpmn:StartEvent' || !el.id) continue;
    const form = extensions(el).find((e) => e.$type === 'zeebe:FormDefinition');
    const formId = nonEmpty(form?.formId);
    const formKey = nonEmpty(form?.formKey);
    if (formId) links[el.id] = formId;
    else if (formKey?.startsWith(EMBEDDED_FORM_KEY_PREFIX))
      links[el.id] = embeddedFormId(proc.id!, formKey.slice(EMBEDDED_FORM_KEY_PREFIX.length));
  }
  return links;
}

/** The process a flow element belongs to (through subprocesses). */
export function processIdOf(el: ModdleElement): string | undefined {
  let at: ModdleElement | undefined = el;
  while (at && at.$type !== 'bpmn:Process') at = at.$parent as ModdleElement | undefined;
  return at?.id;
}
