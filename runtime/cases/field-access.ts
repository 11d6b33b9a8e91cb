import type { FieldAccess } from '../../definitions/index.js';

/** A form field's JSON Schema, as far as the case file reads it. */
export interface FieldSchema {
  title?: string;
  type?: string | string[];
  pattern?: string;
  format?: string;
  enum?: unknown[];
  readOnly?: boolean;
  [key: string]: unknown;
}

export type FieldPermissions = Record<string, FieldAccess>;

const PHONE_KEY = /phone|mobile|tel(ephone)?$/i;
const MOBILE = /^1\d{10}$/;

/** A field that holds a phone number: named like one, of a phone format, or checked with a mainland mobile-number pattern. */
export function isPhoneField(key: string, schema?: FieldSchema): boolean {
  if (schema?.format === 'cn-mobile' || schema?.format === 'cn-landline') return true;
  return PHONE_KEY.test(key) || (typeof schema?.pattern === 'string' && schema.pattern.includes('1[3-9]'));
}

/** `13812341234` → `138****1234`; other values unchanged, so a shorter landline keeps its last four digits only. */
export function maskPhone(value: unknown): unknown {
  if (typeof value !== 'string' || value.length < 7) return value;
  if (MOBILE.test(value)) return `${value.slice(0, 3)}****${value.slice(-4)}`;
  return `${'*'.repeat(value.length - 4)}${value.slice(-4)}`;
}

/** What a step's handler may do with a field: the step's own form is editable, earlier data read-only, unless the step says otherwise. */
export function accessOf(permissions: FieldPermissions | undefined, key: string, ownField: boolean): FieldAccess {
  return permissions?.[key] ?? (ownField ? 'editable' : 'readonly');
}

export function hiddenFieldsOf(permissions: FieldPermissions | undefined): string[] {
  return Object.entries(permissions ?? {})
    .filter(([, access]) => access === 'hidden')
    .map(([key]) => key);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
