import { withResolvedOptions, type FormDefinition, type FormFeel } from '../../definitions/index.js';
import { evaluateFeel } from '../../engine/index.js';

/** The FEEL a Camunda form's hide rules and computed limits run on: the engine's, over the case's variables, at `now`. */
export function formFeel(variables: Record<string, unknown>, now: string): FormFeel {
  return {
    evaluate: (feel, context) => {
      const r = evaluateFeel(feel, context, now);
      return r.ok ? r.value : undefined;
    },
    context: variables,
  };
}

/** The form with its variable- and FEEL-sourced options (`valuesKey`, `valuesExpression`) read from the case's variables. */
export function formWithOptions<F extends FormDefinition | undefined>(
  form: F,
  variables: Record<string, unknown>,
  now: string,
): F {
  if (!form) return form;
  return withResolvedOptions(form, variables, formFeel(variables, now).evaluate) as F;
}
