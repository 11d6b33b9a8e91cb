import { useEffect, useState } from 'react';
import { useApi } from '../app/AppContext.js';
import { dayOf } from './periods.js';

/**
 * Today (Beijing time) by the server's business clock, which a demo or a test may have moved:
 * periods are counted in the server's days, so the figures and the cases behind them agree.
 */
export function useServerToday(fail: (e: unknown) => void): string | null {
  const api = useApi();
  const [today, setToday] = useState<string | null>(null);
  useEffect(() => {
    api
      .figures({ by: 'level', days: '1' })
      .then((r) => setToday(dayOf(new Date(Date.parse(r.to) - 1).toISOString())), fail);
  }, [api, fail]);
  return today;
}
