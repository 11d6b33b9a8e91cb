import { useState, type FormEvent } from 'react';
import { ApiError, publicApi, type AppealStatus } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import { StatusLine, useStatus } from '../shared/status.js';

const STATUS_TEXT = { active: 'statusActive', completed: 'statusCompleted', terminated: 'statusTerminated' } as const;

/** 跟踪问效: a citizen follows an appeal by its tracking number and the phone number given with it. */
export function FollowPage({ initialNo }: { initialNo: string }) {
  const { t, locale } = useApp();
  const [no, setNo] = useState(initialNo);
  const [phone, setPhone] = useState('');
  const [appeal, setAppeal] = useState<AppealStatus | null>(null);
  const { status, setStatus, fail } = useStatus();

  const look = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    setAppeal(null);
    try {
      setAppeal(await publicApi.follow(no.trim(), phone.trim(), locale));
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 400))
        setStatus({ kind: 'error', text: t('notFoundAppeal') });
      else fail(err);
    }
  };

  return (
    <main className="public-page">
      <h2>{t('followTitle')}</h2>
      <form className="follow" onSubmit={(e) => void look(e)}>
        <label>
          {t('trackingNo')}
          <input name="trackingNo" value={no} onChange={(e) => setNo(e.target.value)} required />
        </label>
        <label>
          {t('phone')}
          <input name="phone" value={phone} onChange={(e) => setPhone(e.target.value)} required />
        </label>
        <button type="submit">{t('lookUp')}</button>
      </form>
      <StatusLine status={status} />
      {appeal && (
        <section className="receipt" data-testid="appeal-status">
          <p>
            <strong>{t(STATUS_TEXT[appeal.status])}</strong> · {appeal.tenant.name} · {appeal.category}
          </p>
          {appeal.steps.length > 0 && <p>{t('currentSteps', { steps: appeal.steps.map((s) => s.name).join('、') })}</p>}
          <p className="muted">
            {t('submittedAt', {
              at: new Date(appeal.submittedAt).toLocaleString(locale, { timeZone: 'Asia/Shanghai' }),
            })}
          </p>
        </section>
      )}
    </main>
  );
}
