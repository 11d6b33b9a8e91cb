// Plain-language messages for a form's validation errors, the same in the browser (rjsf's
// transformErrors) and on the server (FORM_INVALID problems): they name the field by its label
// and never show a regular expression, a schema path or a field key.
import type { Locale } from './locale.js';
import { isCivicFormat, type CivicFormat } from './formats.js';

/** An ajv error as both sides see it: ajv's own and rjsf's `RJSFValidationError` (`name` there). */
export interface RawFormError {
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type Schema = Record<string, unknown>;
type Words = { 'zh-CN': string; en: string };

/** Errors that only repeat others: an `if` fails exactly when an error inside its `then` is reported too. */
export function isEchoError(keyword: string): boolean {
  return keyword === 'if';
}

/** The JSON pointer of the field an error is about: `required` names a property of the object at `instancePath`. */
export function errorFieldPath(instancePath: string, error: RawFormError): string {
  const missing = error.params.missingProperty;
  return (error.keyword === 'required' || error.keyword === 'dependentRequired') && typeof missing === 'string'
    ? `${instancePath}/${missing}`
    : instancePath;
}

/** The error's message for a citizen or a clerk, naming the field at `path` (a JSON pointer into the data). */
export function formErrorMessage(root: Schema, path: string, error: RawFormError, locale: Locale): string {
  const field = fieldAt(root, path);
  return messageOf(error, field?.schema ?? {}, field ? labelOf(field.labels, locale) : '', locale);
}

function messageOf(error: RawFormError, schema: Schema, label: string, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const name = label || (zh ? '此项' : 'This field');
  const p = error.params;
  const say = (w: Words) => w[locale].replaceAll('{label}', name);
  switch (error.keyword) {
    case 'errorMessage': {
      // The form's own message is written in the form's language (Chinese); English readers get the generic one.
      const inner = (p.errors as RawFormError[] | undefined)?.[0];
      if ((zh || !inner) && error.message) return error.message;
      return messageOf(inner ?? { keyword: 'errorMessage-fallback', params: {} }, schema, label, locale);
    }
    case 'required':
    case 'dependentRequired':
      return schema.const === true
        ? say({ 'zh-CN': '请勾选“{label}”', en: 'Please tick "{label}"' })
        : say({ 'zh-CN': '请填写{label}', en: 'Please fill in {label}' });
    case 'format':
      return say(formatWords(String(p.format)));
    case 'pattern':
      return say({
        'zh-CN': '{label}的格式不正确，请检查后重新填写',
        en: '{label} is not in the expected form; please check it',
      });
    case 'minLength':
      return say({ 'zh-CN': `{label}至少填写${p.limit}个字`, en: `{label} needs at least ${p.limit} characters` });
    case 'maxLength':
      return say({ 'zh-CN': `{label}最多填写${p.limit}个字`, en: `{label} takes at most ${p.limit} characters` });
    case 'minimum':
      return say({ 'zh-CN': `{label}不能小于${p.limit}`, en: `{label} must be at least ${p.limit}` });
    case 'exclusiveMinimum':
      return say({ 'zh-CN': `{label}应大于${p.limit}`, en: `{label} must be more than ${p.limit}` });
    case 'maximum':
      return say({ 'zh-CN': `{label}不能大于${p.limit}`, en: `{label} must be at most ${p.limit}` });
    case 'exclusiveMaximum':
      return say({ 'zh-CN': `{label}应小于${p.limit}`, en: `{label} must be less than ${p.limit}` });
    case 'multipleOf':
      return say(multipleOfWords(Number(p.multipleOf)));
    case 'type':
      return say(typeWords(String(p.type)));
    case 'enum':
      return say({ 'zh-CN': '请从选项中选择{label}', en: 'Please choose {label} from the options' });
    case 'const':
      return schema.const === true
        ? say({ 'zh-CN': '请勾选“{label}”', en: 'Please tick "{label}"' })
        : say({ 'zh-CN': '{label}的值不正确', en: '{label} has a value it may not have' });
    case 'minItems':
      return say({ 'zh-CN': `{label}至少填写${p.limit}项`, en: `{label} needs at least ${p.limit} entries` });
    case 'maxItems':
      return say({ 'zh-CN': `{label}最多填写${p.limit}项`, en: `{label} takes at most ${p.limit} entries` });
    case 'uniqueItems':
      return say({ 'zh-CN': '{label}中有重复的项', en: '{label} has the same entry twice' });
    case 'additionalProperties':
      return say({ 'zh-CN': '表单中有不属于本表单的内容', en: 'The form has data it does not ask for' });
    default:
      return say({ 'zh-CN': '{label}填写的内容不符合要求', en: '{label} is not filled in as the form requires' });
  }
}

const FORMAT_WORDS: Record<CivicFormat | 'date' | 'date-time' | 'time', Words> = {
  'civic-attachment': {
    'zh-CN': '{label}不是有效的附件，请重新上传',
    en: '{label} is not a valid attachment; upload it again',
  },
  'cn-mobile': { 'zh-CN': '{label}应为11位手机号码', en: '{label} must be an 11-digit mobile number' },
  'cn-landline': {
    'zh-CN': '{label}应为固定电话号码，如 0571-87654321',
    en: '{label} must be a landline number such as 0571-87654321',
  },
  'cn-id-card': {
    'zh-CN': '{label}不是有效的18位身份证号码，请核对出生日期和最后一位校验码',
    en: '{label} is not a valid 18-character ID card number; check the birth date and the last character',
  },
  'cn-uscc': {
    'zh-CN': '{label}不是有效的统一社会信用代码，请核对18位代码和最后一位校验码',
    en: '{label} is not a valid unified social credit code; check the 18 characters and the last one',
  },
  email: {
    'zh-CN': '{label}应为电子邮箱地址，如 name@example.com',
    en: '{label} must be an email address such as name@example.com',
  },
  date: { 'zh-CN': '{label}应为日期', en: '{label} must be a date' },
  'date-time': { 'zh-CN': '{label}应为日期和时间', en: '{label} must be a date and time' },
  time: { 'zh-CN': '{label}应为时间', en: '{label} must be a time' },
};

function formatWords(format: string): Words {
  if (isCivicFormat(format) || format === 'date' || format === 'date-time' || format === 'time')
    return FORMAT_WORDS[format];
  return {
    'zh-CN': '{label}的格式不正确，请检查后重新填写',
    en: '{label} is not in the expected form; please check it',
  };
}

function multipleOfWords(step: number): Words {
  const decimals = step > 0 && step < 1 ? Math.round(-Math.log10(step)) : 0;
  if (decimals > 0 && Math.abs(10 ** -decimals - step) < 1e-12)
    return { 'zh-CN': `{label}最多保留${decimals}位小数`, en: `{label} takes at most ${decimals} decimal places` };
  return { 'zh-CN': `{label}应为${step}的整数倍`, en: `{label} must be a multiple of ${step}` };
}

const TYPE_WORDS: Record<string, Words> = {
  number: { 'zh-CN': '{label}应填写数字', en: '{label} must be a number' },
  integer: { 'zh-CN': '{label}应填写整数', en: '{label} must be a whole number' },
  boolean: { 'zh-CN': '{label}应选择“是”或“否”', en: '{label} must be yes or no' },
  array: { 'zh-CN': '{label}应为列表', en: '{label} must be a list' },
  object: { 'zh-CN': '{label}的内容不完整', en: '{label} is incomplete' },
  string: { 'zh-CN': '{label}应填写文字', en: '{label} must be text' },
};

function typeWords(type: string): Words {
  return (
    TYPE_WORDS[type.split(',')[0]!] ?? {
      'zh-CN': '{label}填写的内容类型不对',
      en: '{label} has the wrong kind of value',
    }
  );
}

/** "当事人第2项的身份证号码": the labels from the outermost list down to the field. */
function labelOf(labels: Array<{ title: string; item?: number }>, locale: Locale): string {
  const last = labels[labels.length - 1];
  if (!last) return '';
  const list = [...labels].reverse().find((l) => l.item !== undefined);
  if (!list || list === last)
    return last.item !== undefined
      ? locale === 'zh-CN'
        ? `${last.title}第${last.item + 1}项`
        : `${last.title} #${last.item + 1}`
      : last.title;
  return locale === 'zh-CN'
    ? `${list.title}第${list.item! + 1}项的${last.title}`
    : `${last.title} of ${list.title} #${list.item! + 1}`;
}

/** The schema of the field at a JSON pointer into the data, with the titles on the way (conditional branches included). */
export function fieldAt(
  root: Schema,
  path: string,
): { schema: Schema; labels: Array<{ title: string; item?: number }> } | undefined {
  let node: Schema = deref(root, root);
  const labels: Array<{ title: string; item?: number }> = [];
  for (const segment of path
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    const items = isObject(node.items) ? deref(root, node.items) : undefined;
    if (/^\d+$/.test(segment) && items) {
      const list = labels[labels.length - 1];
      if (list) list.item = Number(segment);
      node = items;
      continue;
    }
    const found = propertyIn(root, node, segment);
    if (!found) return undefined;
    node = found;
    labels.push({ title: typeof node.title === 'string' ? node.title : '' });
  }
  return { schema: node, labels: labels.filter((l) => l.title) };
}

/** A property's schema in an object schema or in one of its conditional branches; the one with a title first. */
function propertyIn(root: Schema, node: Schema, key: string, depth = 0): Schema | undefined {
  if (depth > 8) return undefined;
  const props = isObject(node.properties) ? node.properties : {};
  const here = isObject(props[key]) ? deref(root, props[key]) : undefined;
  if (here && typeof here.title === 'string') return here;
  for (const branch of branchesOf(node)) {
    const inner = propertyIn(root, deref(root, branch), key, depth + 1);
    if (inner && typeof inner.title === 'string') return inner;
  }
  return here;
}

/** The schemas a conditional rule may add properties in: then/else, allOf/anyOf/oneOf, dependentSchemas. */
function branchesOf(node: Schema): Schema[] {
  const one = (v: unknown) => (isObject(v) ? [v] : []);
  const many = (v: unknown) => (Array.isArray(v) ? v.filter(isObject) : []);
  const map = (v: unknown) => (isObject(v) ? Object.values(v).filter(isObject) : []);
  return [
    ...one(node.then),
    ...one(node.else),
    ...many(node.allOf),
    ...many(node.anyOf),
    ...many(node.oneOf),
    ...map(node.dependentSchemas),
  ];
}

function deref(root: Schema, schema: Schema, depth = 0): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || depth > 8) return schema;
  let target: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean))
    target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isObject(target) ? deref(root, target, depth + 1) : schema;
}

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
