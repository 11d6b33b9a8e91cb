// The public appeal form without rjsf and ajv: the field kinds public intake forms use (text, long
// text, choices, phone, dates, numbers, a tick box, photos …) drawn by LightForm.tsx, checked in the
// browser with the HTML5 constraints a field declares and the same Chinese messages the server
// gives (formErrorMessage); the server still checks everything (FORM_INVALID, mapped to the fields).
// A form with anything else (sections, lists, addresses, conditions, a custom widget …) is drawn by
// the full renderer (shared/TaskForm.tsx), loaded only then.
import { CIVIC_FORMATS, formErrorMessage, isCivicFormat, type RawFormError } from '../../../definitions/index.js';
import { FIELD_KINDS, type FieldKind, kindOf } from '../forms/field-kinds.js';

type Schema = Record<string, unknown>;
type Locale = 'zh-CN' | 'en';

/** How a field is drawn. */
export type LightWidget =
  | 'input'
  | 'textarea'
  | 'select'
  | 'radio'
  | 'checkboxes'
  | 'checkbox'
  | 'file'
  | 'hidden'
  | 'display';

export interface LightField {
  key: string;
  kind: FieldKind;
  widget: LightWidget;
  schema: Schema;
  ui: Schema;
  title: string;
  required: boolean;
}

/** The kinds drawn here; the others (section, list, address) need the full renderer. */
const FULL_RENDERER_KINDS: readonly FieldKind[] = ['section', 'list', 'address'];
const LIGHT_KINDS: ReadonlySet<FieldKind> = new Set(FIELD_KINDS.filter((k) => !FULL_RENDERER_KINDS.includes(k)));
const ROOT_KEYWORDS = new Set(['type', 'title', 'description', 'required', 'properties', '$schema', '$id']);
const FIELD_KEYWORDS = new Set([
  'type',
  'title',
  'description',
  'default',
  'enum',
  'const',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'readOnly',
  'examples',
]);
const ITEM_KEYWORDS = new Set(['type', 'format', 'enum']);
const UI_KEYS = new Set(['ui:widget', 'ui:placeholder', 'ui:help', 'ui:inputType', 'ui:title', 'ui:description']);
const WIDGETS = new Set(['text', 'textarea', 'select', 'radio', 'checkbox', 'checkboxes', 'attachments', 'hidden']);

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields of a form as the light renderer draws them, or null when the form needs the full renderer. */
export function lightFields(schema: Schema, uiSchema: Schema): LightField[] | null {
  if (schema.type !== 'object' || !isObject(schema.properties)) return null;
  if (Object.keys(schema).some((k) => !ROOT_KEYWORDS.has(k))) return null;
  const properties = schema.properties;
  // The uiSchema may only dress the fields (no order, no conditions, no custom fields).
  if (Object.keys(uiSchema).some((k) => !Object.hasOwn(properties, k))) return null;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const fields: LightField[] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (!isObject(value)) return null;
    const ui = uiSchema[key] ?? {};
    if (!isObject(ui) || Object.keys(ui).some((k) => !UI_KEYS.has(k))) return null;
    const widget = ui['ui:widget'];
    if (widget !== undefined && (typeof widget !== 'string' || !WIDGETS.has(widget))) return null;
    if (Object.keys(value).some((k) => !FIELD_KEYWORDS.has(k))) return null;
    const items = value.items;
    if (items !== undefined && (!isObject(items) || Object.keys(items).some((k) => !ITEM_KEYWORDS.has(k)))) return null;
    const kind = kindOf(value, ui);
    if (!LIGHT_KINDS.has(kind)) return null;
    if (value.const !== undefined && kind !== 'confirm') return null;
    if (kind === 'multichoice' && !(isObject(items) && Array.isArray(items.enum))) return null;
    const drawn = widgetOf(kind, widget as string | undefined);
    if (!drawn) return null;
    const title =
      typeof ui['ui:title'] === 'string' ? ui['ui:title'] : typeof value.title === 'string' ? value.title : key;
    fields.push({ key, kind, widget: drawn, schema: value, ui, title, required: required.has(key) });
  }
  return fields;
}

function widgetOf(kind: FieldKind, widget: string | undefined): LightWidget | null {
  if (widget === 'hidden') return 'hidden';
  switch (kind) {
    case 'file':
      return widget === undefined || widget === 'attachments' ? 'file' : null;
    case 'multichoice':
      return widget === undefined || widget === 'checkboxes' ? 'checkboxes' : null;
    case 'choice':
      return widget === 'radio' ? 'radio' : widget === undefined || widget === 'select' ? 'select' : null;
    case 'boolean':
      return widget === 'select' ? null : widget === 'checkbox' ? 'checkbox' : 'radio';
    case 'confirm':
      return widget === undefined || widget === 'checkbox' ? 'checkbox' : null;
    case 'display':
      return 'display';
    case 'textarea':
      return 'textarea';
    default:
      return widget === 'textarea' ? 'textarea' : widget === undefined || widget === 'text' ? 'input' : null;
  }
}

/** The data a new form starts with: the fields' defaults (as rjsf fills them in). */
export function defaultsOf(fields: LightField[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f.schema.default !== undefined).map((f) => [f.key, f.schema.default]));
}

/** Code points, as JSON Schema counts a string's length. */
const lengthOf = (s: string) => [...s].length;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * What is wrong with a field's value, in the words the server would use (its first problem), or
 * null. What cannot be checked here (a pattern the browser's engine does not take, an unknown
 * format) is left to the server.
 */
export function fieldProblem(root: Schema, field: LightField, value: unknown, locale: Locale): string | null {
  const say = (keyword: string, params: Record<string, unknown> = {}) =>
    formErrorMessage(root, `/${field.key}`, { keyword, params } satisfies RawFormError, locale);
  const s = field.schema;
  if (value === undefined || value === null || value === '') {
    return field.required ? say('required', { missingProperty: field.key }) : null;
  }
  if (field.kind === 'confirm') return value === true ? null : say('const');
  switch (typeof value) {
    case 'string': {
      if (s.type !== undefined && s.type !== 'string') return say('type', { type: s.type });
      if (Array.isArray(s.enum) && !s.enum.includes(value)) return say('enum');
      if (typeof s.minLength === 'number' && lengthOf(value) < s.minLength)
        return say('minLength', { limit: s.minLength });
      if (typeof s.maxLength === 'number' && lengthOf(value) > s.maxLength)
        return say('maxLength', { limit: s.maxLength });
      if (typeof s.pattern === 'string' && !matches(s.pattern, value)) return say('pattern');
      if (typeof s.format === 'string' && !formatHolds(s.format, value)) return say('format', { format: s.format });
      return null;
    }
    case 'number': {
      if (s.type === 'integer' && !Number.isInteger(value)) return say('type', { type: 'integer' });
      if (typeof s.minimum === 'number' && value < s.minimum) return say('minimum', { limit: s.minimum });
      if (typeof s.maximum === 'number' && value > s.maximum) return say('maximum', { limit: s.maximum });
      if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
        return say('exclusiveMinimum', { limit: s.exclusiveMinimum });
      if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
        return say('exclusiveMaximum', { limit: s.exclusiveMaximum });
      if (typeof s.multipleOf === 'number' && s.multipleOf > 0) {
        const q = value / s.multipleOf;
        if (Math.abs(Math.round(q) - q) > 1e-8) return say('multipleOf', { multipleOf: s.multipleOf });
      }
      return null;
    }
    default:
      if (Array.isArray(value)) {
        if (typeof s.minItems === 'number' && value.length < s.minItems) return say('minItems', { limit: s.minItems });
        if (typeof s.maxItems === 'number' && value.length > s.maxItems) return say('maxItems', { limit: s.maxItems });
      }
      return null;
  }
}

/** A field's `pattern` as `<input pattern>` reads it (Unicode, whole value); one the browser cannot read is the server's to check. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

function formatHolds(format: string, value: string): boolean {
  if (isCivicFormat(format)) return CIVIC_FORMATS[format](value);
  if (format === 'date') {
    const m = DATE.exec(value);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
  }
  if (format === 'date-time') return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
  return true; // the server's to check
}

/** The first problem of each field (key → message), none for a form that may be sent. */
export function formProblems(root: Schema, fields: LightField[], data: Record<string, unknown>, locale: Locale) {
  const out: Record<string, string> = {};
  for (const f of fields) {
    if (f.widget === 'display') continue;
    const problem = fieldProblem(root, f, data[f.key], locale);
    if (problem) out[f.key] = problem;
  }
  return out;
}

/** The server's FORM_INVALID problems by field (`/category` → category); those about no drawn field under ''. */
export function problemsByField(
  problems: ReadonlyArray<{ path?: string; message: string }>,
  fields: LightField[],
): Record<string, string[]> {
  const keys = new Set(fields.map((f) => f.key));
  const out: Record<string, string[]> = {};
  for (const p of problems) {
    const first = (p.path ?? '').split('/')[1] ?? '';
    const key = keys.has(first) ? first : '';
    const list = (out[key] ??= []);
    if (!list.includes(p.message)) list.push(p.message);
  }
  return out;
}
