import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Attachment, SupervisionOrder } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { EscalateOrder } from './EscalateOrder.js';
import { localTime } from './local-time.js';

const STATUS: Record<SupervisionOrder['status'], MessageKey> = {
  open: 'sv_status_open',
  answered: 'sv_status_answered',
  closed: 'sv_status_closed',
};
const DAYS = [1, 3, 5, 10];

/**
 * 督办单 on the case page: each order with its requirement, supervisor, reply deadline (marked when
 * overdue), status and 整改反馈; the unit it was issued to answers (text and the case's files), the
 * supervisor closes it (办结) or returns it (要求重新整改); a supervisor issues a new one.
 */
export function SupervisionOrders({
  caseId,
  canIssue,
  onChanged,
}: {
  caseId: string;
  canIssue: boolean;
  onChanged(): void;
}) {
  const api = useApi();
  const { t } = useApp();
  const [orders, setOrders] = useState<SupervisionOrder[]>([]);
  const [issuing, setIssuing] = useState(false);
  const [reason, setReason] = useState('');
  const [days, setDays] = useState(3);
  const [busy, setBusy] = useState(false);
  const { status, setStatus, fail } = useStatus();

  const load = useCallback(() => api.caseSupervision(caseId).then(setOrders, fail), [api, caseId, fail]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      await load();
      onChanged();
      setStatus({ kind: 'ok', text: done });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const issue = (e: FormEvent) => {
    e.preventDefault();
    setIssuing(false);
    void run(() => api.issueSupervision(caseId, reason.trim(), `${days} workDay`), t('sv_issued'));
    setReason('');
  };

  return (
    <section className="supervision" aria-label={t('sv_title')}>
      <h3>{t('sv_title')}</h3>
      {orders.length === 0 && <p className="muted">{t('sv_empty')}</p>}
      <ul>
        {orders.map((o) => (
          <OrderItem key={o.id} caseId={caseId} order={o} busy={busy} onRun={(w, d) => void run(w, d)} />
        ))}
      </ul>
      {canIssue && !issuing && (
        <button type="button" className="no-print" onClick={() => setIssuing(true)} disabled={busy}>
          {t('sv_issue')}
        </button>
      )}
      {issuing && (
        <form className="operation-dialog no-print" role="dialog" aria-label={t('sv_issue')} onSubmit={issue}>
          <label>
            {t('sv_requirement')}
            <textarea name="requirement" value={reason} onChange={(e) => setReason(e.target.value)} required rows={2} />
          </label>
          <label>
            {t('sv_deadline')}
            <select name="deadline" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {DAYS.map((n) => (
                <option key={n} value={n}>
                  {t('sv_days', { n })}
                </option>
              ))}
            </select>
          </label>
          <div className="toolbar">
            <button type="submit" disabled={busy || !reason.trim()}>
              {t('opConfirm')}
            </button>
            <button type="button" className="link" onClick={() => setIssuing(false)}>
              {t('opDismiss')}
            </button>
          </div>
        </form>
      )}
      <StatusLine status={status} />
    </section>
  );
}

/** One order: what was required, by when, the feedback and its verdicts, and what the viewer may do now. */
export function OrderItem({
  caseId,
  order,
  busy,
  onRun,
}: {
  caseId: string;
  order: SupervisionOrder;
  busy: boolean;
  onRun(work: () => Promise<unknown>, done: string): void;
}) {
  const api = useApi();
  const { t, locale } = useApp();
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [picked, setPicked] = useState<string[]>([]);

  useEffect(() => {
    if (order.mayReply) api.caseAttachments(caseId).then(setFiles, () => setFiles([]));
  }, [api, caseId, order.mayReply]);

  const reply = (e: FormEvent) => {
    e.preventDefault();
    onRun(() => api.replySupervision(order.id, text.trim(), picked), t('sv_replySent'));
    setText('');
    setPicked([]);
  };

  return (
    <li className={`order ${order.status}${order.overdue ? ' overdue' : ''}`} data-order={order.status}>
      <p>
        <strong>{order.reason}</strong> <span className="badge-text">{t(STATUS[order.status])}</span>
        {order.overdue && <span className="overdue-mark"> {t('sv_overdue')}</span>}
      </p>
      <p className="muted">
        {order.stepName ? `${order.stepName} · ` : ''}
        {order.ownerName ? t('sv_owner', { name: order.ownerName }) : ''}
        {order.dueAt ? ` · ${t('sv_due', { due: localTime(order.dueAt, locale) })}` : ''}
        {order.level > 0 ? ` · ${t('sv_level', { unit: order.unitName, n: order.level })}` : ''}
      </p>
      {order.replies.length > 0 && (
        <ol className="replies">
          {order.replies.map((r) => (
            <li key={r.id}>
              <span className="muted">
                {localTime(r.at, locale)} · {r.byName ?? r.by}
              </span>
              <p>{r.body}</p>
              {r.attachments.length > 0 && (
                <p className="muted">📎 {r.attachments.map((a) => a.fileName).join('、')}</p>
              )}
              {r.verdict && (
                <p className="muted">
                  {t(r.verdict === 'accepted' ? 'sv_verdict_accepted' : 'sv_verdict_returned')}
                  {r.verdictNote ? `：${r.verdictNote}` : ''}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {order.mayReply && (
        <form className="operation-dialog no-print" aria-label={t('sv_reply')} onSubmit={reply}>
          <label>
            {t('sv_replyText')}
            <textarea
              name="feedback"
              value={text}
              onChange={(e) => setText(e.target.value)}
              onFocus={() => void api.caseAttachments(caseId).then(setFiles, () => undefined)}
              required
              rows={2}
            />
          </label>
          {files.length > 0 && (
            <fieldset>
              <legend>{t('sv_replyFiles')}</legend>
              {files.map((f) => (
                <label key={f.id} className="check">
                  <input
                    type="checkbox"
                    checked={picked.includes(f.id)}
                    onChange={(e) =>
                      setPicked(e.target.checked ? [...picked, f.id] : picked.filter((id) => id !== f.id))
                    }
                  />
                  {f.fileName}
                </label>
              ))}
            </fieldset>
          )}
          <button type="submit" disabled={busy || !text.trim()}>
            {t('sv_reply')}
          </button>
        </form>
      )}
      {order.mayDecide && (
        <div className="no-print">
          <label>
            {t('sv_note')}
            <input name="verdictNote" value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
          </label>
          <div className="toolbar">
            <button
              type="button"
              disabled={busy}
              onClick={() => onRun(() => api.decideSupervision(order.id, 'accept', note.trim()), t('sv_accepted'))}
            >
              {t('sv_accept')}
            </button>
            <button
              type="button"
              disabled={busy || !note.trim()}
              onClick={() => onRun(() => api.decideSupervision(order.id, 'return', note.trim()), t('sv_returned'))}
            >
              {t('sv_return')}
            </button>
          </div>
        </div>
      )}
      {order.mayEscalate && <EscalateOrder order={order} busy={busy} onRun={onRun} />}
    </li>
  );
}
