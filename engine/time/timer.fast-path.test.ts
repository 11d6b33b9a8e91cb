import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { resolveTimer } from './timer.js';

/** What resolveTimer computed for every duration before the millisecond fast path. */
function luxonDue(now: string, text: string): string | null {
  const d = Duration.fromISO(text);
  if (!d.isValid) return 'invalid';
  return DateTime.fromISO(now, { setZone: true }).plus(d).toUTC().toISO();
}

function due(now: string, text: string): string | null {
  const r = resolveTimer('duration', text, now);
  return r.ok ? r.timer.dueAt : 'invalid';
}

describe('duration timers: the fixed-length fast path agrees with luxon', () => {
  const cases: Array<[string, string]> = [
    ['2026-03-02T01:00:00.000Z', 'PT72H'],
    ['2026-03-02T09:00:00+08:00', 'PT72H'],
    ['2026-03-28T23:30:00-05:30', 'P1W2DT3H4M5S'],
    ['2026-02-28T12:00Z', 'P1D'],
    ['2024-02-28T12:00:00.5+01:00', 'P2D'],
    ['2026-02-31T01:00:00Z', 'PT1H'],
    ['2026-03-29T01:30:00', 'P1D'],
    ['2026-03-02T01:00:00.000Z', 'P1M'],
    ['2026-03-02T01:00:00.000Z', 'PT1.5H'],
    ['2026-03-02T01:00:00.000Z', 'P1DT'],
    ['2026-03-02T01:00:00.000Z', 'PT'],
    ['2026-03-02T01:00:00.000Z', 'P'],
    ['2026-03-02T01:00:00.000Z', '-PT1H'],
    ['9999-12-31T00:00:00Z', 'P2D'],
    ['2026-03-02T24:00:00Z', 'PT1H'],
  ];
  for (const [now, text] of cases) {
    it(`${now} + ${text}`, () => {
      expect(due(now, text)).toEqual(luxonDue(now, text));
    });
  }

  it('puts the appeal loop urge timer 72 hours after now', () => {
    expect(resolveTimer('duration', 'PT72H', '2026-03-02T01:00:00.000Z')).toEqual({
      ok: true,
      timer: { dueAt: '2026-03-05T01:00:00.000Z' },
    });
  });

  it('agrees on random instants, offsets and durations', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    const now = fc
      .record({
        y: fc.integer({ min: 1000, max: 9999 }),
        mo: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 31 }),
        h: fc.integer({ min: 0, max: 23 }),
        mi: fc.integer({ min: 0, max: 59 }),
        s: fc.option(fc.integer({ min: 0, max: 59 })),
        frac: fc.option(fc.stringMatching(/^\d{1,3}$/)),
        zone: fc.oneof(
          fc.constant('Z'),
          fc.constant(''),
          fc
            .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45))
            .map(([sign, h, m]) => `${sign}${two(h)}:${two(m)}`),
        ),
      })
      .map(
        ({ y, mo, d, h, mi, s, frac, zone }) =>
          `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}${s === null ? '' : `:${two(s)}${frac === null ? '' : `.${frac}`}`}${zone}`,
      );
    const part = (unit: string) => fc.option(fc.integer({ min: 0, max: 2000 }).map((n) => `${n}${unit}`));
    const duration = fc
      .tuple(part('W'), part('D'), part('H'), part('M'), part('S'))
      .map(([w, d, h, m, s]) => `P${w ?? ''}${d ?? ''}${h || m || s ? `T${h ?? ''}${m ?? ''}${s ?? ''}` : ''}`);
    fc.assert(
      fc.property(now, duration, (n, text) => {
        expect(due(n, text)).toEqual(luxonDue(n, text));
      }),
      { numRuns: 2000 },
    );
  });
});
