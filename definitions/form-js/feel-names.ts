import { parseExpression } from 'feelin';
import type { FormDefinition } from '../model/index.js';
import { COMPUTED_LIMITS_KEY, hideRulesOf, type ComputedLimitRule } from './hide-rules.js';

/** Where the task form carries the variables its FEEL rules read (those the step may see), for the browser to evaluate them. */
export const FEEL_CONTEXT_KEY = 'ui:feelContext';

/**
 * The variable names a Camunda form's hide rules and computed limits read (`a` for `a.b > 1`), so
 * the server can hand the browser just those. Over-approximate (a `for` variable counts too), never under.
 */
export function feelNames(form: Pick<FormDefinition, 'uiSchema'> | undefined): string[] {
  const limits = form?.uiSchema?.[COMPUTED_LIMITS_KEY];
  const sources = [
    ...hideRulesOf(form).flatMap((r) => r.when),
    ...(Array.isArray(limits) ? (limits as ComputedLimitRule[]).map((l) => l.feel) : []),
  ];
  const names = new Set<string>();
  for (const source of new Set(sources)) {
    try {
      parseExpression(source, {}, undefined).iterate({
        enter(node) {
          if (node.type.name === 'VariableName') names.add(source.slice(node.from, node.to).trim());
          return undefined;
        },
      });
    } catch {
      // A rule that no longer parses reads nothing.
    }
  }
  return [...names];
}
