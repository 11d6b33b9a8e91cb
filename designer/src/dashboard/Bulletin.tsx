import { Fragment, type ReactNode, useEffect, useState } from 'react';
import type { Bulletin as Report } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { MessageKey, T } from '../app/i18n/index.js';
import { caseSearchHash } from '../app/route.js';
import { localTime } from '../cases/local-time.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { BulletinOrders } from './BulletinOrders.js';
import { saveBlob } from './download.js';
import { BULLETIN_DEPARTMENT_KEYS, BULLETIN_KEYS, FigureTable, percent } from './FigureTable.js';
import { lastDayOf } from './periods.js';
import { useServerToday } from './server-today.js';
import './bulletin.css';

const LEVELS: MessageKey[] = ['levelCity', 'levelTownship', 'levelVillage'];
const STATUS: Record<string, MessageKey> = {
  active: 'statusActiveShort',
  completed: 'statusCompletedShort',
  terminated: 'statusTerminatedShort',
};

/**
 * 月度通报: for a month and a unit (with everything below it), the figures the centre reports,
 * in plain words and tables, printable on A4 and saved as an Excel workbook. Its numbers are the
 * dashboard's for the month (the same figures, each case once).
 */
export function Bulletin() {
  const api = useApi();
  const { t, locale } = useApp();
  const { status, fail } = useStatus();
  const today = useServerToday(fail);
  const [picked, setMonth] = useState<string | null>(null);
  const month = picked ?? today?.slice(0, 7) ?? null;
  const [unit, setUnit] = useState('');
  const [units, setUnits] = useState<Array<{ id: string; name: string }>>([]);
  const [report, setReport] = useState<Report | null>(null);

  useEffect(() => {
    api.tenants().then((all) => setUnits(all.map((u) => ({ id: u.id, name: u.name }))), fail);
  }, [api, fail]);
  useEffect(() => {
    if (!month) return;
    setReport(null);
    api.bulletin({ month, ...(unit ? { tenant: unit } : {}) }).then(setReport, fail);
  }, [api, fail, month, unit]);

  const monthName = (m: string) => t('bulletinMonthName', { year: m.slice(0, 4), month: Number(m.slice(5)) });
  // A figure opens the cases behind it: the month's, of the unit and everything below it.
  const period = (filters: Record<string, string>) => ({
    filters: {
      ...filters,
      under: report?.unit.id ?? '',
      from: `${report?.month}-01`,
      to: lastDayOf(report?.month ?? ''),
    },
    unitName: report?.unit.name,
  });
  /** A count of appeals opening them (the month's, of the unit and below, as `filters` narrow them). */
  const counted = (n: number, filters: Record<string, string>, what: string) =>
    n === 0 ? (
      n
    ) : (
      <a
        href={caseSearchHash({ ...period(filters).filters, ...filters }, report?.unit.name)}
        aria-label={t('drillDown', { what })}
      >
        {n}
      </a>
    );
  const received = (n: number, filters: Record<string, string>, what: string) =>
    counted(n, { ...filters, figure: 'received' }, `${what} ${t('fig_received')}`);
  const save = () =>
    report &&
    month &&
    api
      .bulletinFile({ month, ...(unit ? { tenant: unit } : {}) })
      .then((b) => saveBlob(b, `${report.title}.xlsx`), fail);

  return (
    <section className="bulletin-view">
      <StatusLine status={status} />
      <div className="figure-controls no-print">
        {month && (
          <>
            {/* 年/月 as two lists in the app's words (a month input reads "December 2026" on an English browser). */}
            <label>
              {t('bulletinYear')}
              <select value={month.slice(0, 4)} onChange={(e) => setMonth(`${e.target.value}-${month.slice(5)}`)}>
                {yearsUpTo(Number((today ?? month).slice(0, 4)), Number(month.slice(0, 4))).map((y) => (
                  <option key={y} value={y}>
                    {t('bulletinYearName', { year: y })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('bulletinMonth')}
              <select value={month.slice(5)} onChange={(e) => setMonth(`${month.slice(0, 4)}-${e.target.value}`)}>
                {MONTHS.map((m) => (
                  <option key={m} value={m}>
                    {t('bulletinMonthOnly', { month: monthWord(Number(m), locale) })}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <label>
          {t('bulletinUnit')}
          <select value={unit || report?.unit.id || ''} onChange={(e) => setUnit(e.target.value)}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => window.print()}>
          {t('bulletinPrint')}
        </button>
        <button type="button" onClick={() => void save()}>
          {t('exportXlsx')}
        </button>
      </div>
      {report && (
        <article className="bulletin">
          <h2>{report.title}</h2>
          <p className="bulletin-summary">{summary(report, t, monthName(report.month), counted)}</p>
          <h3>{t('bulletinByLevel')}</h3>
          <FigureTable
            heading={t('by_level')}
            rows={report.byLevel}
            total={report.total}
            keys={BULLETIN_KEYS}
            drill={(row) => period({ level: row.key })}
            totalDrill={period({})}
          />
          <h3>{t('bulletinByChannel')}</h3>
          <table className="figure-table channel-levels">
            <thead>
              <tr>
                <th>{t('by_channel')}</th>
                {LEVELS.map((l) => (
                  <th key={l}>{t(l)}</th>
                ))}
                <th>{t('totalRow')}</th>
              </tr>
            </thead>
            <tbody>
              {report.channelByLevel.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row">{r.name}</th>
                  {r.levels.map((n, i) => (
                    <td key={LEVELS[i]} data-level={i}>
                      {received(n, { channel: r.key || '-', level: String(i) }, `${r.name} ${t(LEVELS[i]!)}`)}
                    </td>
                  ))}
                  <td data-level="total">
                    {received(r.total, { channel: r.key || '-' }, `${r.name} ${t('totalRow')}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <FigureTable
            heading={t('by_channel')}
            rows={report.byChannel}
            total={report.total}
            keys={BULLETIN_KEYS}
            drill={(row) => period({ channel: row.key || '-' })}
            totalDrill={period({})}
          />
          <h3>{t('bulletinByCategory')}</h3>
          <FigureTable
            heading={t('by_category')}
            rows={report.byCategory}
            total={report.total}
            keys={BULLETIN_KEYS}
            drill={(row) => (row.key ? period({ category: row.key }) : undefined)}
            totalDrill={period({})}
          />
          <h3>{t('bulletinByDepartment')}</h3>
          <FigureTable
            heading={t('by_department')}
            rows={report.byDepartment}
            total={report.total}
            keys={BULLETIN_DEPARTMENT_KEYS}
            drill={(row) => (row.key ? period({ department: row.key }) : undefined)}
            totalDrill={period({})}
          />
          <h3>{t('bulletinDepartmentRanking')}</h3>
          <FigureTable
            heading={t('by_department')}
            rows={report.departmentRanking}
            keys={BULLETIN_DEPARTMENT_KEYS}
            rank
            drill={(row) => period({ department: row.key })}
          />
          {report.unitRanking.length > 1 && (
            <>
              <h3>{t('bulletinUnitRanking')}</h3>
              <FigureTable
                heading={t('by_tenant')}
                rows={report.unitRanking}
                keys={BULLETIN_KEYS}
                rank
                drill={(row) => {
                  // 本级: the unit's own cases; a unit below: it and everything under it.
                  const own = row.key === report.unit.id;
                  const { filters } = period({});
                  return {
                    filters: own ? { ...filters, tenant: row.key } : { ...filters, under: row.key },
                    unitName: own ? report.unit.name : row.name,
                  };
                }}
              />
            </>
          )}
          <h3>{t('bulletinOverdue')}</h3>
          {report.overdueCases.length === 0 ? (
            <p>{t('bulletinNoOverdue')}</p>
          ) : (
            <table className="figure-table overdue-cases">
              <thead>
                <tr>
                  <th>{t('bulletinTrackingNo')}</th>
                  <th>{t('by_tenant')}</th>
                  <th>{t('by_category')}</th>
                  <th>{t('by_department')}</th>
                  <th>{t('bulletinStatus')}</th>
                  <th>{t('bulletinSupervised')}</th>
                </tr>
              </thead>
              <tbody>
                {report.overdueCases.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <a href={`#/cases/${encodeURIComponent(c.id)}`}>{c.trackingNo ?? t('bulletinNoTrackingNo')}</a>
                    </td>
                    <td>{c.unit}</td>
                    <td>{c.category}</td>
                    <td>{c.department}</td>
                    <td>{t(STATUS[c.status] ?? 'statusActiveShort')}</td>
                    <td>{c.supervised ? t('bulletinYes') : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <BulletinOrders overdue={report.overdueOrders} />
          <p className="muted bulletin-note">{t('bulletinGenerated', { time: localTime(report.now, locale) })}</p>
        </article>
      )}
    </section>
  );
}

const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
/** The years a 通报 may be asked for: the five up to this one (and the one shown, if older). */
function yearsUpTo(current: number, shown: number): string[] {
  const first = Math.min(current - 4, shown);
  return Array.from({ length: current - first + 1 }, (_, i) => String(current - i));
}
const monthWord = (m: number, locale: string) =>
  locale === 'en' ? new Date(Date.UTC(2000, m - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' }) : m;

/** The figures of the summary sentence that count appeals, and the search filters of each. */
const SUMMARY_DRILLS: Record<string, Record<string, string>> = {
  received: { figure: 'received' },
  city: { figure: 'received', level: '0' },
  township: { figure: 'received', level: '1' },
  village: { figure: 'received', level: '2' },
  onSpot: { figure: 'answeredOnSpot' },
  referred: { figure: 'referred' },
  notAccepted: { figure: 'notAccepted' },
  closed: { figure: 'closed' },
  onTime: { figure: 'closedOnTime' },
  followedUp: { figure: 'followedUp' },
  satisfied: { figure: 'satisfied' },
  overdue: { figure: 'overdue' },
  supervised: { figure: 'supervised' },
  inProgress: { figure: 'inProgress' },
};
const MARK = '\u0000';

/** The month in plain words, each count of appeals in it opening those appeals (`link`: a count's link, or its text). */
function summary(
  b: Report,
  t: T,
  month: string,
  link: (n: number, filters: Record<string, string>, what: string) => ReactNode,
): ReactNode {
  const f = b.total;
  if (f.received === 0) return t('bulletinNone', { month, unit: b.unit.name });
  const level = (key: string) => b.byLevel.find((r) => r.key === key)?.received ?? 0;
  const counts: Record<string, number> = {
    received: f.received,
    city: level('0'),
    township: level('1'),
    village: level('2'),
    onSpot: f.answeredOnSpot,
    referred: f.referred,
    notAccepted: f.notAccepted,
    closed: f.closed,
    onTime: f.closedOnTime,
    followedUp: f.followedUp,
    satisfied: f.satisfied,
    overdue: f.overdue,
    supervised: f.supervised,
    inProgress: f.inProgress,
  };
  // Each count goes into the sentence as a mark, then the marks become links (the words stay the locale's).
  const text = t('bulletinSummary', {
    month,
    unit: b.unit.name,
    onTimeRate: percent(f.onTimeRate),
    satisfactionRate: percent(f.satisfactionRate),
    ...Object.fromEntries(Object.keys(counts).map((k) => [k, `${MARK}${k}${MARK}`])),
  });
  return text
    .split(MARK)
    .map((part, i) =>
      i % 2 === 0 ? (
        part
      ) : (
        <Fragment key={part}>{link(counts[part]!, SUMMARY_DRILLS[part]!, t(SUMMARY_WHAT[part]!))}</Fragment>
      ),
    );
}

/** What each count of the summary is called, for its link's label. */
const SUMMARY_WHAT: Record<string, MessageKey> = {
  received: 'fig_received',
  city: 'levelCity',
  township: 'levelTownship',
  village: 'levelVillage',
  onSpot: 'fig_answeredOnSpot',
  referred: 'fig_referred',
  notAccepted: 'fig_notAccepted',
  closed: 'fig_closed',
  onTime: 'fig_closedOnTime',
  followedUp: 'fig_followedUp',
  satisfied: 'fig_satisfied',
  overdue: 'fig_overdue',
  supervised: 'fig_supervised',
  inProgress: 'fig_inProgress',
};
