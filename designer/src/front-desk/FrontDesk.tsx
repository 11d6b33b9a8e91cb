import type { ErrorSchema } from '@rjsf/utils';
import { useEffect, useState } from 'react';
import { ApiError, type FrontDeskForm, type Me, type Receipt, type Tenant } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { errorSchemaOf } from '../shared/error-schema.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { TaskForm } from '../shared/TaskForm.js';

/** 前台登记: the window clerk registers a walk-in or phone appeal and prints the receipt (受理回执). */
export function FrontDesk({ me }: { me: Me }) {
  const api = useApi();
  const { t, locale } = useApp();
  const [tenants, setTenants] = useState<Tenant[]>([]);
  const [tenant, setTenant] = useState(me.tenant);
  const [channel, setChannel] = useState<'窗口' | '电话'>('窗口');
  const [intake, setIntake] = useState<FrontDeskForm | null>(null);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<ErrorSchema | undefined>(undefined);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [busy, setBusy] = useState(false);
  const { status, setStatus, fail } = useStatus();

  useEffect(() => {
    api.tenants().then(setTenants, fail);
  }, [api, fail]);
  useEffect(() => {
    setIntake(null);
    api.frontDeskForm(tenant).then(setIntake, fail);
  }, [api, tenant, fail]);

  const submit = async (formData: Record<string, unknown>) => {
    setBusy(true);
    setStatus(null);
    try {
      setReceipt(await api.registerAppeal(tenant, channel, formData));
      setData({});
      setErrors(undefined);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'FORM_INVALID') setErrors(errorSchemaOf(err.problems));
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    const d = receipt.data;
    return (
      <main className="front-desk">
        <section className="receipt-print" aria-label={t('receiptTitle')}>
          <h2>{t('receiptTitle')}</h2>
          <p className="tracking-no">{t('receiptNo', { no: receipt.trackingNo })}</p>
          <dl>
            <dt>{t('receiptTenant')}</dt>
            <dd>{receipt.tenant.name}</dd>
            <dt>{t('receiptAppellant')}</dt>
            <dd>{String(d.applicantName ?? '')}</dd>
            <dt>{t('receiptPhone')}</dt>
            <dd>{String(d.phone ?? '')}</dd>
            <dt>{t('receiptCategory')}</dt>
            <dd>{String(d.category ?? '')}</dd>
            <dt>{t('receiptChannel')}</dt>
            <dd>{receipt.channel}</dd>
            <dt>{t('receiptTime')}</dt>
            <dd>{new Date(receipt.receivedAt).toLocaleString(locale, { timeZone: 'Asia/Shanghai' })}</dd>
            <dt>{t('receiptClerk')}</dt>
            <dd>{receipt.receivedBy}</dd>
          </dl>
          <p className="muted">{t('receiptFollow')}</p>
        </section>
        <div className="toolbar no-print">
          <button type="button" onClick={() => window.print()}>
            {t('printReceipt')}
          </button>
          <button type="button" onClick={() => setReceipt(null)}>
            {t('nextAppeal')}
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="front-desk">
      <h2>{t('tabFrontDesk')}</h2>
      <StatusLine status={status} />
      <div className="toolbar">
        <label>
          {t('frontDeskTenant')}
          <select value={tenant} onChange={(e) => setTenant(e.target.value)}>
            {(tenants.length > 0 ? tenants : [{ id: me.tenant, name: me.tenant }]).map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('frontDeskChannel')}
          <select value={channel} onChange={(e) => setChannel(e.target.value as '窗口' | '电话')}>
            <option value="窗口">{t('channelWindow')}</option>
            <option value="电话">{t('channelPhone')}</option>
          </select>
        </label>
      </div>
      {intake && (
        <TaskForm
          schema={withoutChannel(intake.form.schema)}
          uiSchema={intake.form.uiSchema}
          data={data}
          submitLabel={t('registerAppeal')}
          disabled={busy}
          serverErrors={errors}
          onChange={setData}
          onSubmit={(d) => void submit(d)}
        />
      )}
    </main>
  );
}

/** The channel is chosen above, not typed into the form. */
function withoutChannel(schema: Record<string, unknown>): Record<string, unknown> {
  const { channel: _channel, ...properties } = (schema.properties ?? {}) as Record<string, unknown>;
  return { ...schema, properties, required: ((schema.required ?? []) as string[]).filter((r) => r !== 'channel') };
}
