import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { LeaveProxy, LeaveProxyStatus, Me, Person } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { PersonPicker } from '../shared/PersonPicker.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { LEAVE_PROXY_CHANGED, leaveProxyChanged } from './events.js';
import { dayCount, dayWords } from './period-words.js';

/**
 * 离岗代理: the user (or an administrator, for a member of their units) names a colleague who gets
 * the tasks assigned to them personally for a period of days, and sees and cancels the periods set.
 */
export function LeaveProxyDialog({ me, onClose }: { me: Me; onClose(): void }) {
  const api = useApi();
  const { t, locale } = useApp();
  const administers = me.roles.some((r) => r === 'admin' || r === 'tenant-admin');
  const [forUser, setForUser] = useState<Person[]>([]);
  const [proxy, setProxy] = useState<Person[]>([]);
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [reason, setReason] = useState('');
  const [handover, setHandover] = useState(true);
  const [status, setUserStatus] = useState<LeaveProxyStatus | null>(null);
  const [periods, setPeriods] = useState<LeaveProxy[]>([]);
  const [busy, setBusy] = useState(false);
  const line = useStatus();
  const user = forUser[0]?.username;

  useEffect(() => {
    api.leaveProxyStatus(user).then((s) => {
      setUserStatus(s);
      setStartsOn((day) => day || s.today);
    }, line.fail);
  }, [api, user, line.fail]);
  const loadPeriods = useCallback(() => api.leaveProxies().then(setPeriods, line.fail), [api, line.fail]);
  useEffect(() => {
    void loadPeriods();
    window.addEventListener(LEAVE_PROXY_CHANGED, loadPeriods);
    return () => window.removeEventListener(LEAVE_PROXY_CHANGED, loadPeriods);
  }, [loadPeriods]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const set = await api.setLeaveProxy({
        ...(user ? { user } : {}),
        proxy: proxy[0]!.username,
        startsOn,
        endsOn: endsOn || null,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        handover,
      });
      const saved = t('leaveProxySaved', { proxy: set.proxyName, period: set.period });
      line.setStatus({
        kind: 'ok',
        text: set.handedOver > 0 ? saved + t('leaveProxyHandedOver', { n: set.handedOver }) : saved,
      });
      setProxy([]);
      setReason('');
      setEndsOn('');
      leaveProxyChanged();
    } catch (err) {
      line.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const cancel = async (p: LeaveProxy) => {
    try {
      await api.cancelLeaveProxy(p.id);
      line.setStatus({ kind: 'ok', text: t('leaveProxyCancelled') });
      leaveProxyChanged();
    } catch (err) {
      line.fail(err);
    }
  };
  const startsToday = !!status && startsOn === status.today;
  const today = status?.today ?? startsOn;
  const preview = !startsOn
    ? ''
    : endsOn && endsOn >= startsOn
      ? t('leaveProxyPeriod', {
          from: dayWords(startsOn, today, locale),
          to: dayWords(endsOn, today, locale),
          days: dayCount(startsOn, endsOn),
        })
      : t('leaveProxyOpenEnded', { from: dayWords(startsOn, today, locale) });

  return (
    <section className="operation-dialog leave-proxy-dialog" role="dialog" aria-label={t('leaveProxyTitle')}>
      <form onSubmit={submit}>
        <strong>{t('leaveProxyTitle')}</strong>
        <p className="muted">{t('leaveProxyIntro')}</p>
        {administers && (
          <PersonPicker label={t('leaveProxyFor')} multiple={false} value={forUser} onChange={setForUser} />
        )}
        {administers && forUser.length === 0 && (
          <span className="muted">{t('leaveProxyForMe', { name: me.displayName })}</span>
        )}
        <PersonPicker label={t('leaveProxyProxy')} multiple={false} value={proxy} onChange={setProxy} />
        <label>
          {t('leaveProxyFrom')}
          <input
            type="date"
            lang={locale}
            required
            min={status?.today}
            value={startsOn}
            onChange={(e) => setStartsOn(e.target.value)}
          />
        </label>
        <label>
          {t('leaveProxyTo')}
          <input
            type="date"
            lang={locale}
            min={startsOn || status?.today}
            value={endsOn}
            onChange={(e) => setEndsOn(e.target.value)}
          />
        </label>
        {preview && <p className="muted leave-proxy-preview">{preview}</p>}
        <label>
          {t('leaveProxyReason')}
          <textarea value={reason} maxLength={500} rows={2} onChange={(e) => setReason(e.target.value)} />
        </label>
        <label className="checkbox">
          <span>
            <input type="checkbox" checked={handover} onChange={(e) => setHandover(e.target.checked)} />{' '}
            {t(startsToday ? 'leaveProxyHandover' : 'leaveProxyHandoverLater', { n: status?.openTasks ?? 0 })}
          </span>
        </label>
        <div className="toolbar">
          <button type="submit" disabled={busy || proxy.length === 0 || !startsOn}>
            {t('leaveProxySave')}
          </button>
          <button type="button" className="link" onClick={onClose}>
            {t('leaveProxyClose')}
          </button>
        </div>
      </form>
      <StatusLine status={line.status} />
      <h4>{t('leaveProxyList')}</h4>
      {periods.length === 0 && <p className="muted">{t('leaveProxyNone')}</p>}
      <ul className="leave-proxy-list">
        {periods.map((p) => (
          <li key={p.id} data-state={p.state}>
            <span>{t('leaveProxyRow', { user: p.userName, proxy: p.proxyName, period: p.period })}</span>
            <span className="muted">{t(`leaveProxyState_${p.state}`)}</span>
            {(p.state === 'active' || p.state === 'scheduled') && (
              <button type="button" className="link" onClick={() => cancel(p)}>
                {t('leaveProxyCancel')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
