// dmn-js's own English where it states a format pattern (yyyy-MM-dd, PnYnM): said with an example instead.
export const DMN_EN: Record<string, string> = {
  'Date must match pattern yyyy-MM-dd': 'Enter a date, e.g. 2026-12-31',
  'Date and time must match pattern yyyy-MM-ddTHH:mm:ss[time zone]':
    'Enter a date and time, e.g. 2026-12-31T17:30:00 for 31 December 2026 at 17:30 (the letter T between date and time)',
  'Time must match pattern hh:mm:ss[time zone]': 'Enter a time, e.g. 17:30:00',
  'Must match PnYnM': 'Enter a duration, e.g. P1Y2M for 1 year 2 months, P6M for 6 months',
  'Must match PnDTnH': 'Enter a duration, e.g. P3D for 3 days, PT4H for 4 hours, P3DT4H for 3 days 4 hours',
};
