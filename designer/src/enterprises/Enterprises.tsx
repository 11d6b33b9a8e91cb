import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Enterprise, Tenant } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { EnterpriseCard } from './EnterpriseCard.js';
import { EnterpriseImport } from './EnterpriseImport.js';
import { printHtml, saveFile } from './print-html.js';

/** 一企一码: the enterprises of one's units — register, edit, deactivate, a new code, import a sheet, print A4 sheets or download them as a PDF, one by one or for a whole park. */
export function Enterprises() {
  const api = useApi();
  const { t } = useApp();
  const [list, setList] = useState<Enterprise[]>([]);
  const [tenants, setTenants] = useState<Tenant[]>([]);
  const [qr, setQr] = useState<Record<string, string>>({});
  const [form, setForm] = useState({ name: '', creditCode: '', contact: '' });
  const [tenantId, setTenantId] = useState('');
  const { status, setStatus, fail } = useStatus();

  const load = useCallback(async () => {
    const [es, ts] = await Promise.all([api.enterprises(), api.tenants()]);
    setList(es);
    setTenants(ts);
    setTenantId((current) => current || ts[0]?.id || '');
    const codes = await Promise.all(es.map(async (e) => [e.id, await api.enterpriseQr(e.id)] as const));
    setQr(Object.fromEntries(codes));
  }, [api]);
  useEffect(() => {
    load().catch(fail);
  }, [load, fail]);

  /** Runs a change, reloads, and says what it did (with any warning the server gave). */
  const act = useCallback(
    async (work: () => Promise<unknown>, done: string) => {
      setStatus(null);
      try {
        const answer = (await work()) as { warnings?: string[] } | undefined;
        await load();
        setStatus({ kind: 'ok', text: answer?.warnings?.length ? `${done}${t('sameNameWarning')}` : done });
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    },
    [load, fail, setStatus, t],
  );

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name: form.name.trim(),
      tenantId,
      ...(form.creditCode.trim() ? { creditCode: form.creditCode.trim() } : {}),
      ...(form.contact.trim() ? { contact: form.contact.trim() } : {}),
    };
    if (await act(() => api.addEnterprise(body), t('enterpriseAdded', { name: body.name })))
      setForm({ name: '', creditCode: '', contact: '' });
  };
  const print = (which: { id: string } | { tenant: string }) => api.enterpriseSheets(which).then(printHtml, fail);
  const [pdfBusy, setPdfBusy] = useState(false);
  /** The sheets as a PDF file (a park's batch takes a few seconds). */
  const downloadPdf = async (which: { id: string } | { tenant: string }, name: string) => {
    setStatus(null);
    setPdfBusy(true);
    try {
      saveFile(await api.enterprisePdf(which), t('pdfFileName', { name }));
    } catch (err) {
      fail(err);
    } finally {
      setPdfBusy(false);
    }
  };
  const shown = list.filter((e) => e.tenantId === tenantId);

  return (
    <main className="enterprises">
      <label className="add-enterprise">
        {t('tenantField')}
        <select aria-label={t('enterpriseUnit')} value={tenantId} onChange={(e) => setTenantId(e.target.value)}>
          {tenants.map((tn) => (
            <option key={tn.id} value={tn.id}>
              {tn.name}
            </option>
          ))}
        </select>
        <button type="button" disabled={shown.length === 0} onClick={() => void print({ tenant: tenantId })}>
          {t('printAllSheets')}
        </button>
        <button
          type="button"
          title={t('downloadPdfAll')}
          disabled={shown.length === 0 || pdfBusy}
          onClick={() => void downloadPdf({ tenant: tenantId }, tenants.find((tn) => tn.id === tenantId)?.name ?? '')}
        >
          {pdfBusy ? t('pdfMaking') : t('downloadPdf')}
        </button>
      </label>
      <form className="add-enterprise" aria-label={t('addEnterprise')} onSubmit={(e) => void add(e)}>
        <label>
          {t('enterpriseName')}
          <input
            name="enterpriseName"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            required
            minLength={2}
          />
        </label>
        <label>
          {t('creditCode')}
          <input
            name="creditCode"
            value={form.creditCode}
            onChange={(e) => setForm({ ...form, creditCode: e.target.value.toUpperCase() })}
            maxLength={18}
          />
        </label>
        <label>
          {t('enterpriseContact')}
          <input
            name="enterpriseContact"
            value={form.contact}
            onChange={(e) => setForm({ ...form, contact: e.target.value })}
            maxLength={100}
          />
        </label>
        <button type="submit" className="primary">
          {t('addEnterprise')}
        </button>
      </form>
      <StatusLine status={status} />
      <EnterpriseImport tenantId={tenantId} act={act} />
      {shown.length === 0 && <p className="muted">{t('noEnterprises')}</p>}
      <ul className="enterprise-cards">
        {shown.map((e) => (
          <EnterpriseCard
            key={`${e.id}-${e.intakeUrl}-${e.updatedAt ?? ''}`}
            e={e}
            qr={qr[e.id]}
            act={act}
            onPrint={() => void print({ id: e.id })}
            onPdf={() => void downloadPdf({ id: e.id }, e.name)}
          />
        ))}
      </ul>
    </main>
  );
}
