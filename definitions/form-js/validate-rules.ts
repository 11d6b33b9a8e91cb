import { feelExpressionError } from '../feel/syntax.js';
import { FORM_JS_LIMITS } from './limits.js';
import type { Component, FormProblems } from './problems.js';

export type JsonSchema = Record<string, unknown>;

/**
 * form-js's `validationType: "phone"` checks international numbers; the city's forms hold mainland
 * mobiles. Both are taken (the `1[3-9]` part also marks the field as a phone for masking).
 */
export const PHONE_PATTERN = '^(1[3-9][0-9]{9}|(\\+|00)[1-9][0-9 -]{6,17})$';

const KNOWN_RULES = new Set(['required', 'min', 'max', 'minLength', 'maxLength', 'pattern', 'validationType']);

/** The JSON Schema keywords for a component's `validate`; `required` is the parent's business and returned apart. */
export function validationKeywords(
  c: Component,
  kind: 'string' | 'number' | 'other',
  problems: FormProblems,
): { keywords: JsonSchema; required: boolean; computed: ComputedLimit[] } {
  const v = c.validate;
  const keywords: JsonSchema = {};
  const computed: ComputedLimit[] = [];
  if (v === undefined || v === null) return { keywords, required: false, computed };
  if (typeof v !== 'object' || Array.isArray(v)) {
    problems.component(c, 'FORM_COMPONENT_INVALID', '的校验规则（validate）不是对象');
    return { keywords, required: false, computed };
  }
  const rules = v as Record<string, unknown>;
  for (const [name, value] of Object.entries(rules)) {
    if (!KNOWN_RULES.has(name)) {
      problems.component(c, 'FORM_COMPONENT_UNSUPPORTED', `的校验规则「${name}」无法转换`);
    } else if (typeof value === 'string' && value.startsWith('=')) {
      const keyword = LIMIT_KEYWORDS[name];
      const feel = value.slice(1).trim();
      const error = !keyword
        ? 'only min, max, minLength and maxLength may be computed'
        : feel.length > FORM_JS_LIMITS.maxTextChars
          ? 'too long'
          : feelExpressionError(feel);
      if (error)
        problems.component(
          c,
          'FORM_COMPONENT_UNSUPPORTED',
          `的校验规则「${name}」的表达式「${value}」无法使用：${error}`,
        );
      else computed.push({ keyword: keyword!, feel });
    }
  }
  const num = (name: string): number | undefined => {
    const x = rules[name];
    if (x === undefined || x === null || x === '') return undefined;
    if (typeof x === 'number' && Number.isFinite(x)) return x;
    if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
    if (typeof x !== 'string' || !x.startsWith('='))
      problems.component(c, 'FORM_COMPONENT_INVALID', `的校验规则「${name}」不是数字`);
    return undefined;
  };
  const lengthRule = (name: 'minLength' | 'maxLength') => {
    const n = num(name);
    if (n === undefined) return;
    if (kind !== 'string') problems.component(c, 'FORM_COMPONENT_UNSUPPORTED', `不是文本，不能使用长度规则「${name}」`);
    else if (!Number.isInteger(n) || n < 0)
      problems.component(c, 'FORM_COMPONENT_INVALID', `的长度规则「${name}」应为非负整数`);
    else keywords[name] = n;
  };
  lengthRule('minLength');
  lengthRule('maxLength');
  for (const [name, keyword] of [
    ['min', 'minimum'],
    ['max', 'maximum'],
  ] as const) {
    const n = num(name);
    if (n === undefined) continue;
    if (kind !== 'number') problems.component(c, 'FORM_COMPONENT_UNSUPPORTED', `不是数字，不能使用范围规则「${name}」`);
    else keywords[keyword] = n;
  }
  const type = rules.validationType;
  if (type === 'email') keywords.format = 'email';
  else if (type === 'phone') keywords.pattern = PHONE_PATTERN;
  else if (type !== undefined && type !== '' && type !== 'custom')
    problems.component(c, 'FORM_COMPONENT_UNSUPPORTED', `的校验类型「${String(type)}」无法转换`);
  if (typeof rules.pattern === 'string' && rules.pattern !== '' && !rules.pattern.startsWith('=')) {
    if (kind !== 'string') problems.component(c, 'FORM_COMPONENT_UNSUPPORTED', '不是文本，不能使用格式规则（pattern）');
    // An email or phone type and a pattern both hold in form-js: both are kept.
    else if (keywords.pattern) keywords.allOf = [{ pattern: rules.pattern }];
    else keywords.pattern = rules.pattern;
  }
  const required = rules.required === true;
  if (required && kind === 'string' && keywords.minLength === undefined) keywords.minLength = 1; // form-js: "" is not filled in
  return { keywords, required, computed };
}

/** A `min`/`max`/`minLength`/`maxLength` given as FEEL (`"=price"`): checked when the form is submitted, like hide rules. */
export interface ComputedLimit {
  keyword: 'minimum' | 'maximum' | 'minLength' | 'maxLength';
  feel: string;
}

const LIMIT_KEYWORDS: Record<string, ComputedLimit['keyword'] | undefined> = {
  min: 'minimum',
  max: 'maximum',
  minLength: 'minLength',
  maxLength: 'maxLength',
};
