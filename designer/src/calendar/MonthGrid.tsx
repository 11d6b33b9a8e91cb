import type { CalendarDay } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import type { T } from '../app/i18n/index.js';

/** One month, Monday first: each day with its kind (放假, 调休上班, 周末), its name, and whether it is provisional or a local change. */
export function MonthGrid({
  year,
  month,
  days,
  selected,
  onPick,
}: {
  year: number;
  month: number;
  days: CalendarDay[];
  selected?: string;
  onPick?(day: CalendarDay): void;
}) {
  const { t } = useApp();
  const weekdays = t('weekdayNames').split(',');
  const lead = days.length > 0 ? days[0]!.weekday - 1 : 0;
  const title = t('monthTitle', { year, month });
  return (
    <table className="month-grid" aria-label={title} data-month={`${year}-${String(month).padStart(2, '0')}`}>
      <caption>{title}</caption>
      <thead>
        <tr>
          {weekdays.map((w) => (
            <th key={w} scope="col">
              {w}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks(lead, days).map((week) => (
          <tr key={week.find((day) => day)?.date}>
            {week.map((day, weekday) =>
              day ? (
                <DayCell key={day.date} day={day} t={t} selected={selected === day.date} onPick={onPick} />
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: a blank cell has no date; its weekday is its identity
                <td key={`blank-${weekday}`} className="blank" />
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function weeks(lead: number, days: CalendarDay[]): Array<Array<CalendarDay | null>> {
  const cells: Array<CalendarDay | null> = [...Array<null>(lead).fill(null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  const out: Array<Array<CalendarDay | null>> = [];
  for (let i = 0; i < cells.length; i += 7) out.push(cells.slice(i, i + 7));
  return out;
}

const KIND_LABEL = {
  holiday: 'kindHoliday',
  makeupWorkday: 'kindMakeup',
  weekend: 'kindWeekend',
  workday: 'kindWorkday',
  unknown: 'provisionalDay',
} as const;

function DayCell({
  day,
  t,
  selected,
  onPick,
}: {
  day: CalendarDay;
  t: T;
  selected: boolean;
  onPick?: ((day: CalendarDay) => void) | undefined;
}) {
  const notes = [
    t(KIND_LABEL[day.kind]),
    day.name,
    day.provisional ? t('provisionalDay') : undefined,
    day.source === 'override' ? t('overrideDay', { tenant: day.setBy ?? '' }) : undefined,
  ].filter(Boolean);
  const className = [
    'day',
    day.kind,
    day.provisional ? 'provisional' : '',
    day.source === 'override' ? 'override' : '',
    selected ? 'selected' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const content = (
    <>
      <span className="num">{Number(day.date.slice(8))}</span>
      {day.kind === 'holiday' && <span className="badge">{t('badgeHoliday')}</span>}
      {day.kind === 'makeupWorkday' && <span className="badge">{t('badgeMakeup')}</span>}
      {day.name && <span className="day-name">{day.name}</span>}
      {day.provisional && <span className="badge provisional-mark">{t('badgeProvisional')}</span>}
    </>
  );
  return (
    <td className={className} data-date={day.date} data-kind={day.kind} title={notes.join(' · ')}>
      {onPick ? (
        <button
          type="button"
          className="cell"
          aria-label={`${day.date} ${notes.join(' · ')}`}
          onClick={() => onPick(day)}
        >
          {content}
        </button>
      ) : (
        <div className="cell">{content}</div>
      )}
    </td>
  );
}
