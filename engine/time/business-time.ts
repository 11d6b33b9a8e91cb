import { createBusinessCalendar, type BusinessCalendar } from '../calendar/index.js';
import type { Env } from '../env.js';

let official: BusinessCalendar | undefined;

/**
 * The due instant (UTC ISO) of a working-unit duration from `now`: through `env.calendar` (the
 * runtime's tenant calendars) or, without one, the official calendar. Throws on an invalid
 * duration or missing calendar data; the caller turns that into an incident.
 */
export function businessDue(env: Env, text: string, calendarId?: string): string {
  if (env.calendar) return new Date(env.calendar(env.now, text, calendarId)).toISOString();
  official ??= createBusinessCalendar({ id: 'official' });
  return new Date(official.addDuration(env.now, text)).toISOString();
}
