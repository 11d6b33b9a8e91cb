import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionTable } from '../../definitions/index.js';
import { evaluateFeel, evaluateUnaryTests } from '../feel/evaluate.js';
import { matchEntry } from './entry-matcher.js';
import { prepareEntry } from './entry-parse.js';
import { evaluateDecision } from './index.js';
import { prepare } from './prepare.js';
import { runPlan } from './value-plan.js';

const NOW = '2026-09-28T09:00:00+08:00';

/** An input entry over integers, with a naïve reference matcher. */
type Entry = { text: string; test: (x: number) => boolean };
const int = fc.integer({ min: -20, max: 20 });
const entry: fc.Arbitrary<Entry> = fc.oneof(
  fc.constant({ text: '-', test: () => true }),
  int.map((k) => ({ text: `< ${k}`, test: (x: number) => x < k })),
  int.map((k) => ({ text: `>= ${k}`, test: (x: number) => x >= k })),
  int.map((k) => ({ text: String(k), test: (x: number) => x === k })),
  fc.tuple(int, int).map(([a, b]) => ({ text: `${a}, ${b}`, test: (x: number) => x === a || x === b })),
  fc.tuple(int, int).map(([a, b]) => ({
    text: `[${Math.min(a, b)}..${Math.max(a, b)}]`,
    test: (x: number) => x >= Math.min(a, b) && x <= Math.max(a, b),
  })),
  fc.tuple(int, int).map(([a, b]) => ({
    text: `]${Math.min(a, b)}..${Math.max(a, b)}[`,
    test: (x: number) => x > Math.min(a, b) && x < Math.max(a, b),
  })),
  int.map((k) => ({ text: `not(${k})`, test: (x: number) => x !== k })),
);

const scenario = fc.integer({ min: 1, max: 3 }).chain((inputs) =>
  fc.record({
    rules: fc.array(fc.array(entry, { minLength: inputs, maxLength: inputs }), { maxLength: 8 }),
    values: fc.array(int, { minLength: inputs, maxLength: inputs }),
  }),
);

function tableOf(
  rules: Entry[][],
  inputs: number,
  hitPolicy: DecisionTable['hitPolicy'],
  aggregation?: 'COUNT',
): DecisionTable {
  const t: DecisionTable = {
    id: 'random',
    hitPolicy,
    inputs: Array.from({ length: inputs }, (_, i) => ({ id: `in${i}`, expression: `v${i}` })),
    outputs: [{ id: 'out', name: 'rule' }],
    rules: rules.map((entries, r) => ({
      id: `r${r + 1}`,
      inputEntries: entries.map((e) => e.text),
      outputEntries: [String(r + 1)],
    })),
  };
  if (aggregation) t.aggregation = aggregation;
  return t;
}

const variablesOf = (values: number[]) => Object.fromEntries(values.map((v, i) => [`v${i}`, v]));
const naiveMatches = (rules: Entry[][], values: number[]) =>
  rules.flatMap((entries, r) => (entries.every((e, i) => e.test(values[i]!)) ? [r + 1] : []));

describe('evaluateDecision against a naïve reference', () => {
  it('FIRST returns the first matching rule', () => {
    fc.assert(
      fc.property(scenario, ({ rules, values }) => {
        const r = evaluateDecision(tableOf(rules, values.length, 'FIRST'), variablesOf(values), NOW);
        const first = naiveMatches(rules, values)[0];
        if (first === undefined) expect(r).toMatchObject({ ok: false, code: 'DMN_NO_MATCH' });
        else expect(r).toEqual({ ok: true, result: first, matchedRules: [`r${first}`], matchedRuleNumbers: [first] });
      }),
      { numRuns: 200 },
    );
  });

  it('COLLECT COUNT equals the number of matching rules', () => {
    fc.assert(
      fc.property(scenario, ({ rules, values }) => {
        const r = evaluateDecision(tableOf(rules, values.length, 'COLLECT', 'COUNT'), variablesOf(values), NOW);
        const matches = naiveMatches(rules, values);
        expect(r).toMatchObject({ ok: true, result: matches.length, matchedRuleNumbers: matches });
      }),
      { numRuns: 200 },
    );
  });

  it('the input entry shortcuts agree with FEEL unary tests', () => {
    const literal = fc.oneof(
      fc
        .string({ maxLength: 4 })
        .filter((s) => !/["\\]/.test(s))
        .map((s) => `"${s}"`),
      fc.integer({ min: -999, max: 999 }).map(String),
      fc.double({ min: -100, max: 100, noNaN: true }).map((d) => d.toFixed(2)),
      fc.constantFrom('true', 'false'),
    );
    const input = fc.oneof(
      fc.boolean(),
      fc.string({ maxLength: 4 }),
      fc.integer({ min: -999, max: 999 }),
      fc.double({ min: -100, max: 100, noNaN: true }).map((d) => Number(d.toFixed(2))),
      fc.constant(null),
    );
    const number = fc.oneof(
      fc.integer({ min: -999, max: 999 }).map(String),
      fc.double({ min: -100, max: 100, noNaN: true }).map((d) => d.toFixed(2)),
    );
    const threshold = fc.oneof(
      fc.tuple(fc.constantFrom('<', '<=', '>', '>='), number).map(([op, n]) => `${op} ${n}`),
      fc
        .tuple(fc.constantFrom('[', ']'), number, number, fc.constantFrom('[', ']'))
        .map(([a, lo, hi, b]) => `${a}${lo}..${hi}${b}`),
    );
    const entry = fc.oneof(
      fc
        .tuple(fc.array(literal, { minLength: 1, maxLength: 3 }), fc.boolean())
        .map(([l, negated]) => (negated ? `not(${l.join(', ')})` : l.join(', '))),
      threshold,
    );
    fc.assert(
      fc.property(entry, input, (source, value) => {
        const fast = matchEntry(prepareEntry(source), value, {}, NOW);
        const feel = evaluateUnaryTests(source, value, {}, NOW);
        expect(fast).toEqual({ ok: true, value: feel.ok && feel.value === true });
      }),
      { numRuns: 300 },
    );
  });

  it('plain names and plain literal outputs agree with FEEL', () => {
    const name = fc.constantFrom(
      'category',
      'urgent',
      'amount',
      'date',
      'sum',
      'count',
      'string',
      'now',
      'today',
      'x_1',
      '__proto__',
      'constructor',
    );
    const json = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.dictionary(fc.constantFrom('a', 'b'), fc.integer()),
    );
    const literalOutput = fc.oneof(
      fc
        .string({ maxLength: 4 })
        .filter((s) => !/["\\]/.test(s))
        .map((s) => `"${s}"`),
      fc.integer({ min: -999, max: 999 }).map(String),
      fc.constantFrom('true', 'false', 'null', '0.50', '-1.25'),
    );
    fc.assert(
      fc.property(name, fc.dictionary(name, json), literalOutput, (input, variables, output) => {
        const table: DecisionTable = {
          id: 't',
          hitPolicy: 'FIRST',
          inputs: [{ id: 'in', expression: input }],
          outputs: [{ id: 'out', name: 'y' }],
          rules: [{ id: 'r', inputEntries: ['-'], outputEntries: [output] }],
        };
        const prepared = prepare(table);
        expect(runPlan(prepared.inputs[0]!, variables, NOW)).toEqual(evaluateFeel(input, variables, NOW));
        expect(runPlan(prepared.outputs[0]![0]!, variables, NOW)).toEqual(evaluateFeel(output, variables, NOW));
      }),
      { numRuns: 300 },
    );
  });
});
