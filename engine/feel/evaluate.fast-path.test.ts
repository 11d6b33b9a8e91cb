import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateFeel, evaluateWithFeelin } from './evaluate.js';

const NOW = '2026-03-02T01:00:00.000Z';

// evaluateFeel answers `name`, `name = "text"`, `name != "text"`, `name = true|false` itself;
// whatever it answers must be exactly what feelin answers.
describe('FEEL fast path agrees with feelin', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['category = "劳动纠纷"', { category: '劳动纠纷' }],
    ['category = "劳动纠纷"', { category: '物业纠纷' }],
    ['category = "劳动纠纷"', { category: null }],
    ['category = "劳动纠纷"', {}],
    ['category = "劳动纠纷"', { category: 3 }],
    ['category = "劳动纠纷"', { category: ['劳动纠纷'] }],
    ['category != "劳动纠纷"', { category: '劳动纠纷' }],
    ['category != "劳动纠纷"', { category: '其他' }],
    ['category != "劳动纠纷"', { category: true }],
    ['  category="a b"  ', { category: 'a b' }],
    ['approved = true', { approved: true }],
    ['approved = true', { approved: false }],
    ['approved = false', { approved: 'false' }],
    ['approved != false', { approved: true }],
    ['approved', { approved: true }],
    ['approved', { approved: 'yes' }],
    ['approved', { approved: 12.5 }],
    ['approved', {}],
    ['approved', { approved: null }],
    ['approved', { approved: { a: 1 } }],
    ['now', { now: 'not the clock' }],
    ['today = "x"', { today: 'x' }],
    ['true', {}],
    ['null', {}],
    ['x = "a\\"b"', { x: 'a"b' }],
    ['x = "a"', { x: 'a', 'x = "a"': false }],
    ['x = y', { x: 'a', y: 'a' }],
  ];
  for (const [source, vars] of cases) {
    it(`${source} with ${JSON.stringify(vars)}`, () => {
      expect(evaluateFeel(source, vars, NOW)).toEqual(evaluateWithFeelin(source, vars, NOW));
    });
  }

  it('answers the example conditions without feelin, and correctly', () => {
    expect(evaluateFeel('category = "劳动纠纷"', { category: '劳动纠纷' }, NOW)).toEqual({ ok: true, value: true });
    expect(evaluateFeel('category = "劳动纠纷"', { category: '物业纠纷' }, NOW)).toEqual({ ok: true, value: false });
    expect(evaluateFeel('category != "劳动纠纷"', { category: '物业纠纷' }, NOW)).toEqual({ ok: true, value: true });
  });

  it('agrees on random names, operators, literals and values', () => {
    const name = fc.constantFrom('a', 'category', 'approved', 'x_1', 'now', 'not', 'missing');
    const text = fc.oneof(
      fc.constantFrom('劳动纠纷', '', ' ', 'a b', 'true', 'A'),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    );
    const value = fc.oneof(
      text,
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.array(text, { maxLength: 2 }),
    );
    const literal = fc.oneof(
      text.map((t) => JSON.stringify(t)),
      fc.constantFrom('true', 'false'),
    );
    const source = fc.oneof(
      fc.tuple(name, fc.constantFrom('=', '!=', ' = ', ' != '), literal).map(([n, op, lit]) => `${n}${op}${lit}`),
      name,
    );
    fc.assert(
      fc.property(source, fc.dictionary(name, value, { maxKeys: 3 }), (src, vars) => {
        expect(evaluateFeel(src, vars, NOW)).toEqual(evaluateWithFeelin(src, vars, NOW));
      }),
      { numRuns: 500 },
    );
  });
});
