import { describe, expect, it } from 'vitest';
import { checkPassword, displayNameKey, displayNameProblem, explainPassword } from '../index.js';

describe('password policy', () => {
  it.each([
    ['short-1', ['tooShort', 'similarToCommon']],
    ['x7$Kq!2', ['tooShort']],
    ['1234567890', ['onlyDigits', 'common']],
    ['password123', ['common']],
    ['qwertyuiop', ['common']],
    ['aaaaaaaaaaaa', ['repeated']],
    ['demo-password', ['similarToCommon']],
    ['密'.repeat(25), ['tooLong']],
  ])('refuses %s (%j)', async (password, reasons) => {
    expect(await checkPassword(password)).toEqual({ ok: false, reasons });
  });

  it('accepts long, unguessable passwords', async () => {
    for (const p of ['correct-horse-9', 'river-lantern-42', '秋天的河灯-2031'])
      expect(await checkPassword(p)).toEqual({ ok: true, reasons: [] });
  });

  it('counts the user name and display name as guessable', async () => {
    expect((await checkPassword('zhangmin2024', ['zhangmin'])).reasons).toContain('containsName');
  });

  it('explains in plain Chinese (and English), without codes', () => {
    const text = explainPassword(['tooShort', 'onlyDigits'], 'zh-CN');
    expect(text).toBe('密码太短：至少 10 个字符；只有数字：请加入字母或符号。');
    expect(explainPassword(['common'], 'zh-CN')).toContain('常见密码');
    expect(explainPassword(['tooShort'], 'en')).toBe('The password is too short: at least 10 characters.');
  });
});

describe('display names', () => {
  it('refuses direction overrides, zero-width and control characters', () => {
    expect(displayNameProblem('王芳')).toBeUndefined();
    expect(displayNameProblem('受理员 王芳 (A镇)')).toBeUndefined();
    for (const bad of ['王\u202E芳', '\u2067x', 'a\u200Bb', 'a\u200Cb', 'a\u200Db', 'a\u2060b', 'a\uFEFFb', 'a\u200Fb'])
      expect(displayNameProblem(bad), JSON.stringify(bad)).toBe('invisible');
    expect(displayNameProblem('a\u0007b')).toBe('control');
    expect(displayNameProblem('   ')).toBe('empty');
  });

  it('compares names as they read', () => {
    expect(displayNameKey('受理员\u3000王芳 ')).toBe(displayNameKey('受理员 王芳'));
    expect(displayNameKey('ＷＡＮＧ')).toBe(displayNameKey('wang'));
  });
});
