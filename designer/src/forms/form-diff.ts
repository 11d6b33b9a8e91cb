// What a township's copy of a form changed against the city version it was based on, field by field:
// fields matched by their keys (a section's or list's fields by their path), and for a field in both,
// its label, kind, whether it is required and its choices (labels and stored values).
import { designerFieldsOf, type Field, type FormSource } from './form-model.js';
import type { FieldKind } from './field-kinds.js';

export type FieldAspect = 'label' | 'kind' | 'required' | 'choices';

export interface FieldChange {
  kind: 'added' | 'removed' | 'changed';
  /** The field's label as the copy has it (as the base had it, for a removed field), with its section's before it. */
  label: string;
  /** For a changed field: what changed, and how. */
  aspects: Array<
    | { aspect: 'label'; from: string; to: string }
    | { aspect: 'kind'; from: FieldKind; to: FieldKind }
    | { aspect: 'required'; from: boolean; to: boolean }
    | { aspect: 'choices'; added: string[]; removed: string[] }
  >;
}

interface Flat {
  field: Field;
  label: string;
}

function flatten(fields: Field[], prefix = '', within = ''): Map<string, Flat> {
  const out = new Map<string, Flat>();
  for (const field of fields) {
    const path = prefix + field.key;
    const label = within + (field.title || field.key);
    out.set(path, { field, label });
    for (const [p, f] of flatten(field.children, `${path}.`, `${label} › `)) out.set(p, f);
  }
  return out;
}

const choiceText = (o: { value: string; label: string }) =>
  o.label === o.value ? o.label : `${o.label}（${o.value}）`;

function compare(a: Field, b: Field): FieldChange['aspects'] {
  const aspects: FieldChange['aspects'] = [];
  if ((a.title || a.key) !== (b.title || b.key)) aspects.push({ aspect: 'label', from: a.title, to: b.title });
  if (a.kind !== b.kind) aspects.push({ aspect: 'kind', from: a.kind, to: b.kind });
  if (a.required !== b.required) aspects.push({ aspect: 'required', from: a.required, to: b.required });
  const was = a.options.map(choiceText);
  const now = b.options.map(choiceText);
  const added = now.filter((c) => !was.includes(c));
  const removed = was.filter((c) => !now.includes(c));
  if (added.length > 0 || removed.length > 0) aspects.push({ aspect: 'choices', added, removed });
  return aspects;
}

/** The fields added, removed and changed from `base` to `mine`, in the copy's order (removed ones last). */
export function diffForms(base: FormSource, mine: FormSource | Field[]): FieldChange[] {
  const before = flatten(designerFieldsOf(base));
  const after = flatten(Array.isArray(mine) ? mine : designerFieldsOf(mine));
  const changes: FieldChange[] = [];
  for (const [path, now] of after) {
    const was = before.get(path);
    if (!was) changes.push({ kind: 'added', label: now.label, aspects: [] });
    else {
      const aspects = compare(was.field, now.field);
      if (aspects.length > 0) changes.push({ kind: 'changed', label: now.label, aspects });
    }
  }
  for (const [path, was] of before)
    if (!after.has(path)) changes.push({ kind: 'removed', label: was.label, aspects: [] });
  return changes;
}
