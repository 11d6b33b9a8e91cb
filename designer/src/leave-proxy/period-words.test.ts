import { describe, expect, it } from 'vitest';
import { dayCount, dayWords } from './period-words.js';

describe('a leave period in words', () => {
  it('writes days as people do, with the year only when it is not this one', () => {
    expect(dayWords('2026-12-08', '2026-12-07', 'zh-CN')).toBe('12月8日');
    expect(dayWords('2027-01-05', '2026-12-07', 'zh-CN')).toBe('2027年1月5日');
    expect(dayWords('2026-12-08', '2026-12-07', 'en')).toBe('8 Dec');
  });
  it('counts the days of a period with both ends', () => {
    expect(dayCount('2026-12-08', '2026-12-12')).toBe(5);
    expect(dayCount('2026-12-31', '2027-01-01')).toBe(2);
  });
});
