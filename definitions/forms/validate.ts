import type { ValidateFunction } from 'ajv';
import type { FormDefinition } from '../model/index.js';
import { UnsupportedPatternError } from '../regex/linear.js';
import { computedLimitViolations, hiddenPointers, isUnderHidden, type FeelEvaluator } from '../form-js/index.js';
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

/**
 * What a Camunda form's FEEL rules need: an evaluator (the engine's, on the server and in the
 * browser) and the process variables the form was opened with. Without it, hide rules and computed
 * limits are not applied.
 */
export interface FormFeel {
  evaluate: FeelEvaluator;
  context?: Record<string, unknown>;
}

/**
 * Validates submitted data against a form's JSON Schema; the same rules and messages run in the
 * browser. A form compiled from a Camunda form (`source: 'form-js'`) has its required fields
 * enforced by the task page, not here: as in Zeebe, whose API checks no form, a field left out is
 * accepted (one submitted empty is not).
 */
export function validateFormData(
  form: FormDefinition,
  data: unknown,
  locale: Locale = 'zh-CN',
  feel?: FormFeel,
): FieldProblem[] {
  let validate = compiled.get(form.schema);
  if (!validate) {
    try {
      validate = ajv.compile(form.schema);
      // ajv also keeps every compiled schema in a cache of its own; the WeakMap above is the only one kept.
      ajv.removeSchema(form.schema);
    } catch (err) {
      // A form deployed before its patterns had to run in linear time: refuse the data, not the server.
      if (!(err instanceof UnsupportedPatternError)) throw err;
      const message =
        locale === 'zh-CN'
          ? '表单中有无法安全执行的格式规则，请联系管理员修改后重新发布表单'
          : `the form cannot be checked: ${err.message}`;
      return [{ path: '', keyword: 'pattern', message }];
    }
    compiled.set(form.schema, validate);
  }
  const record =
    data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  // A field form-js hides is neither shown nor submitted: nothing inside it is required or checked.
  const hidden = feel ? hiddenPointers(form, record, feel.evaluate, feel.context) : [];
  const limits = feel
    ? computedLimitViolations(form, record, feel.evaluate, feel.context).filter(
        (v) => !isUnderHidden(v.pointer, hidden),
      )
    : [];
  if (validate(data) && limits.length === 0) return [];
  const problems: FieldProblem[] = [];
  const add = (path: string, keyword: string, message: string) => {
    // Several rules may fail on one field with the same words (a pattern and a format): say it once.
    if (!problems.some((p) => p.path === path && p.message === message)) problems.push({ path, keyword, message });
  };
  for (const e of validate.errors ?? []) {
    if (isEchoError(e.keyword)) continue;
    if (form.source === 'form-js' && e.keyword === 'required') continue;
    const path = errorFieldPath(e.instancePath, e);
    if (isUnderHidden(path, hidden)) continue;
    add(path, e.keyword, formErrorMessage(form.schema, path, e, locale));
  }
  for (const v of limits)
    add(
      v.pointer,
      v.keyword,
      formErrorMessage(form.schema, v.pointer, { keyword: v.keyword, params: { limit: v.limit } }, locale),
    );
  return problems;
}
