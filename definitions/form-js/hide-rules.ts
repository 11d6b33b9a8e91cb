import type { FormDefinition } from '../model/index.js';

/** Where a compiled Camunda form keeps its `conditional.hide` rules: a root uiSchema key rjsf passes over. */
export const HIDE_RULES_KEY = 'ui:hideWhen';

/**
 * A field (or group, or list) hidden while any of `when` (FEEL) is true. `path` is the data path;
 * `*` stands for each item of a dynamic list, whose fields see the item's values over the form's.
 */
export interface HideRule {
  path: string[];
  when: string[];
}

/** Evaluates one FEEL expression over a context; anything but `true` leaves the field shown. */
export type FeelEvaluator = (feel: string, context: Record<string, unknown>) => unknown;

export function hideRulesOf(form: Pick<FormDefinition, 'uiSchema'> | undefined): HideRule[] {
  const rules = form?.uiSchema?.[HIDE_RULES_KEY];
  return Array.isArray(rules) ? (rules as HideRule[]) : [];
}

/**
 * The JSON pointers (`/a/b`, `/list/0/x`) of the fields hidden for `data`: form-js neither shows
 * nor submits them, so nothing under them is required or checked. The same function runs in the
 * browser and on the server, each with its FEEL evaluator; `context` holds the process variables
 * the form was opened with (the form's own values take precedence).
 */
export function hiddenPointers(
  form: Pick<FormDefinition, 'uiSchema'> | undefined,
  data: Record<string, unknown>,
  evaluate: FeelEvaluator,
  context: Record<string, unknown> = {},
): string[] {
  const hidden: string[] = [];
  const results = new Map<string, boolean>();
  const isTrue = (feel: string, scope: Record<string, unknown>, memo: string) => {
    const key = `${memo}\u0000${feel}`;
    let r = results.get(key);
    if (r === undefined) {
      try {
        r = evaluate(feel, scope) === true;
      } catch {
        r = false;
      }
      results.set(key, r);
    }
    return r;
  };
  const base = { ...context, ...data };
  for (const rule of hideRulesOf(form)) {
    for (const { pointer, scope, memo } of expand(rule.path, data, base)) {
      if (rule.when.some((feel) => isTrue(feel, scope, memo))) hidden.push(pointer);
    }
  }
  return hidden;
}

/** Where a compiled Camunda form keeps its computed `min`/`max`/`minLength`/`maxLength` (FEEL) rules. */
export const COMPUTED_LIMITS_KEY = 'ui:computedLimits';

/** A limit on the value at `path` computed by FEEL over the form's data and the process variables. */
export interface ComputedLimitRule {
  path: string[];
  keyword: 'minimum' | 'maximum' | 'minLength' | 'maxLength';
  feel: string;
}

/** A value outside its computed limit. */
export interface LimitViolation {
  pointer: string;
  keyword: ComputedLimitRule['keyword'];
  limit: number;
}

/** The values of `data` outside their computed limits (a limit that does not evaluate to a number is not applied). */
export function computedLimitViolations(
  form: Pick<FormDefinition, 'uiSchema'> | undefined,
  data: Record<string, unknown>,
  evaluate: FeelEvaluator,
  context: Record<string, unknown> = {},
): LimitViolation[] {
  const rules = form?.uiSchema?.[COMPUTED_LIMITS_KEY];
  if (!Array.isArray(rules)) return [];
  const out: LimitViolation[] = [];
  for (const rule of rules as ComputedLimitRule[]) {
    for (const { pointer, value, scope } of expand(rule.path, data, { ...context, ...data })) {
      if (value === undefined || value === null || value === '') continue;
      let limit: unknown;
      try {
        limit = evaluate(rule.feel, scope);
      } catch {
        continue;
      }
      if (typeof limit !== 'number' || !Number.isFinite(limit)) continue;
      const measured =
        rule.keyword === 'minimum' || rule.keyword === 'maximum'
          ? value
          : typeof value === 'string'
            ? [...value].length
            : undefined;
      if (typeof measured !== 'number') continue;
      const bad = rule.keyword === 'minimum' || rule.keyword === 'minLength' ? measured < limit : measured > limit;
      if (bad) out.push({ pointer, keyword: rule.keyword, limit });
    }
  }
  return out;
}

/** Each concrete place a rule's path stands for, with the FEEL scope there (a list item's values over the form's). */
function expand(
  path: string[],
  data: unknown,
  base: Record<string, unknown>,
): Array<{ pointer: string; value: unknown; scope: Record<string, unknown>; memo: string }> {
  let places = [{ pointer: '', value: data as unknown, scope: base, memo: '' }];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    places = places.flatMap((p) => {
      if (segment !== '*') {
        const value =
          p.value !== null && typeof p.value === 'object' ? (p.value as Record<string, unknown>)[segment] : undefined;
        return [{ ...p, pointer: `${p.pointer}/${escapePointer(segment)}`, value }];
      }
      if (!Array.isArray(p.value)) return [];
      return p.value.map((item, n) => ({
        pointer: `${p.pointer}/${n}`,
        value: item as unknown,
        scope:
          item !== null && typeof item === 'object' && !Array.isArray(item)
            ? { ...p.scope, ...(item as Record<string, unknown>) }
            : p.scope,
        memo: `${p.memo}/${n}`,
      }));
    });
    if (last) break;
  }
  return places;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** True when `pointer` is a hidden field or lies inside one. */
export function isUnderHidden(pointer: string, hidden: readonly string[]): boolean {
  return hidden.some((h) => pointer === h || pointer.startsWith(`${h}/`));
}
