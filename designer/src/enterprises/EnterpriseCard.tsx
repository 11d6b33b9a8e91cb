import { useState, type FormEvent } from 'react';
import type { Enterprise } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';

/** One enterprise: its QR code, edit, deactivate or activate, a new code, its A4 sheet (printed or as a PDF). */
export function EnterpriseCard({
  e,
  qr,
  act,
  onPrint,
  onPdf,
}: {
  e: Enterprise;
  qr: string | undefined;
  act(work: () => Promise<unknown>, done: string): Promise<boolean>;
  onPrint(): void;
  onPdf(): void;
}) {
  const api = useApi();
  const { t } = useApp();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState({ name: e.name, creditCode: e.creditCode ?? '', contact: e.contact ?? '' });

  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    const change = {
      name: form.name.trim(),
      creditCode: form.creditCode.trim() || null,
      contact: form.contact.trim() || null,
    };
    if (await act(() => api.updateEnterprise(e.id, change), t('enterpriseSaved', { name: change.name })))
      setEditing(false);
  };
  const reissue = () => {
    if (!window.confirm(t('reissueConfirm', { name: e.name }))) return;
    void act(() => api.reissueEnterprise(e.id), t('reissued', { name: e.name }));
  };

  return (
    <li data-enterprise={e.name} className={e.active ? '' : 'inactive'}>
      {qr && <img src={qr} alt={t('enterpriseQrOf', { name: e.name })} width={160} height={160} />}
      <strong>{e.name}</strong>
      {!e.active && <span className="badge">{t('enterpriseInactive')}</span>}
      <span className="muted">{e.creditCode ?? ''}</span>
      {e.contact && <span className="muted">{t('enterpriseContactIs', { contact: e.contact })}</span>}
      {/* The page the code opens, in words: its address carries the code, nothing a person reads. */}
      <a href={e.intakeUrl} target="_blank" rel="noreferrer" className="intake-url">
        {t('enterpriseIntakePreview')}
      </a>
      <div className="card-actions">
        <button type="button" onClick={() => setEditing(!editing)}>
          {t('editEnterprise')}
        </button>
        <button
          type="button"
          onClick={() =>
            void act(
              () => api.setEnterpriseActive(e.id, !e.active),
              t(e.active ? 'enterpriseDeactivated' : 'enterpriseActivated', { name: e.name }),
            )
          }
        >
          {t(e.active ? 'deactivateEnterprise' : 'activateEnterprise')}
        </button>
        <button type="button" onClick={reissue}>
          {t('reissueCode')}
        </button>
        <button type="button" onClick={onPrint}>
          {t('printSheet')}
        </button>
        <button type="button" onClick={onPdf}>
          {t('downloadPdf')}
        </button>
      </div>
      {editing && (
        <form
          className="admin-form"
          aria-label={t('editEnterpriseOf', { name: e.name })}
          onSubmit={(ev) => void save(ev)}
        >
          <label>
            {t('enterpriseName')}
            <input
              value={form.name}
              onChange={(ev) => setForm({ ...form, name: ev.target.value })}
              required
              minLength={2}
              maxLength={200}
            />
          </label>
          <label>
            {t('creditCode')}
            <input
              value={form.creditCode}
              onChange={(ev) => setForm({ ...form, creditCode: ev.target.value.toUpperCase() })}
              maxLength={18}
            />
          </label>
          <label>
            {t('enterpriseContact')}
            <input
              value={form.contact}
              onChange={(ev) => setForm({ ...form, contact: ev.target.value })}
              maxLength={100}
            />
          </label>
          <button type="submit" className="primary">
            {t('saveEnterprise')}
          </button>
        </form>
      )}
    </li>
  );
}
