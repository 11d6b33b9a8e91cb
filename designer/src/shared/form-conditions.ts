import type { RJSFValidationError } from '@rjsf/utils';
import { FEEL_CONTEXT_KEY, hiddenPointers, isUnderHidden } from '../../../definitions/index.js';
import { evaluateFeel } from '../../../engine/index.js';
import { HIDDEN_FIELD } from './hidden-field.js';

/**
 * A Camunda form's `conditional.hide` in the browser: the same rules the server applies
 * (`hiddenPointers`), evaluated by the engine's FEEL over the form's values and the variables the
 * server handed with it. Hidden fields are not drawn, not checked and not submitted.
 */
export function formConditions(uiSchema: Record<string, unknown>, data: Record<string, unknown>) {
  const context = (uiSchema[FEEL_CONTEXT_KEY] ?? {}) as Record<string, unknown>;
  const now = new Date().toISOString();
  const hidden = hiddenPointers(
    { uiSchema },
    data,
    (feel, scope) => {
      const r = evaluateFeel(feel, scope, now);
      return r.ok ? r.value : undefined;
    },
    context,
  );
  return {
    hidden,
    uiSchema: hidden.length === 0 ? uiSchema : hideIn(uiSchema, hidden),
    transformErrors: (errors: RJSFValidationError[]) =>
      errors.filter((e) => !isUnderHidden(pointerOf(e.property), hidden)),
    /** The data without the hidden fields' values, as form-js submits it. */
    strip: (values: Record<string, unknown>) => (hidden.length === 0 ? values : without(values, hidden)),
  };
}

/** rjsf's `.a.b` / `.list.0.x` error property as a JSON pointer. */
function pointerOf(property: string | undefined): string {
  if (!property) return '';
  return `/${property
    .replace(/^\./, '')
    .replace(/\['([^']*)'\]/g, '.$1')
    .split('.')
    .join('/')}`;
}

/** A copy of `uiSchema` drawing each hidden field (not list items: rjsf has one uiSchema for them all) with nothing. */
function hideIn(uiSchema: Record<string, unknown>, hidden: string[]): Record<string, unknown> {
  const out = structuredClone(uiSchema);
  for (const pointer of hidden) {
    const segments = pointer.split('/').slice(1);
    if (segments.some((s) => /^\d+$/.test(s))) continue;
    let at = out;
    for (const s of segments)
      at = (at[s] = { ...((at[s] as Record<string, unknown> | undefined) ?? {}) }) as Record<string, unknown>;
    at['ui:field'] = HIDDEN_FIELD;
  }
  return out;
}

function without(values: Record<string, unknown>, hidden: string[]): Record<string, unknown> {
  const out = structuredClone(values);
  for (const pointer of hidden) {
    const segments = pointer.split('/').slice(1);
    let at: unknown = out;
    for (const s of segments.slice(0, -1))
      at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
    if (at !== null && typeof at === 'object') delete (at as Record<string, unknown>)[segments.at(-1)!];
  }
  return out;
}
