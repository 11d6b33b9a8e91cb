import { describe, expect, it } from 'vitest';
import { feelCallErrors } from './calls.js';
import { feelExpressionError } from './syntax.js';

describe('calls to FEEL functions the evaluator does not have', () => {
  it.each([
    'is defined(assistDept)',
    'get or else(priority, "prio-99")',
    'if is defined(reply) then reply else ""',
    'string join(names, ", ", "[", "]")',
    'last day of month(today())',
    'context put(ctx, ["a", "b"], 1)',
    '{double: function(x) x * 2, r: double(3)}.r',
    '{"tri ple": function(y) y * 3}',
    'for f in fs return f(1)',
    'sort(xs, function(a, b) a < b)',
    'a.b(1)',
  ])('accepts %s', (source) => {
    expect(feelExpressionError(source)).toBeNull();
    expect(feelCallErrors(source)).toEqual([]);
  });

  it('refuses a name that is no function, naming it once', () => {
    expect(feelCallErrors('upper(a) + upper(b)')).toEqual([
      'calls upper(), which is not a FEEL function civicflow knows',
    ]);
    expect(feelCallErrors('is defined(x) and is valid(x)')).toEqual([
      'calls is valid(), which is not a FEEL function civicflow knows',
    ]);
  });

  it('refuses the functions whose answer is random, saying why', () => {
    expect(feelCallErrors('uuid()')[0]).toMatch(/random/);
    expect(feelCallErrors('random number() * 10')[0]).toMatch(/random/);
  });

  it('checks unary tests too', () => {
    expect(feelCallErrors('is defined(?)', 'unaryTests')).toEqual([]);
    expect(feelCallErrors('frob(?)', 'unaryTests')).toHaveLength(1);
  });
});
