import type { Bulletin } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import { localTime } from '../cases/local-time.js';

/** 逾期督办单 in the monthly 通报: how many went overdue, and each by case title, unit, 督办人 and deadline. */
export function BulletinOrders({ overdue }: { overdue: Bulletin['overdueOrders'] }) {
  const { t, locale } = useApp();
  return (
    <section aria-label={t('bulletinOrders')}>
      <h3>{t('bulletinOrders')}</h3>
      <p>{t('bulletinOrdersCount', { n: overdue.count })}</p>
      {overdue.orders.length > 0 && (
        <table className="figure-table overdue-orders">
          <thead>
            <tr>
              <th>{t('bulletinOrderCase')}</th>
              <th>{t('by_tenant')}</th>
              <th>{t('bulletinOrderOwner')}</th>
              <th>{t('bulletinOrderDue')}</th>
            </tr>
          </thead>
          <tbody>
            {overdue.orders.map((o) => (
              <tr key={o.id}>
                <td>
                  <a href={`#/cases/${encodeURIComponent(o.caseId)}`}>{o.caseTitle ?? t('bulletinNoTrackingNo')}</a>
                </td>
                <td>{o.unit}</td>
                <td>{o.owner ?? ''}</td>
                <td>{o.dueAt ? localTime(o.dueAt, locale) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
