// A form as the form designer edits it: a list of fields (sections and lists hold fields of their
// own), each keeping the JSON Schema it came with and overriding only what the designer shows.
// Conditional fields ("show 涉及人数 when 是否群体性 = 是") become `allOf: [{ if, then }]`, so the
// server enforces them with the same ajv.
import {
  ADDRESS_PARTS,
  CONTAINER_KINDS,
  kindOf,
  kindSchema,
  kindUi,
  NUMBER_KINDS,
  TEXT_KINDS,
  type FieldKind,
} from './field-kinds.js';
import { keyFromLabel, uniqueKey } from './field-key.js';

export { FIELD_KINDS, type FieldKind } from './field-kinds.js';

type Json = Record<string, unknown>;

// A type alias, not an interface, so it is a JSON object the API accepts as a resource's content.
export type FormSource = {
  id: string;
  name?: string;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  /** A township's copy: the form (tenant, key, version) it was copied from. */
  basedOn?: { tenant: string; key: string; version: number };
};

export interface ChoiceOption {
  /** What is stored: kept when the label changes. */
  value: string;
  label: string;
}

export type LimitKeyword = 'minLength' | 'maxLength' | 'minimum' | 'maximum' | 'minItems' | 'maxItems';
export type Limits = Partial<Record<LimitKeyword, number>>;

/** The two bounds a kind offers: text length, value, or number of entries. */
export function limitKeywords(kind: FieldKind): [LimitKeyword, LimitKeyword] | null {
  if (TEXT_KINDS.includes(kind)) return ['minLength', 'maxLength'];
  if (NUMBER_KINDS.includes(kind)) return ['minimum', 'maximum'];
  if (kind === 'list' || kind === 'multichoice' || kind === 'file') return ['minItems', 'maxItems'];
  return null;
}

export interface Field {
  key: string;
  title: string;
  kind: FieldKind;
  required: boolean;
  help: string;
  placeholder: string;
  /** The default as typed; read by the field's kind (a number, 是/否 …). */
  defaultValue: string;
  /** Bounds by JSON Schema keyword; only those of the field's kind are written (a text turned number loses minLength). */
  limits: Limits;
  /** The field's own message, replacing the generic ones (ajv-errors). */
  errorMessage: string;
  options: ChoiceOption[];
  /** The fields of a section or of each entry of a list. */
  children: Field[];
  /** Shown (and required) only when another top-level field has this value. */
  when?: { key: string; value: string | boolean } | undefined;
  /** The field's schema and uiSchema as deployed, for what the designer does not edit. */
  base: Json;
  baseUi: Json;
}

export function emptyField(kind: FieldKind, taken: Iterable<string>, title = ''): Field {
  const key = uniqueKey(title ? keyFromLabel(title) : 'field', taken);
  return {
    key,
    title,
    kind,
    required: false,
    help: '',
    placeholder: '',
    defaultValue: '',
    errorMessage: '',
    limits: {},
    options: [],
    children: [],
    base: {},
    baseUi: {},
  };
}

/** A field key from its title when none is typed: ASCII letters and digits, unique in the form. */
export function newFieldKey(fields: Field[]): string {
  for (let i = fields.length + 1; ; i++) {
    const key = `field${i}`;
    if (!fields.some((f) => f.key === key)) return key;
  }
}

// ---- reading a deployed form ------------------------------------------------------------------

export function designerFieldsOf(form: FormSource): Field[] {
  const ui = (form.uiSchema ?? {}) as Record<string, Json>;
  const plain = fieldsOfObject(form.schema, ui);
  const conditional = conditionalEntries(form.schema).map(({ when, key, schema, required }) => ({
    ...fieldOf(key, schema, ui[key], required),
    when,
  }));
  const all = [...plain, ...conditional];
  const order = Array.isArray(form.uiSchema?.['ui:order']) ? (form.uiSchema['ui:order'] as string[]) : [];
  return order.length === 0 ? all : [...all].sort((a, b) => rank(order, a.key) - rank(order, b.key));
}

function rank(order: string[], key: string): number {
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
}

function fieldsOfObject(schema: Json, ui: Record<string, Json>): Field[] {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([key, p]) => fieldOf(key, p, ui[key], required.has(key)));
}

function fieldOf(key: string, p: Json, ui: Json | undefined, required: boolean): Field {
  const kind = kindOf(p, ui);
  const items = (p.items ?? {}) as Json;
  const values = (kind === 'multichoice' ? items.enum : p.enum) as unknown[] | undefined;
  const names = ui?.['ui:enumNames'] as string[] | undefined;
  const field: Field = {
    key,
    title: String(p.title ?? key),
    kind,
    required: required || (kind === 'list' && p.minItems === 1),
    help: typeof p.description === 'string' ? p.description : '',
    placeholder: typeof ui?.['ui:placeholder'] === 'string' ? ui['ui:placeholder'] : '',
    defaultValue:
      p.default === undefined ? '' : p.default === true ? '是' : p.default === false ? '否' : String(p.default),
    errorMessage: typeof p.errorMessage === 'string' ? p.errorMessage : '',
    limits: limitsOf(kind, p),
    options: Array.isArray(values) ? values.map((v, i) => ({ value: String(v), label: names?.[i] ?? String(v) })) : [],
    children:
      kind === 'section'
        ? fieldsOfObject(p, (ui ?? {}) as Record<string, Json>)
        : kind === 'list'
          ? fieldsOfObject(items, (ui?.items ?? {}) as Record<string, Json>)
          : [],
    base: p,
    baseUi: ui ?? {},
  };
  return field;
}

function limitsOf(kind: FieldKind, p: Json): Limits {
  const limits: Limits = {};
  for (const k of limitKeywords(kind) ?? []) if (typeof p[k] === 'number') limits[k] = p[k];
  // What the kind itself sets is not a bound the administrator typed.
  if (kind === 'money' && limits.minimum === 0) delete limits.minimum;
  if ((kind === 'list' || kind === 'multichoice' || kind === 'file') && limits.minItems === 1) delete limits.minItems;
  return limits;
}

/** The `allOf` entries the designer writes: `{ if: { properties: { k: { const } }, required: [k] }, then: { properties: { one field } } }`. */
function conditionalEntries(
  schema: Json,
): Array<{ when: { key: string; value: string | boolean }; key: string; schema: Json; required: boolean }> {
  return ((schema.allOf ?? []) as Json[]).flatMap((entry) => {
    const read = readConditional(entry);
    return read ? [read] : [];
  });
}

function readConditional(
  entry: Json,
): { when: { key: string; value: string | boolean }; key: string; schema: Json; required: boolean } | undefined {
  const cond = entry.if as Json | undefined;
  const then = entry.then as Json | undefined;
  if (!cond || !then || Object.keys(entry).length !== 2) return undefined;
  const condProps = Object.entries((cond.properties ?? {}) as Record<string, Json>);
  const thenProps = Object.entries((then.properties ?? {}) as Record<string, Json>);
  if (condProps.length !== 1 || thenProps.length !== 1) return undefined;
  const [[trigger, test]] = condProps as [[string, Json]];
  const [[key, schema]] = thenProps as [[string, Json]];
  if (typeof test.const !== 'string' && typeof test.const !== 'boolean') return undefined;
  return {
    when: { key: trigger, value: test.const },
    key,
    schema,
    required: ((then.required ?? []) as string[]).includes(key),
  };
}

// ---- the fields a condition compares (the process designer's condition builder) ------------------
export interface CaseField {
  key: string;
  title: string;
  /** How a condition compares the value (a phone or ID number is text, money a number …); `textarea` reads as text. */
  kind: 'text' | 'textarea' | 'number' | 'choice' | 'boolean' | 'date';
  required: boolean;
  /** The stored values of a choice. */
  options: string[];
}

const COMPARED_AS: Partial<Record<Field['kind'], CaseField['kind']>> = {
  text: 'text',
  textarea: 'textarea',
  mobile: 'text',
  landline: 'text',
  idcard: 'text',
  uscc: 'text',
  email: 'text',
  number: 'number',
  money: 'number',
  choice: 'choice',
  multichoice: 'choice',
  boolean: 'boolean',
  confirm: 'boolean',
  date: 'date',
  datetime: 'date',
};

/** Sections, lists, addresses and display text hold no single value a condition compares, so they are left out. */
export function fieldsOf(form: FormSource): CaseField[] {
  return designerFieldsOf(form).flatMap((f) => {
    const kind = COMPARED_AS[f.kind];
    return kind
      ? [{ key: f.key, title: f.title, kind, required: f.required, options: f.options.map((o) => o.value) }]
      : [];
  });
}

// ---- writing the form to deploy -----------------------------------------------------------------

/** The form to deploy: the fields in order, each field's schema its base with the edited parts replaced. */
export function formOf(source: FormSource, fields: Field[]): FormSource {
  const plain = fields.filter((f) => !f.when);
  const conditional = fields.filter((f) => f.when);
  const { properties, required, ui } = objectOf(plain, (source.uiSchema ?? {}) as Json);
  for (const f of conditional) {
    const u = fieldUi(f);
    if (Object.keys(u).length > 0) ui[f.key] = u;
  }
  const kept = ((source.schema.allOf ?? []) as Json[]).filter((e) => !readConditional(e));
  const allOf = [...kept, ...conditional.map((f) => conditionalOf(f))];
  const schema: Json = { ...source.schema, type: 'object', properties, required };
  if (allOf.length > 0) schema.allOf = allOf;
  else delete schema.allOf;
  // The designer's list is the order (rjsf ignores keys not shown, so conditional fields keep their place).
  if (Array.isArray(ui['ui:order']) || conditional.length > 0) ui['ui:order'] = fields.map((f) => f.key);
  return { ...source, schema, uiSchema: ui };
}

function conditionalOf(f: Field): Json {
  const when = f.when!;
  const then: Json = { properties: { [f.key]: fieldSchema(f) } };
  if (f.required) then.required = [f.key];
  return { if: { properties: { [when.key]: { const: when.value } }, required: [when.key] }, then };
}

function objectOf(fields: Field[], ui: Json): { properties: Json; required: string[]; ui: Json } {
  const properties: Json = {};
  const out: Json = Object.fromEntries(Object.entries(ui).filter(([k]) => k.startsWith('ui:')));
  for (const f of fields) {
    properties[f.key] = fieldSchema(f);
    const u = fieldUi(f);
    if (Object.keys(u).length > 0) out[f.key] = u;
  }
  return { properties, required: fields.filter((f) => f.required && f.kind !== 'display').map((f) => f.key), ui: out };
}

const EDITED = [
  'type',
  'enum',
  'format',
  'const',
  'multipleOf',
  'items',
  'properties',
  'required',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'uniqueItems',
  'errorMessage',
  'default',
  'description',
  'title',
  'pattern',
];

function fieldSchema(f: Field): Json {
  const rest = Object.fromEntries(Object.entries(f.base).filter(([k]) => !EDITED.includes(k)));
  const schema: Json = { ...rest, title: f.title, ...kindSchema(f.kind) };
  if (TEXT_KINDS.includes(f.kind) && typeof f.base.pattern === 'string') schema.pattern = f.base.pattern;
  if (f.help) schema.description = f.help;
  if (f.errorMessage) schema.errorMessage = f.errorMessage;
  const values = f.options.map((o) => o.value);
  if (f.kind === 'choice') schema.enum = values;
  if (f.kind === 'multichoice')
    Object.assign(schema, { type: 'array', items: { type: 'string', enum: values }, uniqueItems: true });
  if (f.kind === 'section') {
    const inner = objectOf(f.children, {});
    Object.assign(schema, { type: 'object', properties: inner.properties, required: inner.required });
  }
  if (f.kind === 'list') {
    const inner = objectOf(f.children, {});
    schema.type = 'array';
    schema.items = { type: 'object', properties: inner.properties, required: inner.required };
  }
  if (f.kind === 'address' && f.required) schema.required = ADDRESS_PARTS.map((p) => p.key);
  if ((f.kind === 'list' || f.kind === 'multichoice' || f.kind === 'file') && f.required) schema.minItems = 1;
  for (const k of limitKeywords(f.kind) ?? []) if (f.limits[k] !== undefined) schema[k] = f.limits[k];
  const value = defaultOf(f);
  if (value !== undefined) schema.default = value;
  return schema;
}

function defaultOf(f: Field): unknown {
  const text = f.defaultValue.trim();
  if (!text) return undefined;
  if (NUMBER_KINDS.includes(f.kind)) return Number.isFinite(Number(text)) ? Number(text) : undefined;
  if (f.kind === 'boolean') return text === '是' ? true : text === '否' ? false : undefined;
  if (f.kind === 'choice') return f.options.find((o) => o.label === text || o.value === text)?.value;
  if (
    CONTAINER_KINDS.includes(f.kind) ||
    f.kind === 'multichoice' ||
    f.kind === 'file' ||
    f.kind === 'address' ||
    f.kind === 'confirm' ||
    f.kind === 'display'
  )
    return undefined;
  return text;
}

const UI_EDITED = ['ui:widget', 'ui:placeholder', 'ui:enumNames', 'ui:inputType', 'items'];

function fieldUi(f: Field): Json {
  const rest = Object.fromEntries(
    Object.entries(f.baseUi).filter(
      ([k]) => !UI_EDITED.includes(k) && (k.startsWith('ui:') || !CONTAINER_KINDS.includes(f.kind)),
    ),
  );
  const ui: Json = { ...rest, ...kindUi(f.kind) };
  if (f.kind === 'boolean') ui['ui:enumNames'] = ['是', '否'];
  if (f.placeholder) ui['ui:placeholder'] = f.placeholder;
  if ((f.kind === 'choice' || f.kind === 'multichoice') && f.options.some((o) => o.label !== o.value))
    ui['ui:enumNames'] = f.options.map((o) => o.label);
  if (f.kind === 'section') Object.assign(ui, objectOf(f.children, {}).ui);
  if (f.kind === 'list') ui.items = objectOf(f.children, {}).ui;
  return ui;
}

// ---- choices, keys -------------------------------------------------------------------------------

/**
 * Options from one label per line: known labels keep their stored value (a renamed one too, when the count is
 * the same); new ones get a readable ASCII value, or their label where the form already stores labels.
 */
export function optionsFromLabels(text: string, before: ChoiceOption[]): ChoiceOption[] {
  const labels = text
    .split(/\n|[,，、]/)
    .map((l) => l.trim())
    .filter(Boolean);
  const storesLabels = before.length > 0 && before.every((o) => o.value === o.label);
  const out: ChoiceOption[] = [];
  labels.forEach((label, i) => {
    const same = before.find((o) => o.label === label) ?? (before.length === labels.length ? before[i] : undefined);
    const fresh = storesLabels ? label : keyFromLabel(label);
    const value =
      same && !out.some((o) => o.value === same.value)
        ? same.value
        : uniqueKey(
            fresh,
            out.map((o) => o.value),
          );
    out.push({ value, label });
  });
  return out;
}

export type KeyProblem = { path: number[]; kind: 'invalid' } | { path: number[]; kind: 'duplicate'; other: string };

/** Keys that are not readable ASCII, or that a field shares with another in the same object (conditional fields included). */
export function keyProblems(fields: Field[], path: number[] = []): KeyProblem[] {
  const problems: KeyProblem[] = [];
  fields.forEach((f, i) => {
    const here = [...path, i];
    if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(f.key)) problems.push({ path: here, kind: 'invalid' });
    const first = fields.findIndex((o) => o.key === f.key);
    if (first !== i)
      problems.push({ path: here, kind: 'duplicate', other: fields[first]!.title || fields[first]!.key });
    if (CONTAINER_KINDS.includes(f.kind)) problems.push(...keyProblems(f.children, here));
  });
  return problems;
}
