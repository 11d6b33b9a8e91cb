import type { ErrorObject, ValidateFunction } from 'ajv';
import zhModule from 'ajv-i18n/localize/zh/index.js';
import type { FormDefinition } from '../model/index.js';
import { UnsupportedPatternError } from '../regex/linear.js';
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

/** Validates submitted data against a form's JSON Schema; the same rules run in the browser. */
export function validateFormData(form: FormDefinition, data: unknown, locale: Locale = 'zh-CN'): FieldProblem[] {
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
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).map((e) => ({ ...e }));
  if (locale === 'zh-CN') localizeZh(errors);
  return errors.map((e) => {
    const path = pathOf(e);
    const field = label(form, path);
    if (e.keyword === 'required') return { path, keyword: e.keyword, message: locale === 'zh-CN' ? `请填写${field}` : `${field} is required` };
    return { path, keyword: e.keyword, message: `${field} ${e.message ?? ''}`.trim() };
  });
}

function pathOf(e: ErrorObject): string {
  if (e.keyword === 'required') return `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
  return e.instancePath;
}

/** The field's title, so messages read "联系电话 应当匹配模式 …" or "请填写诉求内容". */
function label(form: FormDefinition, path: string): string {
  const name = path.split('/').filter(Boolean).pop();
  if (!name) return '';
  const props = (form.schema.properties ?? {}) as Record<string, { title?: string }>;
  return props[name]?.title ?? name;
}
