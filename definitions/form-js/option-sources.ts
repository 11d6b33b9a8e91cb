import type { FormDefinition } from '../model/index.js';
import type { FeelEvaluator } from './hide-rules.js';
import { FORM_JS_LIMITS } from './limits.js';
import type { OptionSource } from './options.js';

type Node = Record<string, unknown>;

/** True when some select, radio, checklist or taglist of the form takes its options from a variable or FEEL. */
export function hasOptionSources(form: FormDefinition | undefined): boolean {
  return form?.source === 'form-js' && JSON.stringify(form.uiSchema ?? {}).includes('"values');
}

/**
 * The form with the options of `valuesKey` / `valuesExpression` fields filled in from the
 * variables (as form-js reads them when the form opens): the browser shows them, and the server
 * checks a submitted value against them. Options that do not resolve to a list leave the field open.
 */
export function withResolvedOptions(
  form: FormDefinition,
  variables: Record<string, unknown>,
  evaluate: FeelEvaluator,
): FormDefinition {
  if (!hasOptionSources(form)) return form;
  const schema = structuredClone(form.schema);
  const uiSchema = structuredClone(form.uiSchema ?? {});
  resolveIn(schema, uiSchema, variables, evaluate);
  return { ...form, schema, uiSchema };
}

function resolveIn(schema: Node, ui: Node, variables: Record<string, unknown>, evaluate: FeelEvaluator): void {
  const source = (ui['ui:options'] as OptionSource | undefined) ?? undefined;
  if (source && ('valuesKey' in source || 'valuesExpression' in source)) {
    const choices = choicesOf(
      'valuesKey' in source
        ? lookup(variables, source.valuesKey)
        : safely(() => evaluate(source.valuesExpression, variables)),
    );
    if (choices) {
      const target = schema.type === 'array' ? ((schema.items ??= {}) as Node) : schema;
      target.enum = choices.map((c) => c.value);
      ui['ui:enumNames'] = choices.map((c) => c.label);
    }
  }
  for (const [key, child] of Object.entries(ui)) {
    if (key.startsWith('ui:') || child === null || typeof child !== 'object' || Array.isArray(child)) continue;
    const sub =
      key === 'items' && schema.type === 'array'
        ? schema.items
        : (schema.properties as Record<string, Node> | undefined)?.[key];
    if (sub && typeof sub === 'object') resolveIn(sub as Node, child as Node, variables, evaluate);
  }
}

/** `a.b` read through objects, as form-js reads a `valuesKey`. */
function lookup(variables: Record<string, unknown>, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (at, k) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[k] : undefined),
      variables,
    );
}

function safely(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** form-js options: `[{ label, value }]` or plain values; anything else (or too many) resolves to nothing. */
function choicesOf(raw: unknown): Array<{ value: string | number | boolean; label: string }> | undefined {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > FORM_JS_LIMITS.maxOptions) return undefined;
  const out: Array<{ value: string | number | boolean; label: string }> = [];
  for (const item of raw) {
    const value = item !== null && typeof item === 'object' ? (item as { value?: unknown }).value : item;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    const label = item !== null && typeof item === 'object' ? (item as { label?: unknown }).label : undefined;
    out.push({ value, label: typeof label === 'string' && label !== '' ? label : String(value) });
  }
  return out;
}
