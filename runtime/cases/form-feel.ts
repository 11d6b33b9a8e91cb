import type { FormFeel } from '../../definitions/index.js';
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
