import { useCallback, useEffect, useState } from 'react';
import type { ExtensionRequest } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { Status } from '../shared/status.js';
import { localTime } from '../cases/local-time.js';
import { workSpanText } from '../shared/work-span.js';

/** 延期审批: the extension requests of the supervisor's units, approved or refused in one click. */
export function PendingExtensions({ fail, setStatus }: { fail(err: unknown): void; setStatus(s: Status): void }) {
  const api = useApi();
  const { t, locale } = useApp();
  const [requests, setRequests] = useState<ExtensionRequest[]>([]);
  const load = useCallback(() => api.pendingExtensions().then(setRequests, fail), [api, fail]);
  useEffect(() => void load(), [load]);

  const decide = async (id: string, approve: boolean) => {
    try {
      await api.decideExtension(id, approve);
      setStatus({ kind: 'ok', text: t('extensionDecided') });
      await load();
    } catch (err) {
      fail(err);
    }
  };

  if (requests.length === 0) return null;
  return (
    <section className="pending-extensions" aria-label={t('pendingExtensions')}>
      <h3>{t('pendingExtensions')}</h3>
      <ul>
        {requests.map((r) => (
          <li key={r.id} data-extension={r.taskId}>
            <span>
              {t('extensionLine', {
                user: r.requestedByName,
                by: r.extendBy
                  ? workSpanText(r.extendBy, t)
                  : r.requestedDueAt
                    ? localTime(r.requestedDueAt, locale)
                    : '',
                reason: r.reason,
              })}
            </span>
            <a className="muted" href={`#/cases/${encodeURIComponent(r.processInstanceId)}`}>
              {t('openCase')}
            </a>
            <button type="button" className="primary" onClick={() => void decide(r.id, true)}>
              {t('approve')}
            </button>
            <button type="button" onClick={() => void decide(r.id, false)}>
              {t('reject')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
