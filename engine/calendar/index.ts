/**
 * civicflow business calendar: Chinese working days (with 调休), statutory calendar-day
 * periods (民法典 Art. 201/203), office hours and round-the-clock SLAs. Pure: official data
 * is bundled through an ES import of the pinned package (chinese-days 1.5.7); no clock, no I/O.
 * See README.md for the rules and the choice of data package.
 */
export { createBusinessCalendar } from './calendar.js';
export type { BusinessCalendar } from './calendar.js';
export type { CalendarDefinition, DayOverride, YearSchedule } from './definition.js';
export { DEFAULT_OFFICE_HOURS, DEFAULT_ZONE } from './definition.js';
export type { DayInfo, DayKind } from './day-table.js';
export { formatWorkDuration, parseChineseNumber, parseWorkDuration } from './duration.js';
export type { DurationUnit, WorkDuration } from './duration.js';
export { CalendarError } from './errors.js';
export type { CalendarErrorCode } from './errors.js';
export { OFFICIAL_DATA_SOURCE } from './official-data.js';
export { qingmingDay, statutoryHolidays } from './statutory.js';
export type { StatutoryDay } from './statutory.js';
export { parseHolidayNotice } from './notice.js';
export type { NoticeFestival, NoticeProblem, ParsedNotice } from './notice.js';
export { detectFormat, parseYearFile } from './year-file.js';
export type { ParsedYear, YearFileFormat } from './year-file.js';
