import { describe, expect, it } from 'vitest';
import { CAMUNDA_FUNCTIONS, FEELIN_FUNCTIONS, feelCallErrors } from '../../definitions/index.js';
import { evaluateFeel } from './evaluate.js';

const NOW = '2026-03-14T02:30:00Z'; // 10:30 in Shanghai, a Saturday

const value = (source: string, variables: Record<string, unknown> = {}) => {
  const r = evaluateFeel(source, variables, NOW);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

// The examples Camunda's FEEL reference gives for its extensions (docs.camunda.io, 8.x).
describe('Camunda FEEL extensions, as Camunda documents them', () => {
  it.each<[string, unknown, Record<string, unknown>?]>([
    ['is defined(1)', true],
    ['is defined(null)', false],
    ['is defined(x)', false],
    ['is defined(x.y)', false],
    ['is defined(x.y)', true, { x: { y: 0 } }],
    ['is defined(x)', true, { x: '' }],
    ['get or else("this", "default")', 'this'],
    ['get or else(null, "default")', 'default'],
    ['get or else(null, null)', null],
    ['get or else(a, "prio-99")', 'prio-99'],
    ['assert(x, x != null)', 'value', { x: 'value' }],
    ['assert(x, x >= 0)', 4, { x: 4 }],
    ['string join(["a","b","c"])', 'abc'],
    ['string join(["a","b","c"], ", ")', 'a, b, c'],
    ['string join(["a",null,"c"], ", ")', 'a, c'],
    ['string join(["a","b","c"], ", ", "[", "]")', '[a, b, c]'],
    ['extract("references are 1234, 1256, 1378", "12[0-9]*")', ['1234', '1256']],
    ['trim("  hello world  ")', 'hello world'],
    ['is blank("")', true],
    ['is blank("   ")', true],
    ['is blank("hello")', false],
    ['to base64("FEEL")', 'RkVFTA=='],
    ['duplicate values([1,2,3,2,1])', [1, 2]],
    ['is empty([])', true],
    ['is empty([1,2,3])', false],
    ['partition([1,2,3,4,5], 2)', [[1, 2], [3, 4], [5]]],
    ['partition([], 2)', []],
    ['get value({foo: 123}, "foo")', 123],
    ['get value({a: 1}, "b")', null],
    ['get value({x:1, y: {z:0}}, ["y", "z"])', 0],
    ['get value({x: {y: {z:0}}}, ["x", "y"])', { z: 0 }],
    ['get value({a: {b: 3}}, ["b"])', null],
    ['get entries({foo: 123})', [{ key: 'foo', value: 123 }]],
    ['context put({x:1}, "y", 2)', { x: 1, y: 2 }],
    ['context put({x:1, y: {z:0}}, ["y", "z"], 2)', { x: 1, y: { z: 2 } }],
    ['context put({x:1}, ["y", "z"], 2)', { x: 1, y: { z: 2 } }],
    ['context merge([{x:1}, {y:2}])', { x: 1, y: 2 }],
    ['context merge([{x:1, y: 0}, {y:2}])', { x: 1, y: 2 }],
    ['day of week(date("2019-09-17"))', 'Tuesday'],
    ['day of week(date and time("2019-09-17T12:00:00"))', 'Tuesday'],
    ['month of year(date("2019-09-17"))', 'September'],
    ['week of year(date("2019-09-17"))', 38],
    ['day of year(date("2019-09-17"))', 260],
    ['last day of month(date("2022-10-01"))', '2022-10-31'],
    ['last day of month(date("2024-02-10"))', '2024-02-29'],
    ['last day of month(date and time("2022-10-16T12:00:00"))', '2022-10-31'],
    ['abs(duration("-PT5H"))', 'PT5H'],
    ['from json("{\\"a\\": 1, \\"b\\": [true, null]}")', { a: 1, b: [true, null] }],
    ['to json({a: 1, b: [true, null], c: "x"})', '{"a":1,"b":[true,null],"c":"x"}'],
    ['to json(date("2023-01-31"))', '"2023-01-31"'],
    // Named arguments, by the names Camunda's reference gives the parameters.
    ['get value(context: {foo: 123}, key: "foo")', 123],
    ['get value(context: {x:1, y: {z:0}}, keys: ["y", "z"])', 0],
    ['context put(context: {x:1}, key: "y", value: 2)', { x: 1, y: 2 }],
    ['context put(context: {x:1, y: {z:0}}, keys: ["y", "z"], value: 2)', { x: 1, y: { z: 2 } }],
    // date and time(date, timezone): the same instant in another zone.
    [
      'date and time(@"2020-07-31T14:27:30@Europe/Berlin", "America/Los_Angeles")',
      '2020-07-31T05:27:30@America/Los_Angeles',
    ],
    [
      'date and time(date: date and time("2020-07-31T14:27:30@Europe/Berlin"), timezone: "Asia/Shanghai")',
      '2020-07-31T20:27:30@Asia/Shanghai',
    ],
    ['date and time("2020-07-31T14:27:30Z", "Z")', '2020-07-31T14:27:30Z'],
    ['date and time(@"2020-07-31T14:27:30@Europe/Berlin", "Nowhere/City")', null],
    // FEEL's own forms still work.
    ['date and time(date("2017-01-01"), time("23:59:01"))', '2017-01-01T23:59:01'],
    ['date and time("2018-04-29T09:30:00")', '2018-04-29T09:30:00'],
    ['date and time(from: "2018-04-29T09:30:00")', '2018-04-29T09:30:00'],
    // fromAi(value, description): an AI agent tool's parameter; the engine answers the value.
    ['fromAi(toolCall.q, "The search query")', 'pasta', { toolCall: { q: 'pasta' } }],
    ['fromAi(value: 3, description: "a number", type: "number")', 3],
  ])('%s', (source, expected, variables) => {
    expect(value(source, variables)).toEqual(expected);
  });

  it('fails the evaluation when an assertion does not hold, with its cause', () => {
    const r = evaluateFeel(`assert(b, b >= 0, "'b' should be positive")`, { b: -1 }, NOW);
    expect(r).toEqual({ ok: false, message: expect.stringContaining("'b' should be positive") });
    expect(evaluateFeel('assert(x, x != null)', {}, NOW).ok).toBe(false);
  });

  it('reads now() and today() from the injected clock, today in the governance centres\u2019 zone', () => {
    expect(value('now()')).toBe(NOW);
    expect(value('today()')).toBe('2026-03-14');
    expect(value('day of week(today())')).toBe('Saturday');
    expect(value('last day of month(today())')).toBe('2026-03-31');
    expect((evaluateFeel('today()', {}, '2026-03-14T17:00:00Z') as { value: unknown }).value).toBe('2026-03-15');
  });

  it('is used by real Camunda 8 files: a variable that may be missing', () => {
    const source = 'if is defined(reply) then reply else ""';
    expect(value(source, { reply: 'thanks' })).toBe('thanks');
    expect(value(source)).toBe('');
    expect(value('if (is defined(a) or is defined(b)) then b else c', { c: 3 })).toBe(3);
  });
});

// feelin compares a one-item list as its item; FEEL compares lists item by item (the telco file: `xs != []`).
describe('list comparison, as Camunda evaluates it', () => {
  it.each<[string, unknown, Record<string, unknown>?]>([
    ['xs != []', true, { xs: [{ type: 'mobile' }] }],
    ['xs != []', false, { xs: [] }],
    ['xs = []', false, { xs: [1] }],
    ['[1] = [1, 2]', false],
    ['[1, 2] = [1, 2]', true],
    ['xs = [[1]]', false, { xs: [[1], [2]] }],
    ['missing != []', true],
    ['orders.mobile != [] and orders.hardware != []', true, { orders: { mobile: [1], hardware: [2, 3] } }],
  ])('%s', (source, expected, variables) => {
    expect(value(source, variables)).toEqual(expected);
  });
});

describe('a function that does not exist', () => {
  it('fails the evaluation instead of answering null', () => {
    expect(evaluateFeel('frobnicate(1)', {}, NOW)).toEqual({
      ok: false,
      message: expect.stringContaining('no function "frobnicate" exists'),
    });
    expect(evaluateFeel('upper(name)', { name: 'a' }, NOW)).toEqual({
      ok: false,
      message: expect.stringContaining('no function "upper" exists'),
    });
    expect(evaluateFeel('x(1)', { x: 1 }, NOW).ok).toBe(false);
  });

  it('still answers null, as FEEL does, for a missing variable or a wrong argument type', () => {
    expect(value('missing')).toBeNull();
    expect(value('upper case(1)')).toBeNull();
  });
});

describe('the function catalogue the deploy check uses matches the evaluator', () => {
  it.each([...FEELIN_FUNCTIONS, ...CAMUNDA_FUNCTIONS])('%s can be called', (name) => {
    expect(feelCallErrors(`${name}()`)).toEqual([]);
    const r = evaluateFeel(`${name}()`, {}, NOW);
    if (!r.ok) expect(r.message).not.toMatch(/no function/);
  });
});
