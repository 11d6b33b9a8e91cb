import { useState, type FormEvent } from 'react';
import type { SupervisionOrder } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';

/** 升级督办: the supervisor sends the order one unit up, with a required reason (offered only when allowed). */
export function EscalateOrder({
  order,
  busy,
  onRun,
}: {
  order: SupervisionOrder;
  busy: boolean;
  onRun(work: () => Promise<unknown>, done: string): void;
}) {
  const api = useApi();
  const { t } = useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOpen(false);
    onRun(() => api.escalateSupervision(order.id, reason.trim()), t('sv_escalated'));
    setReason('');
  };

  if (!open)
    return (
      <button type="button" className="no-print" disabled={busy} onClick={() => setOpen(true)}>
        {t('sv_escalate')}
      </button>
    );
  return (
    <form className="operation-dialog no-print" role="dialog" aria-label={t('sv_escalate')} onSubmit={submit}>
      <label>
        {t('sv_escalateReason')}
        <textarea name="escalateReason" value={reason} onChange={(e) => setReason(e.target.value)} required rows={2} />
      </label>
      <div className="toolbar">
        <button type="submit" disabled={busy || !reason.trim()}>
          {t('opConfirm')}
        </button>
        <button type="button" className="link" onClick={() => setOpen(false)}>
          {t('opDismiss')}
        </button>
      </div>
    </form>
  );
}
