import { feelExpressionError } from '../feel/syntax.js';
import { FORM_JS_LIMITS } from './limits.js';
import type { Component, FormProblems } from './problems.js';
import type { JsonSchema } from './validate-rules.js';

/** Where a select, radio, checklist or taglist takes its options from at run time (kept in the uiSchema). */
export type OptionSource = { valuesKey: string } | { valuesExpression: string };

export interface Options {
  /** Static options: values for JSON Schema `enum`, labels for rjsf's `ui:enumNames`. */
  choices?: Array<{ value: string | number | boolean; label: string }>;
  /** The value type all the choices share, when they share one. */
  type?: string;
  source?: OptionSource;
}

/** A component's options: static `values`, or a variable (`valuesKey`) or FEEL (`valuesExpression`) read when the form is shown. */
export function readOptions(c: Component, problems: FormProblems): Options | undefined {
  if (typeof c.valuesKey === 'string' && c.valuesKey.trim() !== '')
    return { source: { valuesKey: c.valuesKey.trim() } };
  if (typeof c.valuesExpression === 'string' && c.valuesExpression.trim() !== '') {
    const feel = c.valuesExpression.trim().replace(/^=/, '');
    const error = feel.length > FORM_JS_LIMITS.maxTextChars ? '过长' : feelExpressionError(feel);
    if (error) {
      problems.component(c, 'FORM_COMPONENT_INVALID', `的选项表达式（valuesExpression）有误：${error}`);
      return undefined;
    }
    return { source: { valuesExpression: feel } };
  }
  const values = c.values;
  if (values === undefined) return { choices: [] };
  if (!Array.isArray(values)) {
    problems.component(c, 'FORM_COMPONENT_INVALID', '的选项（values）不是列表');
    return undefined;
  }
  if (values.length > FORM_JS_LIMITS.maxOptions) {
    problems.component(c, 'FORM_TOO_LARGE', `的选项超过 ${FORM_JS_LIMITS.maxOptions} 个`);
    return undefined;
  }
  const choices: NonNullable<Options['choices']> = [];
  for (const v of values) {
    const value = (v as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      problems.component(c, 'FORM_COMPONENT_INVALID', '有一个选项没有值（value）');
      return undefined;
    }
    const label = (v as { label?: unknown }).label;
    choices.push({ value, label: typeof label === 'string' && label !== '' ? label : String(value) });
  }
  const types = new Set(choices.map((ch) => typeof ch.value));
  return types.size === 1 ? { choices, type: [...types][0]! } : { choices };
}

/** The schema of one chosen value (one ajv message, "must be one of the allowed values", when it is not). */
export function choiceSchema(options: Options): JsonSchema {
  if (options.source) return {};
  const schema: JsonSchema = {};
  if (options.type) schema.type = options.type;
  // An empty `enum` accepts nothing: a select without options is left open, as form-js leaves it.
  if (options.choices && options.choices.length > 0) schema.enum = options.choices.map((c) => c.value);
  return schema;
}

/** The labels rjsf shows for the values of `enum`, in order. */
export function choiceLabels(options: Options): Record<string, unknown> {
  return options.choices && options.choices.length > 0 ? { 'ui:enumNames': options.choices.map((c) => c.label) } : {};
}
