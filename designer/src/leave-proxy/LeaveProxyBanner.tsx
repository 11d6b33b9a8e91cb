import { useCallback, useEffect, useState } from 'react';
import type { LeaveProxyStatus } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { LEAVE_PROXY_CHANGED, leaveProxyChanged } from './events.js';

/** Above the inbox while the user's 离岗代理 is set (active or coming): who stands in, when, and 取消. */
export function LeaveProxyBanner() {
  const api = useApi();
  const { t } = useApp();
  const [status, setStatus] = useState<LeaveProxyStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => api.leaveProxyStatus().then(setStatus, () => setStatus(null)), [api]);
  useEffect(() => {
    void load();
    window.addEventListener(LEAVE_PROXY_CHANGED, load);
    return () => window.removeEventListener(LEAVE_PROXY_CHANGED, load);
  }, [load]);
  const current = status?.current;
  const standing = status?.standingInFor ?? [];
  if (!current) return standing.length > 0 ? <StandingInFor periods={standing} /> : null;
  const cancel = async () => {
    setBusy(true);
    try {
      await api.cancelLeaveProxy(current.id);
      leaveProxyChanged();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="calendar-banner leave-proxy-banner" role="status">
      <span>{t('leaveProxyBanner', { proxy: current.proxyName, period: current.period })}</span>
      <button type="button" className="link" onClick={cancel} disabled={busy}>
        {t('leaveProxyCancel')}
      </button>
    </div>
  );
}

/** Above the proxy's inbox: whose personal tasks come to them, and until when. */
function StandingInFor({ periods }: { periods: LeaveProxyStatus['standingInFor'] }) {
  const { t } = useApp();
  return (
    <div className="calendar-banner leave-proxy-banner" role="status">
      {periods.map((p) => (
        <span key={p.id}>{t('leaveProxyStandingIn', { user: p.userName, period: p.period })}</span>
      ))}
    </div>
  );
}
