import type { ValidateFunction } from 'ajv';
import type { FormDefinition } from '../model/index.js';
import { UnsupportedPatternError } from '../regex/linear.js';
import { createAjv } from './ajv.js';
import type { Locale } from './locale.js';
import { errorFieldPath, formErrorMessage, isEchoError } from './messages.js';

export type { Locale } from './locale.js';

export interface FieldProblem {
  /** JSON pointer of the offending value, e.g. `/phone`; empty for the whole form. */
  path: string;
  /** ajv keyword that failed (`required`, `format`, …; `errorMessage` when the field's own message replaced it). */
  keyword: string;
  /** Plain language naming the field's label, e.g. "请填写联系电话". */
  message: string;
}

/** Validators by schema object: the runtime keeps one schema object per form definition, so one compilation each. */
const compiled = new WeakMap<object, ValidateFunction>();
// A form's `$id` must not become a global name: two versions of a form (or two tenants' forms)
// may share one, and ajv refuses a second schema under a known id.
const ajv = createAjv({ addUsedSchema: false });

/** Validates submitted data against a form's JSON Schema; the same rules and messages run in the browser. */
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
  const problems: FieldProblem[] = [];
  for (const e of validate.errors ?? []) {
    if (isEchoError(e.keyword)) continue;
    const path = errorFieldPath(e.instancePath, e);
    const message = formErrorMessage(form.schema, path, e, locale);
    // Several rules may fail on one field with the same words (a pattern and a format): say it once.
    if (!problems.some((p) => p.path === path && p.message === message)) problems.push({ path, keyword: e.keyword, message });
  }
  return problems;
}
