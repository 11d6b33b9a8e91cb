import { describe, expect, it } from 'vitest';
import { evaluateFeel } from './evaluate.js';

const NOW = '2026-03-02T01:00:00.000Z';
const feel = (source: string, variables: Record<string, unknown> = {}) => evaluateFeel(source, variables, NOW);

describe('FEEL regular expressions run on RE2', () => {
  it('matches: a pattern that backtracks catastrophically answers at once on 5,000 characters', () => {
    const text = `${'a'.repeat(5000)}!`;
    expect(feel('matches(text, "^(a+)+$")', { text })).toEqual({ ok: true, value: false });
    expect(feel('matches(text, "^(a+)+!$")', { text })).toEqual({ ok: true, value: true });
  });

  it('replace and split on the same input finish too', () => {
    const text = `${'a'.repeat(5000)}!`;
    expect(feel('replace(text, "^(a+)+$", "x")', { text })).toEqual({ ok: true, value: text });
    expect(feel('count(split(text, "(a+)+b"))', { text })).toEqual({ ok: true, value: 1 });
  });

  it('keeps FEEL semantics: flags, $0 and groups in replacements, null for a wrong argument or an invalid pattern', () => {
    expect(feel('matches("Foo", "^foo$", "i")')).toEqual({ ok: true, value: true });
    expect(feel('replace("2026-03-02", "(\\d+)-(\\d+)-(\\d+)", "$3/$2/$1")')).toEqual({
      ok: true,
      value: '02/03/2026',
    });
    expect(feel('replace("abc", "b", "[$0]")')).toEqual({ ok: true, value: 'a[b]c' });
    expect(feel('replace(input: "abc", pattern: "B", replacement: "x", flags: "i")')).toEqual({
      ok: true,
      value: 'axc',
    });
    expect(feel('split("张三，李四，王五", "，")')).toEqual({ ok: true, value: ['张三', '李四', '王五'] });
    expect(feel('matches(1, "a")')).toEqual({ ok: true, value: null });
    expect(feel('matches("a", "[")')).toEqual({ ok: true, value: null });
  });

  it('a pattern computed at run time that RE2 cannot run fails the evaluation', () => {
    const r = feel('matches(text, pattern)', { text: 'aa', pattern: '(a)\\1' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('backreference');
  });
});
