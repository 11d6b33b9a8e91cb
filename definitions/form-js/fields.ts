import { ATTACHMENT_FORMAT } from '../forms/formats.js';
import { choiceLabels, choiceSchema, readOptions } from './options.js';
import type { Component, FormProblems } from './problems.js';
import { validationKeywords, type ComputedLimit, type JsonSchema } from './validate-rules.js';

/** One data field: its JSON Schema, its rjsf uiSchema, and whether its parent requires it. */
export interface Field {
  schema: JsonSchema;
  ui: Record<string, unknown>;
  required: boolean;
  computed: ComputedLimit[];
}

/** The form-js field kinds (components bound to a `key`) and how each becomes a JSON Schema. */
export const FIELD_TYPES = new Set([
  'textfield',
  'textarea',
  'number',
  'checkbox',
  'checklist',
  'radio',
  'select',
  'taglist',
  'datetime',
  'filepicker',
]);

/** A file field's items (civicflow's file field kind): the id of an attachment of the case. */
const ATTACHMENT_ITEMS = { type: 'string', format: ATTACHMENT_FORMAT };

// form-js keeps the value as typed: a date as `2024-05-01`, a time as `14:30` (with an offset, by its
// serialising format), a date-time as `2024-05-01T14:30` (with one, or `Z`). ajv's formats want seconds.
const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
const TIME = '^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$';
const DATE_TIME = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$';

/** The schema of a field component, or undefined (with a problem naming it) when it cannot be mapped. */
export function fieldOf(c: Component, problems: FormProblems): Field | undefined {
  const type = c.type as string;
  const kind =
    type === 'number'
      ? c.serializeToString === true
        ? 'string'
        : 'number'
      : type === 'textfield' || type === 'textarea' || type === 'datetime'
        ? 'string'
        : 'other';
  const { keywords, required, computed } = validationKeywords(c, type === 'number' ? 'number' : kind, problems);
  if (type === 'number' && c.serializeToString === true) {
    // form-js keeps such a number as text; its range rules then cannot be checked on the text.
    if ('minimum' in keywords || 'maximum' in keywords)
      problems.component(c, 'FORM_COMPONENT_UNSUPPORTED', '以文本保存数字（serializeToString）时不能使用范围规则');
    delete keywords.minimum;
    delete keywords.maximum;
  }
  const ui: Record<string, unknown> = {};
  let schema: JsonSchema;
  switch (type) {
    case 'textfield':
      schema = { type: 'string', ...keywords };
      break;
    case 'textarea':
      schema = { type: 'string', ...keywords };
      ui['ui:widget'] = 'textarea';
      break;
    case 'number':
      schema =
        c.serializeToString === true
          ? { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$', ...keywords }
          : { type: 'number', ...keywords };
      if (typeof c.increment === 'number' || typeof c.increment === 'string')
        ui['ui:options'] = { step: Number(c.increment) || undefined };
      break;
    case 'checkbox':
      schema = { type: 'boolean', ...keywords };
      break;
    case 'datetime': {
      const subtype = c.subtype ?? 'date';
      if (subtype === 'date') {
        schema = { type: 'string', pattern: DATE, ...keywords };
        ui['ui:widget'] = 'date';
      } else if (subtype === 'time') {
        schema = { type: 'string', pattern: TIME, ...keywords };
        ui['ui:widget'] = 'time';
      } else if (subtype === 'datetime') {
        schema = { type: 'string', pattern: DATE_TIME, ...keywords };
        ui['ui:widget'] = 'datetime';
      } else {
        problems.component(c, 'FORM_COMPONENT_UNSUPPORTED', `的日期类型「${String(subtype)}」无法转换`);
        return undefined;
      }
      if (c.disallowPassedDates === true)
        problems.component(
          c,
          'FORM_COMPONENT_UNSUPPORTED',
          '的“不允许过去的日期”（disallowPassedDates）暂不支持，请改用流程中的校验',
        );
      break;
    }
    case 'radio':
    case 'select': {
      const options = readOptions(c, problems);
      if (!options) return undefined;
      schema = { ...choiceSchema(options), ...keywords };
      Object.assign(ui, choiceLabels(options));
      if (type === 'radio') ui['ui:widget'] = 'radio';
      if (options.source) ui['ui:options'] = { ...options.source };
      break;
    }
    case 'checklist':
    case 'taglist': {
      const options = readOptions(c, problems);
      if (!options) return undefined;
      schema = { type: 'array', uniqueItems: true, items: choiceSchema(options), ...keywords };
      if (required) schema.minItems = 1; // form-js: an empty list is not filled in
      Object.assign(ui, choiceLabels(options));
      if (type === 'checklist') ui['ui:widget'] = 'checkboxes';
      if (options.source) ui['ui:options'] = { ...options.source };
      break;
    }
    case 'filepicker': {
      // form-js keeps the picked files as a list (of document references); civicflow keeps the
      // case's attachment ids. `multiple` is a boolean or, in older files, "on".
      const multiple = c.multiple === true || c.multiple === 'on';
      schema = { type: 'array', items: { ...ATTACHMENT_ITEMS }, uniqueItems: true, ...keywords };
      if (!multiple) schema.maxItems = 1;
      if (required) schema.minItems = 1;
      if (typeof c.accept === 'string' && c.accept.trim() !== '') ui['ui:options'] = { accept: c.accept.trim() };
      break;
    }
    default:
      return undefined;
  }
  if (typeof c.label === 'string' && c.label.trim() !== '') schema.title = c.label.trim();
  if (typeof c.description === 'string' && c.description.trim() !== '') schema.description = c.description.trim();
  if (c.readonly === true) {
    schema.readOnly = true;
    ui['ui:readonly'] = true;
  }
  if (c.disabled === true) ui['ui:disabled'] = true;
  for (const flag of ['readonly', 'disabled'] as const) {
    if (typeof c[flag] === 'string' && (c[flag] as string).trim() !== '') {
      problems.component(
        c,
        'FORM_COMPONENT_UNSUPPORTED',
        `的${flag === 'readonly' ? '只读' : '禁用'}条件使用了表达式，暂不支持，请改为固定的是/否`,
      );
    }
  }
  if (c.defaultValue !== undefined && c.defaultValue !== null && c.defaultValue !== '')
    schema.default = defaultOf(c, schema);
  return { schema, ui, required, computed };
}

/** form-js writes a number's default as text sometimes (`"5"`); the schema's type decides. */
function defaultOf(c: Component, schema: JsonSchema): unknown {
  const v = c.defaultValue;
  if (schema.type === 'number' && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))
    return Number(v);
  if (schema.type === 'string' && typeof v === 'number') return String(v);
  return v;
}
