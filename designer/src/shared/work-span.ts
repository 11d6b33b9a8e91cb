import type { T } from '../app/i18n/index.js';

/** The units of a working-time span, as the API writes them ("3 workDay"). */
export const WORK_UNITS = [
  ['workDay', 'unitWorkDay'],
  ['workHour', 'unitWorkHour'],
] as const;

export type WorkUnit = (typeof WORK_UNITS)[number][0];

/** "3 workDay" → 「3个工作日」 ("3 working days"); anything else as written. */
export function workSpanText(spec: string, t: T): string {
  const m = /^\s*(\d+)\s*(workDay|workHour)s?\s*$/.exec(spec);
  if (!m) return spec;
  return t(m[2] === 'workDay' ? 'pp_unitWorkDay' : 'pp_unitWorkHour', { n: Number(m[1]) });
}
