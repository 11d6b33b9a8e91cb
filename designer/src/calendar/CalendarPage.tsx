import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CalendarDay, CalendarDays, Me, Tenant } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { CALENDAR_CHANGED } from './CalendarBanner.js';
import { LoadYear } from './LoadYear.js';
import { monthRange } from './month.js';
import { MonthGrid } from './MonthGrid.js';

type EditKind = 'workday' | 'holiday' | 'inherit';

/** The tenant's business calendar by month (放假, 调休上班, provisional days, local changes); edit a day; load a year. */
export function CalendarPage({ me }: { me: Me }) {
  const api = useApi();
  const { t } = useApp();
  const [start, setStart] = useState(() => new Date().toISOString().slice(0, 10));
  const [tenants, setTenants] = useState<Tenant[]>([]);
  const [tenant, setTenant] = useState(me.tenant);
  const [year, setYear] = useState(Number(start.slice(0, 4)));
  const [month, setMonth] = useState(Number(start.slice(5, 7)));
  const [data, setData] = useState<CalendarDays | null>(null);
  const [editing, setEditing] = useState<CalendarDay | null>(null);
  const [kind, setKind] = useState<EditKind>('holiday');
  const [name, setName] = useState('');
  const { status, setStatus, fail } = useStatus();

  const load = useCallback(async () => {
    const { from, to } = monthRange(year, month);
    setData(await api.calendarDays(tenant, from, to));
  }, [api, tenant, year, month]);

  useEffect(() => {
    api.tenants().then(setTenants, fail);
    // Open on the server's today (its clock may be set for a demo or a test).
    api.nextCalendarYear(me.tenant).then((s) => {
      setStart(s.today);
      setYear(Number(s.today.slice(0, 4)));
      setMonth(Number(s.today.slice(5, 7)));
    }, fail);
  }, [api, me.tenant, fail]);
  useEffect(() => {
    load().catch(fail);
  }, [load, fail]);

  const move = (delta: number) => {
    const m = month + delta;
    setEditing(null);
    setYear(year + Math.floor((m - 1) / 12));
    setMonth(((m - 1 + 120) % 12) + 1);
  };

  const pick = (day: CalendarDay) => {
    setEditing(day);
    setKind(day.kind === 'holiday' ? 'workday' : 'holiday');
    setName(day.name ?? '');
  };

  const saveDay = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    setStatus(null);
    try {
      const r = await api.setCalendarDays(tenant, [
        { date: editing.date, kind, ...(kind !== 'inherit' && name.trim() ? { name: name.trim() } : {}) },
      ]);
      setStatus({ kind: 'ok', text: t('daySaved', { date: editing.date, tasks: r.recounted.tasks }) });
      setEditing(null);
      await load();
    } catch (err) {
      fail(err);
    }
  };

  const loaded = async () => {
    window.dispatchEvent(new Event(CALENDAR_CHANGED));
    await load();
  };

  return (
    <main className="calendar-page">
      <div className="calendar-toolbar">
        <label>
          {t('calendarUnit')}
          <select value={tenant} onChange={(e) => setTenant(e.target.value)}>
            {(tenants.length ? tenants : [{ id: me.tenant, name: me.tenant, parentId: null }]).map((tn) => (
              <option key={tn.id} value={tn.id}>
                {tn.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => move(-1)}>
          {t('prevMonth')}
        </button>
        <strong>{t('monthTitle', { year, month })}</strong>
        <button type="button" onClick={() => move(1)}>
          {t('nextMonth')}
        </button>
        {data && data.missingYears.length > 0 && (
          <span className="provisional-note">{t('provisionalMonth', { years: data.missingYears.join('、') })}</span>
        )}
      </div>
      <StatusLine status={status} />
      <div className="calendar-body">
        <section className="calendar-month">
          {data && (
            <MonthGrid
              year={year}
              month={month}
              days={data.days}
              {...(editing ? { selected: editing.date } : {})}
              onPick={pick}
            />
          )}
          <p className="legend muted">
            <span className="day holiday">{t('kindHoliday')}</span>{' '}
            <span className="day makeupWorkday">{t('kindMakeup')}</span>{' '}
            <span className="day provisional">{t('provisionalDay')}</span>{' '}
            <span className="day override">{t('overrideLegend')}</span>
          </p>
          {editing && (
            <form
              className="edit-day"
              aria-label={t('editDay', { date: editing.date })}
              onSubmit={(e) => void saveDay(e)}
            >
              <h3>{t('editDay', { date: editing.date })}</h3>
              <label>
                {t('dayKind')}
                <select value={kind} onChange={(e) => setKind(e.target.value as EditKind)}>
                  <option value="holiday">{t('kindHoliday')}</option>
                  <option value="workday">{t('kindWorkdayEdit')}</option>
                  <option value="inherit">{t('kindInherit')}</option>
                </select>
              </label>
              {kind !== 'inherit' && (
                <label>
                  {t('dayName')}
                  <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
                </label>
              )}
              <div className="row">
                <button type="submit" className="primary">
                  {t('saveDay')}
                </button>
                <button type="button" onClick={() => setEditing(null)}>
                  {t('calendarCancel')}
                </button>
              </div>
            </form>
          )}
        </section>
        <LoadYear tenant={tenant} key={start} defaultYear={Number(start.slice(0, 4)) + 1} onLoaded={loaded} />
      </div>
    </main>
  );
}
