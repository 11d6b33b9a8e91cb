/**
 * The one error type of the business calendar.
 *
 * `code` and `message` are English (for logs and API clients); `messageZh` is the
 * same text in Chinese, for the people who use the designer and the work lists.
 */
export type CalendarErrorCode =
  /** A duration text or object that the calendar does not understand. */
  | 'INVALID_DURATION'
  /** A computation needed a day of a year whose holiday schedule is not loaded. */
  | 'CALENDAR_DATA_MISSING'
  /** A date (`YYYY-MM-DD`) or an ISO instant that cannot be read. */
  | 'INVALID_DATE'
  /** A date range that is reversed or too long. */
  | 'INVALID_RANGE'
  /** A `CalendarDefinition` with a bad zone, office hours, override or extra year. */
  | 'INVALID_CALENDAR_DEFINITION'
  /** A holiday notice, ICS or JSON year file that cannot be read; `details.problem` says what is wrong. */
  | 'INVALID_NOTICE';

export class CalendarError extends Error {
  override readonly name = 'CalendarError';
  readonly code: CalendarErrorCode;
  readonly messageZh: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: CalendarErrorCode, message: string, messageZh: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.messageZh = messageZh;
    this.details = details;
  }
}

/** Thrown whenever a computation reaches a year without holiday data. */
export function dataMissing(year: number, knownRange: string): CalendarError {
  return new CalendarError(
    'CALENDAR_DATA_MISSING',
    `${year} calendar data missing: the holiday schedule for ${year} is not loaded (loaded: ${knownRange}); ` +
      `add it to the calendar's extraYears once the State Council notice is published`,
    `缺少${year}年节假日数据：尚未载入${year}年的放假调休安排（已载入：${knownRange}）；` +
      `请在国务院办公厅通知发布后，将其加入日历的 extraYears`,
    { year, known: knownRange },
  );
}
