import { describe, expect, it } from 'vitest';
import { feelExpressionError, feelUnaryTestsError } from './syntax.js';

describe('FEEL syntax checks (feelin)', () => {
  it.each([
    '诉求类别 = "劳动纠纷"',
    'date and time("2026-01-01T00:00:00Z") + duration("PT48H")',
    'if amount > 1000 then "dept-rs" else "dept-zz"',
    'for d in departments return "dept-" + d',
    'some f in feedbacks satisfies f.rectified = false',
    'count(feedbacks[item.rectified = false]) > 0',
    '{department: department, rectified: rectified}',
    'applicant.age >= 18 and applicant.city = "上海"',
    'x between 1 and 3',
    'is defined(assistDept)',
  ])('accepts %s', (expr) => {
    expect(feelExpressionError(expr)).toBeNull();
  });

  it.each([
    ['category = ', 'incomplete comparison'],
    ['a and', 'incomplete conjunction'],
    ['1 +', 'incomplete arithmetic expression'],
    ['[1, 2', 'incomplete list'],
    ['f(', 'incomplete function invocation'],
    ['if x then', 'incomplete if expression'],
    ['for x in y return', 'incomplete for expression'],
    [')', 'unexpected ")" at position 1'],
    ['a +* b', 'unexpected "*" at position 4'],
    ['{a: }', 'unexpected "}" at position 5'],
    ['', 'expression is empty'],
    ['   ', 'expression is empty'],
  ])('rejects %j: %s', (expr, reason) => {
    expect(feelExpressionError(expr)).toBe(reason);
  });

  it('checks DMN input entries as unary tests', () => {
    for (const ok of ['"a","b"', '< 3', '[1..5]', '-', 'not("a")', '> 3, < 1'])
      expect(feelUnaryTestsError(ok)).toBeNull();
    expect(feelUnaryTestsError('< ')).toBe('incomplete simple positive unary test');
    expect(feelUnaryTestsError('"a",')).toBe('incomplete positive unary tests');
  });
});
