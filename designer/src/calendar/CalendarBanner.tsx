import { useEffect, useState } from 'react';
import type { Api, NextYearStatus } from '../api.js';
import type { T } from '../App.js';

/** Sent on `window` when a calendar was saved, so that the banner asks again. */
export const CALENDAR_CHANGED = 'civicflow:calendar-changed';

/** For administrators, from 1 November while next year's holiday schedule is not loaded (the server's clock decides). */
export function CalendarBanner({ api, tenant, t, onOpen }: { api: Api; tenant: string; t: T; onOpen(): void }) {
  const [status, setStatus] = useState<NextYearStatus | null>(null);
  useEffect(() => {
    const load = () => api.nextCalendarYear(tenant).then(setStatus, () => setStatus(null));
    void load();
    window.addEventListener(CALENDAR_CHANGED, load);
    return () => window.removeEventListener(CALENDAR_CHANGED, load);
  }, [api, tenant]);
  if (!status?.warn) return null;
  return (
    <div className="calendar-banner" role="alert">
      <span>{t('bannerNextYear', { year: status.nextYear })}</span>
      <button type="button" className="link" onClick={onOpen}>
        {t('bannerAction')}
      </button>
    </div>
  );
}
