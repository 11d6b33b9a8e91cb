// The field kinds of the form designer and the JSON Schema (+ rjsf uiSchema) each one is.
import { ATTACHMENT_FORMAT } from '../../../definitions/index.js';

export const FIELD_KINDS = [
  'text',
  'textarea',
  'number',
  'money',
  'date',
  'datetime',
  'boolean',
  'choice',
  'multichoice',
  'file',
  'mobile',
  'landline',
  'idcard',
  'uscc',
  'email',
  'address',
  'confirm',
  'section',
  'list',
  'display',
] as const;

export type FieldKind = (typeof FIELD_KINDS)[number];

/** Kinds that hold other fields. */
export const CONTAINER_KINDS: readonly FieldKind[] = ['section', 'list'];
/** Kinds whose text length may be limited. */
export const TEXT_KINDS: readonly FieldKind[] = ['text', 'textarea'];
/** Kinds with a lower and upper bound. */
export const NUMBER_KINDS: readonly FieldKind[] = ['number', 'money'];

const FORMAT_OF: Partial<Record<FieldKind, string>> = {
  mobile: 'cn-mobile',
  landline: 'cn-landline',
  idcard: 'cn-id-card',
  uscc: 'cn-uscc',
  email: 'email',
  date: 'date',
  datetime: 'date-time',
};

/** The address kind's parts, fixed so every form stores an address the same way. */
export const ADDRESS_PARTS = [
  { key: 'province', title: '省' },
  { key: 'city', title: '市' },
  { key: 'district', title: '区（县）' },
  { key: 'street', title: '街道及门牌号' },
] as const;

/** The kind a deployed field schema reads as. */
export function kindOf(p: Record<string, unknown>, ui: Record<string, unknown> | undefined): FieldKind {
  const widget = ui?.['ui:widget'];
  if (p.type === 'null') return 'display';
  if (p.type === 'array') {
    if (isObject(p.items) && p.items.format === ATTACHMENT_FORMAT) return 'file';
    return isObject(p.items) && p.items.type === 'object' ? 'list' : 'multichoice';
  }
  if (p.type === 'object') return isAddress(p) ? 'address' : 'section';
  if (Array.isArray(p.enum)) return 'choice';
  if (p.type === 'boolean') return p.const === true ? 'confirm' : 'boolean';
  if (p.type === 'number' && p.multipleOf === 0.01) return 'money';
  if (p.type === 'number' || p.type === 'integer') return 'number';
  const byFormat = (Object.entries(FORMAT_OF) as Array<[FieldKind, string]>).find(([, f]) => f === p.format);
  if (byFormat) return byFormat[0];
  return widget === 'textarea' ? 'textarea' : 'text';
}

/** The schema keywords a kind sets (the rest of a field's schema is kept from what was deployed). */
export function kindSchema(kind: FieldKind): Record<string, unknown> {
  const format = FORMAT_OF[kind];
  if (format) return { type: 'string', format };
  switch (kind) {
    case 'number':
      return { type: 'number' };
    case 'money':
      return { type: 'number', minimum: 0, multipleOf: 0.01 };
    case 'boolean':
      return { type: 'boolean' };
    case 'confirm':
      return { type: 'boolean', const: true };
    case 'display':
      return { type: 'null' };
    case 'file':
      // Stored server-side: the value is the attachments' ids (a public page's upload tokens until submitted).
      return { type: 'array', items: { type: 'string', format: ATTACHMENT_FORMAT } };
    case 'address':
      return {
        type: 'object',
        properties: Object.fromEntries(
          ADDRESS_PARTS.map((p) => [p.key, { type: 'string', title: p.title, maxLength: 100 }]),
        ),
      };
    default:
      return { type: 'string' };
  }
}

/** The rjsf uiSchema a kind needs. */
export function kindUi(kind: FieldKind): Record<string, unknown> {
  switch (kind) {
    case 'textarea':
      return { 'ui:widget': 'textarea' };
    case 'boolean':
      return { 'ui:widget': 'radio' };
    case 'multichoice':
      return { 'ui:widget': 'checkboxes' };
    case 'file':
      return { 'ui:widget': 'attachments' };
    case 'mobile':
    case 'landline':
      return { 'ui:inputType': 'tel' };
    case 'email':
      return { 'ui:inputType': 'email' };
    default:
      return {};
  }
}

function isAddress(p: Record<string, unknown>): boolean {
  const props = isObject(p.properties) ? Object.keys(p.properties) : [];
  return props.length === ADDRESS_PARTS.length && ADDRESS_PARTS.every((a) => props.includes(a.key));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
