import { dateAndTime, duration, parseDate, parseDateTime, time } from 'feelin';

/**
 * Variables are plain JSON, so temporal values arrive as ISO strings. An input whose type
 * reference is temporal gets its string turned back into a FEEL temporal value, so input
 * entries such as `< date("2025-01-01")` or `> duration("P2D")` compare as intended.
 * As DMN 1.3 prescribes, a value that does not conform to the type becomes null (feelin
 * would otherwise compare a plain string with dates and sometimes call it a match).
 */
const CONVERTERS: Record<string, (text: string) => unknown> = {
  date: toDate,
  dateTime: dateAndTime,
  'date and time': dateAndTime,
  time,
  dayTimeDuration: duration,
  yearMonthDuration: duration,
  'days and time duration': duration,
  'years and months duration': duration,
};

export function typedInput(value: unknown, typeRef: string | undefined): unknown {
  const convert = typeRef === undefined ? undefined : CONVERTERS[typeRef];
  if (!convert) return value;
  if (typeof value !== 'string') return null;
  try {
    return convert(value) ?? null;
  } catch {
    return null;
  }
}

/** A date, or the (local) date of a date and time, like FEEL's `date(dateTime)`. */
function toDate(text: string): unknown {
  return parseDate(text) ?? (parseDateTime(text) ? parseDate(text.slice(0, 10)) : null);
}
