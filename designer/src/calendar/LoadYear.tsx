import { useState, type FormEvent } from 'react';
import { ApiError, type LoadedYear } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { scheduleMonth } from './month.js';
import { MonthGrid } from './MonthGrid.js';

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** Paste the State Council notice (or an ICS/JSON file), see it parsed as a calendar, then confirm to save it. */
export function LoadYear({
  tenant,
  defaultYear,
  onLoaded,
}: {
  tenant: string;
  defaultYear: number;
  onLoaded(): Promise<void>;
}) {
  const api = useApi();
  const { t } = useApp();
  const [year, setYear] = useState(defaultYear);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<LoadedYear | null>(null);
  const [busy, setBusy] = useState(false);
  const { status, setStatus, fail } = useStatus();

  const refuse = (err: unknown) => {
    if (err instanceof ApiError && err.status === 400)
      setStatus({ kind: 'error', text: t('noticeInvalid', { message: err.message }) });
    else fail(err);
  };

  const parse = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    setPreview(null);
    setBusy(true);
    try {
      const parsed = await api.loadCalendarYear(tenant, year, text, true);
      setPreview(parsed);
      setStatus({
        kind: 'ok',
        text: t('parsedYear', {
          year,
          holidays: Object.keys(parsed.holidays).length,
          makeups: Object.keys(parsed.makeupWorkdays).length,
        }),
      });
    } catch (err) {
      refuse(err);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    setBusy(true);
    try {
      const saved = await api.loadCalendarYear(tenant, year, text, false);
      setPreview(null);
      setText('');
      setStatus({ kind: 'ok', text: t('yearLoaded', { year, tasks: saved.recounted?.tasks ?? 0 }) });
      await onLoaded();
    } catch (err) {
      refuse(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="load-year" aria-label={t('loadYear')}>
      <h2>{t('loadYear')}</h2>
      <form onSubmit={(e) => void parse(e)}>
        <label>
          {t('yearField')}
          <input
            type="number"
            min={2004}
            max={2099}
            value={year}
            onChange={(e) => {
              setYear(Number(e.target.value));
              setPreview(null);
            }}
          />
        </label>
        <label>
          {t('noticeText')}
          <textarea
            rows={8}
            value={text}
            placeholder={t('loadYearHint', { year })}
            onChange={(e) => {
              setText(e.target.value);
              setPreview(null);
            }}
            required
          />
        </label>
        <button type="submit" disabled={busy || text.trim() === ''}>
          {t('previewYear')}
        </button>
      </form>
      <StatusLine status={status} />
      {preview && (
        <div className="year-preview">
          {preview.festivals && (
            <ul className="festivals">
              {preview.festivals.map((f) => (
                <li key={f.title}>
                  {t('festivalLine', {
                    title: f.title,
                    from: f.from.slice(5),
                    to: f.to.slice(5),
                    days: f.days,
                    makeups: f.makeupWorkdays.map((d) => d.slice(5)).join('、') || t('noMakeupDays'),
                  })}
                </li>
              ))}
            </ul>
          )}
          <div className="year-grid">
            {MONTHS.map((m) => (
              <MonthGrid key={m} year={year} month={m} days={scheduleMonth(preview, year, m)} />
            ))}
          </div>
          <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
            {t('confirmYear', { year })}
          </button>
        </div>
      )}
    </section>
  );
}
