import { useEffect, useState, type FormEvent } from 'react';
import type { Enterprise, Tenant } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { StatusLine, useStatus } from '../shared/status.js';

/** 一企一码: register enterprises of one's units and print their QR codes to the public appeal form. */
export function Enterprises() {
  const api = useApi();
  const { t } = useApp();
  const [list, setList] = useState<Enterprise[]>([]);
  const [tenants, setTenants] = useState<Tenant[]>([]);
  const [qr, setQr] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [tenantId, setTenantId] = useState('');
  const [creditCode, setCreditCode] = useState('');
  const { status, setStatus, fail } = useStatus();

  const load = async () => {
    const [es, ts] = await Promise.all([api.enterprises(), api.tenants()]);
    setList(es);
    setTenants(ts);
    setTenantId((current) => current || ts[0]?.id || '');
    const codes = await Promise.all(es.map(async (e) => [e.id, await api.enterpriseQr(e.id)] as const));
    setQr(Object.fromEntries(codes));
  };

  useEffect(() => {
    load().catch(fail);
    // once per api (the token)
  }, [api]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    try {
      await api.addEnterprise({ name, tenantId, ...(creditCode.trim() ? { creditCode: creditCode.trim() } : {}) });
      setName('');
      setCreditCode('');
      await load();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <main className="enterprises">
      <form className="add-enterprise" onSubmit={(e) => void add(e)}>
        <label>
          {t('enterpriseName')}
          <input name="enterpriseName" value={name} onChange={(e) => setName(e.target.value)} required minLength={2} />
        </label>
        <label>
          {t('creditCode')}
          <input name="creditCode" value={creditCode} onChange={(e) => setCreditCode(e.target.value.toUpperCase())} maxLength={18} />
        </label>
        <label>
          {t('tenantField')}
          <select value={tenantId} onChange={(e) => setTenantId(e.target.value)}>
            {tenants.map((tn) => (
              <option key={tn.id} value={tn.id}>
                {tn.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('addEnterprise')}
        </button>
      </form>
      <StatusLine status={status} />
      {list.length === 0 && <p className="muted">{t('noEnterprises')}</p>}
      <ul className="enterprise-cards">
        {list.map((e) => (
          <li key={e.id} data-enterprise={e.name}>
            {qr[e.id] && <img src={qr[e.id]} alt={`${e.name} QR`} width={160} height={160} />}
            <strong>{e.name}</strong>
            <span className="muted">{e.creditCode ?? ''}</span>
            <span className="muted">{t('scanHint')}</span>
            <a href={e.intakeUrl} target="_blank" rel="noreferrer" className="intake-url">
              {e.intakeUrl}
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}
