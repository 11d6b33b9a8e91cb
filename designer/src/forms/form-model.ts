// A form as the form designer edits it: a list of fields, each keeping the JSON Schema it came
// with (patterns, lengths …) and overriding only what the designer shows.

export type FieldKind = 'text' | 'textarea' | 'number' | 'boolean' | 'choice' | 'date';

// A type alias, not an interface, so it is a JSON object the API accepts as a resource's content.
export type FormSource = {
  id: string;
  name?: string;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
};

export interface Field {
  key: string;
  title: string;
  kind: FieldKind;
  required: boolean;
  /** The choices of a `choice` field. */
  options: string[];
  /** The field's schema as deployed, for what the designer does not edit. */
  base: Record<string, unknown>;
}

export const FIELD_KINDS: FieldKind[] = ['text', 'textarea', 'number', 'boolean', 'choice', 'date'];

export function fieldsOf(form: FormSource): Field[] {
  const props = (form.schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((form.schema.required ?? []) as string[]);
  const ui = (form.uiSchema ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(props).map(([key, p]) => ({
    key,
    title: String(p.title ?? key),
    kind: kindOf(p, ui[key]),
    required: required.has(key),
    options: Array.isArray(p.enum) ? p.enum.map(String) : [],
    base: p,
  }));
}

function kindOf(p: Record<string, unknown>, ui: Record<string, unknown> | undefined): FieldKind {
  if (Array.isArray(p.enum)) return 'choice';
  if (p.type === 'boolean') return 'boolean';
  if (p.type === 'number' || p.type === 'integer') return 'number';
  if (p.format === 'date') return 'date';
  return ui?.['ui:widget'] === 'textarea' ? 'textarea' : 'text';
}

/** The form to deploy: the fields in order, each field's schema its base with the edited parts replaced. */
export function formOf(source: FormSource, fields: Field[]): FormSource {
  const properties: Record<string, unknown> = {};
  const uiSchema: Record<string, unknown> = { ...(source.uiSchema ?? {}) };
  for (const f of fields) {
    const { type: _t, enum: _e, format: _f, ...rest } = f.base;
    const kept = f.kind === 'text' || f.kind === 'textarea' ? rest : withoutTextRules(rest);
    properties[f.key] = { ...kept, title: f.title, ...schemaOf(f) };
    const ui = { ...((uiSchema[f.key] ?? {}) as Record<string, unknown>) };
    if (f.kind === 'textarea') ui['ui:widget'] = 'textarea';
    else delete ui['ui:widget'];
    if (Object.keys(ui).length > 0) uiSchema[f.key] = ui;
    else delete uiSchema[f.key];
  }
  for (const key of Object.keys(uiSchema)) if (!key.startsWith('ui:') && !(key in properties)) delete uiSchema[key];
  // The designer's list is the order (rjsf refuses an order naming a field that is gone).
  if (Array.isArray(uiSchema['ui:order'])) uiSchema['ui:order'] = fields.map((f) => f.key);
  return {
    ...source,
    schema: { ...source.schema, type: 'object', properties, required: fields.filter((f) => f.required).map((f) => f.key) },
    uiSchema,
  };
}

function schemaOf(f: Field): Record<string, unknown> {
  switch (f.kind) {
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'choice':
      return { type: 'string', enum: f.options };
    case 'date':
      return { type: 'string', format: 'date' };
    default:
      return { type: 'string' };
  }
}

function withoutTextRules(schema: Record<string, unknown>): Record<string, unknown> {
  const { minLength: _a, maxLength: _b, pattern: _c, ...rest } = schema;
  return rest;
}

/** A field key from its title when none is typed: ASCII letters and digits, unique in the form. */
export function newFieldKey(fields: Field[]): string {
  for (let i = fields.length + 1; ; i++) {
    const key = `field${i}`;
    if (!fields.some((f) => f.key === key)) return key;
  }
}
