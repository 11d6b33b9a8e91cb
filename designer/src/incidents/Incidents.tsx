import { useCallback, useEffect, useState } from 'react';
import type { IncidentDetail, IncidentRow } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { IncidentFilter } from '../app/route.js';
import { localTime } from '../cases/local-time.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { IncidentPanel } from './IncidentPanel.js';

/**
 * 故障案件: the cases of the administrator's units stopped by an incident, and what to do about each;
 * with `filter`, those stopped at one element of a process (流程监控's 故障 badge), named by `names`.
 */
export function Incidents({
  filter,
  names,
}: {
  filter?: IncidentFilter;
  names?: { step?: string; process?: string };
} = {}) {
  const api = useApi();
  const { t, locale } = useApp();
  const [rows, setRows] = useState<IncidentRow[] | null>(null);
  const [selected, setSelected] = useState<IncidentDetail | null>(null);
  const { status, setStatus, fail } = useStatus();

  // By value: a route read again gives an equal filter, not a reason to load again.
  const filterKey = JSON.stringify(filter ?? {});
  const load = useCallback(
    async () => setRows(await api.incidents(JSON.parse(filterKey) as IncidentFilter | Record<string, never>)),
    [api, filterKey],
  );
  useEffect(() => {
    load().catch(fail);
  }, [load, fail]);

  const open = async (id: string) => {
    setStatus(null);
    try {
      setSelected(await api.incident(id));
    } catch (err) {
      fail(err);
    }
  };

  const done = async (message: string) => {
    setSelected(null);
    setStatus({ kind: 'ok', text: message });
    await load().catch(fail);
  };

  return (
    <main className="incidents">
      <section aria-label={t('incidentList')}>
        <h2>{t('incidentList')}</h2>
        <StatusLine status={status} />
        {filter && (
          // The 故障案件 tab lists them all again.
          <p className="muted" data-testid="incident-filter">
            {t('incidentsAtStep', {
              process: names?.process ?? t('mapUnnamedProcess'),
              step: names?.step ?? t('mapUnnamedStep'),
            })}
          </p>
        )}
        {rows && rows.length === 0 && <p className="muted">{t('incidentNone')}</p>}
        <ul className="incident-list">
          {(rows ?? []).map((r) => (
            <li key={r.id}>
              <button type="button" className={selected?.id === r.id ? 'selected' : ''} onClick={() => void open(r.id)}>
                <strong>{r.stepName}</strong>
                <span>{r.title}</span>
                <span className="muted">
                  {r.trackingNo ?? t('incidentNoTracking')} · {localTime(r.createdAt, locale)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      {selected ? (
        <IncidentPanel detail={selected} onDone={(m) => void done(m)} fail={fail} />
      ) : (
        <p className="muted">{t('incidentPick')}</p>
      )}
    </main>
  );
}
