// Forms used by one process fill one set of case variables: a field key in the intake form and the
// same key in a step's form are the same variable, the later answer overwriting the earlier one.
// The rule: a key may appear in several forms of a process only as the same kind of field (same JSON
// type, a date or attachment format and, for a list, the same kind of entries): then it is one answer a later step shows or
// revises (the shipped 市级 process asks 答复内容 at acceptance and 答复意见 at handling under one key),
// and nothing is said, whatever the labels. The same key as another kind of field is refused
// (FORM_FIELD_CONFLICT), naming both forms and both labels: a phone number overwritten by a yes/no.
import { ATTACHMENT_FORMAT } from '../forms/formats.js';
import { problem, type ExecutableProcess, type FormDefinition, type Problem } from '../model/index.js';

type Json = Record<string, unknown>;

const VALUE_FORMATS = new Set(['date', 'date-time', 'time', ATTACHMENT_FORMAT]);

interface KeyedField {
  form: FormDefinition;
  key: string;
  label: string;
  kind: string;
}

/** The fields a form writes into the case: top-level properties and those its conditions add. */
function caseFields(form: FormDefinition): Map<string, Json> {
  const out = new Map<string, Json>();
  const add = (schema: unknown) => {
    const props = (schema as Json | undefined)?.properties;
    if (!props || typeof props !== 'object') return;
    for (const [key, p] of Object.entries(props as Record<string, unknown>))
      if (p && typeof p === 'object' && !out.has(key)) out.set(key, p as Json);
  };
  add(form.schema);
  const allOf = form.schema.allOf;
  if (Array.isArray(allOf)) for (const branch of allOf) add((branch as Json | undefined)?.then);
  return out;
}

/**
 * What kind of value a field holds, as far as overwriting matters: its JSON type, a list's entries',
 * and the formats that change what the value is (a date, an attachment) — not those that only check
 * text (a mobile number and a phone typed as text are both a phone number).
 */
function kindOf(p: Json): string {
  const types = (Array.isArray(p.type) ? p.type : [p.type ?? 'any']).filter((t) => t !== 'null');
  // An integer is a number: the designer's 数字 writes `number` where a hand-written form says `integer`.
  const type = [...new Set(types.map((t) => (t === 'integer' ? 'number' : String(t))))].join('|');
  const format = typeof p.format === 'string' && VALUE_FORMATS.has(p.format) ? `:${p.format}` : '';
  const items = type === 'array' && p.items && typeof p.items === 'object' ? `<${kindOf(p.items as Json)}>` : '';
  return type + format + items;
}

const nameOf = (form: FormDefinition) => form.name?.trim() || form.id;

export function sharedFormKeyProblems(
  proc: ExecutableProcess,
  resource: string,
  formsById: ReadonlyMap<string, FormDefinition>,
  /** Only conflicts involving one of these forms (a form deployed on its own), else all. */
  only?: ReadonlySet<string>,
): Problem[] {
  const seen = new Map<string, KeyedField>();
  const problems: Problem[] = [];
  const element = { id: proc.id, $type: 'bpmn:Process', ...(proc.name ? { name: proc.name } : {}) };
  for (const id of proc.formIds) {
    const form = formsById.get(id);
    if (!form) continue;
    for (const [key, p] of caseFields(form)) {
      const label = typeof p.title === 'string' && p.title.trim() ? p.title.trim() : key;
      const here: KeyedField = { form, key, label, kind: kindOf(p) };
      const first = seen.get(key);
      if (!first) {
        seen.set(key, here);
        continue;
      }
      if (first.kind === here.kind) continue;
      if (only && !only.has(first.form.id) && !only.has(form.id)) continue;
      problems.push(
        problem(
          resource,
          'FORM_FIELD_CONFLICT',
          `forms "${first.form.id}" (field "${first.label}", ${first.kind}) and "${form.id}" (field "${label}", ${here.kind}) both use key "${key}" for different kinds of value; one would overwrite the other in the case — give one of them another key`,
          element,
          { key, formA: nameOf(first.form), labelA: first.label, formB: nameOf(form), labelB: label },
          { subject: key },
        ),
      );
    }
  }
  return problems;
}
