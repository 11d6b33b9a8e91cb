import { useEffect, useState } from 'react';
import type { NextYearStatus } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';

/** Sent on `window` when a calendar was saved, so that the banner asks again. */
export const CALENDAR_CHANGED = 'civicflow:calendar-changed';

/** For administrators, from 1 November while next year's holiday schedule is not loaded (the server's clock decides). */
export function CalendarBanner({ tenant, onOpen }: { tenant: string; onOpen(): void }) {
  const api = useApi();
  const { t } = useApp();
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
