import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localYear, parseInstant } from './instants.js';

const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Asia/Kathmandu'];

function luxonInstant(text: string, zone: string): number | 'invalid' {
  const dt = DateTime.fromISO(text, { zone });
  return dt.isValid ? dt.toMillis() : 'invalid';
}

function parsed(text: string, zone: string): number | 'invalid' {
  try {
    return parseInstant(text, zone);
  } catch {
    return 'invalid';
  }
}

describe('parseInstant', () => {
  it('reads a date-time with an offset as luxon does, in every zone', () => {
    const texts: string[] = [];
    for (let i = 0; i < 400; i += 1) {
      const ms = Date.UTC(2020, 0, 1) + Math.floor(((i * 7919) % 4000) * 86_400_000 * 0.61803) + i * 3_601_007;
      for (const zone of ['Asia/Shanghai', 'UTC', 'America/New_York', 'Asia/Kathmandu']) {
        const dt = DateTime.fromMillis(ms, { zone });
        texts.push(dt.toISO()!, dt.toISO({ suppressMilliseconds: true })!, dt.toUTC().toISO()!);
      }
    }
    for (const text of texts) for (const zone of ZONES) expect(parsed(text, zone), text).toBe(luxonInstant(text, zone));
  });

  it('refuses what luxon refuses and agrees on the edges of a day', () => {
    const edges = [
      '2026-02-30T10:00:00+08:00',
      '2026-02-29T10:00:00Z',
      '2028-02-29T10:00:00Z',
      '2026-04-31T00:00:00+08:00',
      '2026-13-01T10:00:00Z',
      '2026-00-10T10:00:00Z',
      '2026-02-12T23:60:00Z',
      '2026-02-12T24:00:00Z',
      '2026-02-12T25:00:00Z',
      '2026-02-12T10:00:00+0800',
      '2026-02-12T10:00+08:00',
      '2026-02-12T10:00:00.123456789+08:00',
      '2026-12-31T23:59:59.999+08:00',
    ];
    for (const text of edges) for (const zone of ZONES) expect(parsed(text, zone), text).toBe(luxonInstant(text, zone));
  });

  it('still reads a text without offset in the calendar’s zone', () => {
    expect(parseInstant('2026-02-12T10:00:00', 'Asia/Shanghai')).toBe(Date.parse('2026-02-12T10:00:00+08:00'));
    expect(parseInstant('2026-02-12', 'Asia/Shanghai')).toBe(Date.parse('2026-02-12T00:00:00+08:00'));
  });
});

describe('localYear', () => {
  it('is the year luxon gives, hour by hour around New Year in every zone', () => {
    for (const year of [2026, 2027])
      for (let h = -36; h <= 36; h += 1) {
        const ms = Date.UTC(year, 0, 1) + h * 3_600_000 + 17 * 60_000;
        for (const zone of ZONES) expect(localYear(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).year);
      }
  });
});
