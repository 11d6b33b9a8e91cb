import { date, dateAndTime, evaluate, unaryTest } from 'feelin';
import { DateTime } from 'luxon';
import { InvalidPatternError, linearMatches, linearReplace, linearSplit } from '../../definitions/index.js';
import { EvaluationBudget, EvaluationLimitError } from './budget.js';
import { CAMUNDA_FEEL_FUNCTIONS } from './camunda-functions.js';
import { guardFunctions, guardSource, type Guarded } from './guard.js';

/** Day arithmetic (`today()`) happens in the governance centres' zone, whatever the server's. */
const BUSINESS_ZONE = 'Asia/Shanghai';

/** `limit` marks a failure because the evaluation exceeded its budget (an `EVALUATION_LIMIT` incident). */
export type FeelResult = { ok: true; value: unknown } | { ok: false; message: string; limit?: true };

let currentBudget: EvaluationBudget | undefined;

/**
 * Runs `work` with every evaluation inside it counted against `budget` (one command's budget).
 * Evaluations outside any budget get a fresh default budget each.
 */
export function withEvaluationBudget<T>(budget: EvaluationBudget, work: () => T): T {
  const outer = currentBudget;
  currentBudget = budget;
  try {
    return work();
  } finally {
    currentBudget = outer;
  }
}

/**
 * Evaluates FEEL purely: `now()` and `today()` read the injected clock instead of the
 * system clock, and temporal results become ISO strings so variables stay plain JSON.
 */
export function evaluateFeel(source: string, variables: Record<string, unknown>, now: string): FeelResult {
  const simple = simpleForm(source);
  if (simple) {
    const value = simple(variables);
    if (value !== undefined) return { ok: true, value };
  }
  return evaluateWithFeelin(source, variables, now);
}

/** The general path: feelin parses, builds and evaluates the expression. */
export function evaluateWithFeelin(source: string, variables: Record<string, unknown>, now: string): FeelResult {
  try {
    const guarded = guardSource(source, 'expression', variables);
    const { value, warnings } = evaluate(guarded.source, evaluationContext(variables, now, guarded));
    const missing = missingFunction(warnings);
    if (missing) return { ok: false, message: `FEEL expression "${source}" failed: ${missing}` };
    return { ok: true, value: toJson(value) };
  } catch (err) {
    return failure(`FEEL expression "${source}" failed`, err);
  }
}

/**
 * Why an expression evaluated to null: FEEL answers null instead of failing when something
 * went wrong (no such variable or function, a type mismatch). Empty when nothing did.
 */
export function feelWarnings(source: string, variables: Record<string, unknown>, now: string): string[] {
  try {
    const guarded = guardSource(source, 'expression', variables);
    return evaluate(guarded.source, evaluationContext(variables, now, guarded)).warnings.map(
      (w) => `[${w.type}] ${w.message}`,
    );
  } catch {
    return [];
  }
}

/** Evaluates DMN unary tests (`< 10`, `"a","b"`, `[1..5]`, `-`) against `input`. */
export function evaluateUnaryTests(
  source: string,
  input: unknown,
  variables: Record<string, unknown>,
  now: string,
): FeelResult {
  try {
    const guarded = guardSource(source, 'unaryTests', variables);
    const { value, warnings } = unaryTest(guarded.source, {
      ...evaluationContext(variables, now, guarded),
      '?': input,
    });
    const missing = missingFunction(warnings);
    if (missing) return { ok: false, message: `FEEL unary test "${source}" failed: ${missing}` };
    return { ok: true, value };
  } catch (err) {
    return failure(`FEEL unary test "${source}" failed`, err);
  }
}

// ── fast path for the conditions a modeler draws most ──────────────────────
//
// feelin parses and builds every expression on every call (tens of µs, most of a gateway's
// cost). `name`, `name = "text"`, `name != "text"`, `name = true|false` are recognised once
// per source and answered directly when the variable is present with a value of the
// literal's type (string or boolean; a bare name: string, boolean or finite number), where
// FEEL's answer is plain JavaScript equality. Everything else (other types, a missing
// variable, escapes, any other syntax) goes to feelin unchanged.

type SimpleForm = (variables: Record<string, unknown>) => unknown;

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const COMPARISON = new RegExp(
  `^[ \\t\\r\\n]*(${NAME})[ \\t\\r\\n]*(=|!=)[ \\t\\r\\n]*(?:"([^"\\\\]*)"|(true|false))[ \\t\\r\\n]*$`,
);
const BARE_NAME = new RegExp(`^[ \\t\\r\\n]*(${NAME})[ \\t\\r\\n]*$`);
/** Names FEEL reads as keywords or literals, and the clock functions `withClock` supplies. */
const NOT_A_VARIABLE = new Set([
  'true',
  'false',
  'null',
  'not',
  'and',
  'or',
  'if',
  'then',
  'else',
  'for',
  'in',
  'return',
  'some',
  'every',
  'satisfies',
  'between',
  'instance',
  'of',
  'function',
  'external',
  'now',
  'today',
]);
const SIMPLE_CACHE_LIMIT = 10_000;
const simpleCache = new Map<string, SimpleForm | null>();

function simpleForm(source: string): SimpleForm | null {
  let form = simpleCache.get(source);
  if (form === undefined) {
    form = recognise(source);
    if (simpleCache.size >= SIMPLE_CACHE_LIMIT) simpleCache.clear();
    simpleCache.set(source, form);
  }
  return form;
}

function recognise(source: string): SimpleForm | null {
  const bare = BARE_NAME.exec(source);
  if (bare) {
    const name = bare[1]!;
    if (NOT_A_VARIABLE.has(name)) return null;
    return (vars) => {
      if (!Object.hasOwn(vars, name)) return undefined;
      const v = vars[name];
      return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
        ? v
        : undefined;
    };
  }
  const cmp = COMPARISON.exec(source);
  if (!cmp) return null;
  const name = cmp[1]!;
  if (NOT_A_VARIABLE.has(name)) return null;
  const negate = cmp[2] === '!=';
  const literal: string | boolean = cmp[3] !== undefined ? cmp[3] : cmp[4] === 'true';
  return (vars) => {
    if (!Object.hasOwn(vars, name)) return undefined;
    const v = vars[name];
    if (typeof v !== typeof literal) return undefined;
    return (v === literal) !== negate;
  };
}

type Warnings = ReturnType<typeof evaluate>['warnings'];

/**
 * FEEL answers null for a call to a function that does not exist; Camunda's engine fails the
 * evaluation instead of letting a null flow on into the process, and so does this one.
 */
function missingFunction(warnings: Warnings): string | null {
  const failed = warnings.find((w) => w.type === 'NO_FUNCTION_FOUND');
  if (!failed) return null;
  const callee = warnings.find((w) => w.type === 'NO_VARIABLE_FOUND' && w.position.from === failed.position.from);
  const name = callee && /^Variable '(.*)' not found$/.exec(callee.message)?.[1];
  return name ? `no function "${name}" exists` : `${failed.message}: it is not a function`;
}

function failure(what: string, err: unknown): FeelResult {
  const message = `${what}: ${(err as Error).message}`;
  return err instanceof EvaluationLimitError ? { ok: false, message, limit: true } : { ok: false, message };
}

/**
 * The variables plus what the engine supplies in place of feelin's own: the injected clock,
 * regular expressions on a linear-time engine, and the counting functions of `guardSource`.
 */
function evaluationContext(variables: Record<string, unknown>, now: string, guarded: Guarded): Record<string, unknown> {
  const context: Record<string, unknown> = {
    ...variables,
    ...CAMUNDA_FEEL_FUNCTIONS,
    now: () => dateAndTime(now),
    today: () => date(DateTime.fromISO(now, { setZone: true }).setZone(BUSINESS_ZONE).toISODate()!),
  };
  if (guarded.patterns) Object.assign(context, REGEX_FUNCTIONS);
  if (guarded.counted) Object.assign(context, guardFunctions(currentBudget ?? new EvaluationBudget()));
  return context;
}

/**
 * FEEL's regular-expression functions, as feelin defines them (null for arguments of the wrong
 * type or an invalid pattern), but on RE2. A pattern RE2 cannot run fails the evaluation.
 */
const REGEX_FUNCTIONS = {
  matches: feelFunction(['input', 'pattern', 'flags'], (input, pattern, flags) =>
    typeof input === 'string' && typeof pattern === 'string' && isFlags(flags)
      ? linearMatches(input, pattern, flags ?? '')
      : null,
  ),
  replace: feelFunction(['input', 'pattern', 'replacement', 'flags'], (input, pattern, replacement, flags) =>
    typeof input === 'string' && typeof pattern === 'string' && typeof replacement === 'string' && isFlags(flags)
      ? linearReplace(input, pattern, replacement, flags ?? '')
      : null,
  ),
  split: feelFunction(['string', 'delimiter'], (input, delimiter) =>
    typeof input === 'string' && typeof delimiter === 'string' ? linearSplit(input, delimiter) : null,
  ),
};

function feelFunction(args: string[], body: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
  const fn = (...a: unknown[]) => {
    try {
      return body(...a);
    } catch (err) {
      if (err instanceof InvalidPatternError) return null;
      throw err;
    }
  };
  return Object.assign(fn, { $args: args });
}

function isFlags(flags: unknown): flags is string | undefined | null {
  return flags === undefined || flags === null || typeof flags === 'string';
}

/** Converts feelin results (temporal wrappers, ranges, functions) into JSON values. */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object') return typeof value === 'function' ? null : value;
  if (Array.isArray(value)) return value.map(toJson);
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return withToJson.toJSON();
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = toJson(v);
  return out;
}
