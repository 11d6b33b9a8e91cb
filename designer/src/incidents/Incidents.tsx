import { useCallback, useEffect, useState } from 'react';
import type { IncidentDetail, IncidentRow } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { localTime } from '../cases/local-time.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { IncidentPanel } from './IncidentPanel.js';

/** 故障案件: the cases of the administrator's units stopped by an incident, and what to do about each. */
export function Incidents() {
  const api = useApi();
  const { t, locale } = useApp();
  const [rows, setRows] = useState<IncidentRow[] | null>(null);
  const [selected, setSelected] = useState<IncidentDetail | null>(null);
  const { status, setStatus, fail } = useStatus();

  const load = useCallback(async () => setRows(await api.incidents()), [api]);
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
