import type { SupervisionInbox, SupervisionOrder } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import { localTime } from '../cases/local-time.js';

const STATUS: Record<SupervisionOrder['status'], MessageKey> = {
  open: 'sv_status_open',
  answered: 'sv_status_answered',
  closed: 'sv_status_closed',
};
const SECTIONS: Array<[keyof SupervisionInbox, MessageKey]> = [
  ['toAnswer', 'sv_toAnswer'],
  ['toDecide', 'sv_toDecide'],
  ['issued', 'sv_issuedList'],
  ['open', 'sv_openList'],
];

/** The inbox's 督办 tab: orders to answer (整改反馈), to review, those the viewer issued and (supervisors) all not yet closed; each opens its case. */
export function SupervisionList({ inbox }: { inbox: SupervisionInbox | null }) {
  const { t, locale } = useApp();
  if (!inbox) return <p className="muted">…</p>;
  if (SECTIONS.every(([key]) => inbox[key].length === 0)) return <p className="muted">{t('sv_empty')}</p>;
  const row = (o: SupervisionOrder) => (
    <li key={o.id}>
      <a href={`#/cases/${encodeURIComponent(o.processInstanceId)}`} className={o.overdue ? 'overdue' : ''}>
        <strong>{o.reason}</strong>
        <span className="muted">
          {o.caseTitle ?? ''}
          {o.ownerName ? ` · ${t('sv_owner', { name: o.ownerName })}` : ''} · {t(STATUS[o.status])}
          {o.dueAt ? ` · ${t('sv_due', { due: localTime(o.dueAt, locale) })}` : ''}
          {o.overdue ? ` · ${t('sv_overdue')}` : ''}
        </span>
      </a>
    </li>
  );
  return (
    <div className="supervision-list">
      {SECTIONS.filter(([key]) => inbox[key].length > 0).map(([key, label]) => (
        <section key={key} aria-label={t(label)}>
          <h4>{t(label)}</h4>
          <ul className="process-list">{inbox[key].map(row)}</ul>
        </section>
      ))}
    </div>
  );
}
