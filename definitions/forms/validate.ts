import type { ErrorObject, ValidateFunction } from 'ajv';
import zhModule from 'ajv-i18n/localize/zh/index.js';
import type { FormDefinition } from '../model/index.js';
import { UnsupportedPatternError } from '../regex/linear.js';
import { computedLimitViolations, hiddenPointers, isUnderHidden, type FeelEvaluator, type LimitViolation } from '../form-js/index.js';
import { createAjv } from './ajv.js';

// ajv-i18n's typings say default export; the CommonJS file exports the function itself.
const localizeZh = ((zhModule as unknown as { default?: unknown }).default ?? zhModule) as (errors?: ErrorObject[] | null) => void;

export type Locale = 'zh-CN' | 'en';

export interface FieldProblem {
  /** JSON pointer of the offending value, e.g. `/phone`; empty for the whole form. */
  path: string;
  /** ajv keyword that failed (`required`, `pattern`, …). */
  keyword: string;
  message: string;
}

/** Validators by schema object: the runtime keeps one schema object per form definition, so one compilation each. */
const compiled = new WeakMap<object, ValidateFunction>();
// A form's `$id` must not become a global name: two versions of a form (or two tenants' forms)
// may share one, and ajv refuses a second schema under a known id.
const ajv = createAjv({ addUsedSchema: false });

/**
 * What a Camunda form's FEEL rules need: an evaluator (the engine's, on the server and in the
 * browser) and the process variables the form was opened with. Without it, hide rules and computed
 * limits are not applied.
 */
export interface FormFeel {
  evaluate: FeelEvaluator;
  context?: Record<string, unknown>;
}

/** Validates submitted data against a form's JSON Schema; the same rules run in the browser. */
export function validateFormData(form: FormDefinition, data: unknown, locale: Locale = 'zh-CN', feel?: FormFeel): FieldProblem[] {
  let validate = compiled.get(form.schema);
  if (!validate) {
    try {
      validate = ajv.compile(form.schema);
      // ajv also keeps every compiled schema in a cache of its own; the WeakMap above is the only one kept.
      ajv.removeSchema(form.schema);
    } catch (err) {
      // A form deployed before its patterns had to run in linear time: refuse the data, not the server.
      if (!(err instanceof UnsupportedPatternError)) throw err;
      const message = locale === 'zh-CN' ? '表单中有无法安全执行的格式规则，请联系管理员修改后重新发布表单' : `the form cannot be checked: ${err.message}`;
      return [{ path: '', keyword: 'pattern', message }];
    }
    compiled.set(form.schema, validate);
  }
  const record = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  // A field form-js hides is neither shown nor submitted: nothing inside it is required or checked.
  const hidden = feel ? hiddenPointers(form, record, feel.evaluate, feel.context) : [];
  const limits = feel ? computedLimitViolations(form, record, feel.evaluate, feel.context).filter((v) => !isUnderHidden(v.pointer, hidden)) : [];
  if (validate(data) && limits.length === 0) return [];
  const errors = (validate.errors ?? [])
    .map((e) => ({ ...e }))
    .filter((e) => !isUnderHidden(pathOf(e), hidden) && !(form.source === 'form-js' && e.keyword === 'required'));
  if (errors.length === 0 && limits.length === 0) return [];
  if (locale === 'zh-CN') localizeZh(errors);
  return [
    ...errors.map((e) => {
      const path = pathOf(e);
      const field = label(form, path);
      if (e.keyword === 'required') return { path, keyword: e.keyword, message: locale === 'zh-CN' ? `请填写${field}` : `${field} is required` };
      return { path, keyword: e.keyword, message: `${field} ${e.message ?? ''}`.trim() };
    }),
    ...limits.map((v) => ({ path: v.pointer, keyword: v.keyword, message: limitMessage(label(form, v.pointer), v, locale) })),
  ];
}

function limitMessage(field: string, v: LimitViolation, locale: Locale): string {
  const zh = { minimum: `不能小于 ${v.limit}`, maximum: `不能大于 ${v.limit}`, minLength: `不能少于 ${v.limit} 个字符`, maxLength: `不能多于 ${v.limit} 个字符` };
  const en = { minimum: `must be at least ${v.limit}`, maximum: `must be at most ${v.limit}`, minLength: `must have at least ${v.limit} characters`, maxLength: `must have at most ${v.limit} characters` };
  return `${field} ${(locale === 'zh-CN' ? zh : en)[v.keyword]}`.trim();
}

function pathOf(e: ErrorObject): string {
  if (e.keyword === 'required') return `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
  return e.instancePath;
}

/** The field's title, so messages read "联系电话 应当匹配模式 …" or "请填写诉求内容". */
function label(form: FormDefinition, path: string): string {
  const segments = path.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const name = segments.at(-1);
  if (!name) return '';
  // Down nested objects (`a.b` keys, groups) and list items, to the field's own title.
  let schema: Record<string, unknown> | undefined = form.schema;
  for (const segment of segments) {
    const props = schema?.properties as Record<string, Record<string, unknown>> | undefined;
    schema = props?.[segment] ?? (/^\d+$/.test(segment) ? (schema?.items as Record<string, unknown> | undefined) : undefined);
  }
  return typeof schema?.title === 'string' ? schema.title : name;
}
