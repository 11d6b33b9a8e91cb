import { useEffect, useMemo, useState } from 'react';
import type { FigureQuery, FigureReport } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { saveBlob } from './download.js';
import { FigureTable } from './FigureTable.js';
import { periodFilters, plusDays, rowFilters } from './periods.js';
import { useServerToday } from './server-today.js';
import { TrendChart } from './TrendChart.js';

const DIMENSIONS = ['level', 'tenant', 'category', 'channel', 'department', 'day', 'week', 'month'] as const;
type By = (typeof DIMENSIONS)[number];
type Trend = 'day' | 'week' | 'month';
const TRENDS: Array<[Trend, MessageKey]> = [
  ['day', 'trendByDay'],
  ['week', 'trendByWeek'],
  ['month', 'trendByMonth'],
];

/**
 * 统计表: the figures of a period (whole days, Beijing time) grouped by a dimension, each count
 * that has cases behind it opening the case search filtered the same way; the trend of received
 * and closed appeals; the table as Excel or CSV.
 */
export function Figures() {
  const api = useApi();
  const { t } = useApp();
  const { status, fail } = useStatus();
  const [by, setBy] = useState<By>('department');
  const [period, setPeriod] = useState<'last30' | 'month' | 'custom'>('last30');
  const today = useServerToday(fail);
  const [picked, setCustom] = useState<{ from: string; to: string } | null>(null);
  const custom = picked ?? (today ? { from: plusDays(today, -29), to: today } : { from: '', to: '' });
  const [trendBy, setTrendBy] = useState<Trend>('day');
  const [report, setReport] = useState<FigureReport | null>(null);
  const [trend, setTrend] = useState<FigureReport | null>(null);

  const range = useMemo(() => {
    if (!today) return null;
    if (period === 'month') return { from: `${today.slice(0, 7)}-01`, to: today };
    if (period === 'custom') return picked ?? { from: plusDays(today, -29), to: today };
    return { from: plusDays(today, -29), to: today };
  }, [period, picked, today]);
  const query: FigureQuery | null = useMemo(() => range && { by, ...range }, [by, range]);

  useEffect(() => {
    if (!query || !range || range.from > range.to) return;
    api.figures(query).then(setReport, fail);
  }, [api, fail, query, range]);
  useEffect(() => {
    if (!range || range.from > range.to) return;
    api.figures({ ...range, by: trendBy }).then(setTrend, fail);
  }, [api, fail, range, trendBy]);

  const lines = useMemo(
    () =>
      trend && {
        periods: trend.rows.map((r) => r.name),
        series: [
          { name: t('seriesReceived'), values: trend.rows.map((r) => r.received), color: '#1f6feb' },
          { name: t('seriesClosed'), values: trend.rows.map((r) => r.closed), color: '#12b76a' },
        ],
      },
    [trend, t],
  );
  const save = (format: 'xlsx' | 'csv') =>
    query &&
    api
      .figuresFile(query, format)
      .then((blob) => saveBlob(blob, `${t('viewFigures')}-${query.from}-${query.to}.${format}`), fail);

  return (
    <section className="figures-view">
      <StatusLine status={status} />
      <div className="figure-controls">
        <label>
          {t('figuresBy')}
          <select value={by} onChange={(e) => setBy(e.target.value as By)}>
            {DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {t(`by_${d}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('figuresPeriod')}
          <select value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
            <option value="last30">{t('figuresLast30')}</option>
            <option value="month">{t('figuresThisMonth')}</option>
            <option value="custom">{t('figuresCustom')}</option>
          </select>
        </label>
        {period === 'custom' && (
          <>
            <label>
              {t('figuresFrom')}
              <input
                type="date"
                value={custom.from}
                onChange={(e) => e.target.value && setCustom({ ...custom, from: e.target.value })}
              />
            </label>
            <label>
              {t('figuresTo')}
              <input
                type="date"
                value={custom.to}
                onChange={(e) => e.target.value && setCustom({ ...custom, to: e.target.value })}
              />
            </label>
          </>
        )}
        <button type="button" onClick={() => void save('xlsx')}>
          {t('exportXlsx')}
        </button>
        <button type="button" onClick={() => void save('csv')}>
          {t('exportCsv')}
        </button>
      </div>
      <section className="trend">
        <h3>
          {t('trendTitle')}{' '}
          {TRENDS.map(([id, label]) => (
            <button
              key={id}
              type="button"
              className={id === trendBy ? 'link active' : 'link'}
              aria-pressed={id === trendBy}
              onClick={() => setTrendBy(id)}
            >
              {t(label)}
            </button>
          ))}
        </h3>
        {lines && <TrendChart label={t('trendTitle')} {...lines} />}
      </section>
      {report &&
        (report.rows.length === 0 ? (
          <p className="muted">{t('figuresEmpty')}</p>
        ) : (
          <FigureTable
            heading={t(`by_${report.by}` as MessageKey)}
            rows={report.rows}
            total={report.total}
            drill={(row) => {
              const filters = rowFilters(report, row);
              return filters && { filters, ...(report.by === 'tenant' ? { unitName: row.name } : {}) };
            }}
            totalDrill={{ filters: periodFilters(report) }}
          />
        ))}
    </section>
  );
}
