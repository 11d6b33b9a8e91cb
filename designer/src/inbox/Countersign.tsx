import { useEffect, useState, type FormEvent } from 'react';
import type { Countersign as CountersignView, Group } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import { localTime } from '../cases/local-time.js';

const STATE: Record<CountersignView['signers'][number]['state'], MessageKey> = {
  pending: 'cs_state_pending',
  active: 'cs_state_active',
  completed: 'cs_state_completed',
  removed: 'cs_state_removed',
};

/**
 * 会签情况: the rule in words, who signed and how (同意/不同意), who is still to sign; on the task
 * page (`taskId`) 加签 and 减签 where the step allows them and the viewer may.
 */
export function Countersign({
  cs,
  taskId,
  busy = false,
  onRun,
}: {
  cs: CountersignView;
  taskId?: string;
  busy?: boolean;
  onRun?(work: () => Promise<unknown>, done: string): void;
}) {
  const api = useApi();
  const { t, locale } = useApp();
  const [adding, setAdding] = useState(false);
  const [who, setWho] = useState('');
  const [reason, setReason] = useState('');
  const [groups, setGroups] = useState<Group[]>([]);
  const byGroups = cs.signerKind === 'groups';
  const actions = !!taskId && !!onRun;

  useEffect(() => {
    if (adding && byGroups && groups.length === 0) api.assignableGroups().then(setGroups, () => setGroups([]));
  }, [adding, byGroups, api, groups.length]);

  const change = (kind: 'add' | 'remove', ids: string[]) =>
    onRun!(
      () => api.changeSigners(taskId!, kind, byGroups ? { groups: ids } : { users: ids }, reason.trim()),
      t(kind === 'add' ? 'cs_added' : 'cs_removed'),
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ids = who.split(/[,，\s]+/).filter(Boolean);
    if (ids.length === 0) return;
    setAdding(false);
    change('add', ids);
    setWho('');
  };

  return (
    <section className="countersign" aria-label={t('cs_title')}>
      <h3>
        {t('cs_title')} · {cs.stepName}
      </h3>
      <p className="muted" data-testid="countersign-rule">
        {cs.rule.text} · {t('cs_counts', cs.counts)}
      </p>
      <ul>
        {cs.signers.map((s) => (
          <li key={s.id} className={`signer ${s.state}`} data-signer={s.name}>
            <strong>{s.name}</strong> <span className="badge-text">{t(STATE[s.state])}</span>
            {s.state === 'completed' && (
              <span>
                {' '}
                · {t(s.agree === true ? 'cs_agree' : s.agree === false ? 'cs_disagree' : 'cs_signed')}
                {s.opinion ? `：${s.opinion}` : ''}
                {s.at ? ` · ${localTime(s.at, locale)}` : ''}
              </span>
            )}
            {actions && cs.canRemove && (s.state === 'active' || s.state === 'pending') && (
              <button
                type="button"
                className="link"
                disabled={busy}
                aria-label={`${t('cs_remove')} ${s.name}`}
                onClick={() => change('remove', [s.id])}
              >
                {t('cs_remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {actions && (cs.canAdd || cs.canRemove) && (
        <label>
          {t('cs_reason')}
          <input name="signersReason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        </label>
      )}
      {actions && cs.canAdd && !adding && (
        <button type="button" disabled={busy} onClick={() => setAdding(true)}>
          {t('cs_add')}
        </button>
      )}
      {actions && adding && (
        <form className="operation-dialog" role="dialog" aria-label={t('cs_add')} onSubmit={submit}>
          {byGroups ? (
            <label>
              {t('cs_addWho_groups')}
              <select name="signers" value={who} onChange={(e) => setWho(e.target.value)} required>
                <option value="">—</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label>
              {t('cs_addWho_users')}
              <input name="signers" value={who} onChange={(e) => setWho(e.target.value)} required />
            </label>
          )}
          <div className="toolbar">
            <button type="submit" disabled={busy}>
              {t('opConfirm')}
            </button>
            <button type="button" className="link" onClick={() => setAdding(false)}>
              {t('opDismiss')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
