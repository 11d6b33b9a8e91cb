import { Suspense, useEffect, useMemo, useState } from 'react';
import { ApiError, isDefinitionProblem, publicApi, type PublicIntake } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import { kindsTextOf } from '../shared/attachment-kinds.js';
import { errorSchemaOf } from '../shared/error-schema.js';
import type { FileFieldContext } from '../shared/FileWidget.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { FullForm } from './full-form.js';
import { defaultsOf, lightFields } from './light-form.js';
import { LightForm } from './LightForm.js';

type Purpose = 'appeal' | 'mediation' | 'legal';
/** What an enterprise's code offers (一企一码): raise an appeal, apply for mediation, ask a legal question. */
const PURPOSES: Array<[Purpose, MessageKey]> = [
  ['appeal', 'purposeAppeal'],
  ['mediation', 'purposeMediation'],
  ['legal', 'purposeLegal'],
];
const CODE_REFUSALS: Record<string, MessageKey> = {
  ENTERPRISE_CODE_REPLACED: 'codeReplaced',
  ENTERPRISE_INACTIVE: 'codeInactive',
};

/** What a citizen (or an enterprise, from its QR code) sees: the tenant's appeal form, no account needed. */
export function PublicIntakePage({ tenant, enterprise }: { tenant: string; enterprise: string | null }) {
  const { t, locale } = useApp();
  const [intake, setIntake] = useState<PublicIntake | null>(null);
  const [data, setData] = useState<Record<string, unknown>>({});
  /** The server's FORM_INVALID problems of the last submission. */
  const [problems, setProblems] = useState<Array<{ path?: string; message: string }>>([]);
  const [trackingNo, setTrackingNo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [purpose, setPurpose] = useState<Purpose | null>(null);
  const { status, setStatus, fail } = useStatus();

  useEffect(() => {
    publicApi.intake(tenant, enterprise, locale).then(
      (answer) => {
        setIntake(answer);
        // A new form starts with its fields' defaults (the full renderer fills them in itself).
        const fields = lightFields(withoutChannel(answer.form.schema), answer.form.uiSchema);
        if (fields) setData((d) => ({ ...defaultsOf(fields), ...d }));
      },
      (err: unknown) => {
        // A replaced or deactivated enterprise code says so; an unknown address is simply not found.
        const refusal = err instanceof ApiError ? CODE_REFUSALS[err.code] : undefined;
        if (refusal) setStatus({ kind: 'error', text: t(refusal) });
        else if (err instanceof ApiError && err.status === 404) setStatus({ kind: 'error', text: t('pageNotFound') });
        else fail(err);
      },
    );
  }, [tenant, enterprise, locale, t, fail, setStatus]);

  const submit = async (formData: Record<string, unknown>) => {
    setBusy(true);
    setStatus(null);
    try {
      setTrackingNo((await publicApi.submit(tenant, formData, enterprise, locale, purpose ?? undefined)).trackingNo);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'FORM_INVALID')
        setProblems(err.problems.filter((p) => !isDefinitionProblem(p)));
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="public-page">
      {intake && <h2>{t('intakeTitle', { tenant: intake.tenant.name })}</h2>}
      {intake?.enterprise && <p className="enterprise">{t('intakeEnterprise', { name: intake.enterprise.name })}</p>}
      <StatusLine status={status} />
      {trackingNo ? (
        <section className="receipt" role="status">
          <p>{t('appealReceived', { no: trackingNo })}</p>
          <p className="muted">{t('keepNumber')}</p>
          <a href={`#/track?no=${encodeURIComponent(trackingNo)}`}>{t('followLink')}</a>
        </section>
      ) : intake?.enterprise && !purpose ? (
        <section className="purposes" aria-label={t('purposeQuestion')}>
          <h3>{t('purposeQuestion')}</h3>
          {PURPOSES.map(([id, label]) => (
            <button key={id} type="button" className="purpose" onClick={() => setPurpose(id)}>
              {t(label)}
            </button>
          ))}
        </section>
      ) : (
        intake && (
          <>
            {purpose && (
              <p className="purpose-chosen">
                {t('purposeChosen', { purpose: t(PURPOSES.find(([id]) => id === purpose)![1]) })}{' '}
                <button type="button" className="link" onClick={() => setPurpose(null)}>
                  {t('purposeChange')}
                </button>
              </p>
            )}
            <IntakeForm
              intake={intake}
              data={data}
              busy={busy}
              problems={problems}
              onChange={setData}
              onSubmit={(d) => void submit(d)}
              files={{
                upload: async (file) => {
                  const kept = await publicApi.upload(tenant, file, locale);
                  return { ref: kept.token, fileName: kept.fileName };
                },
                accept: intake.attachments.accept,
                kindsText: kindsTextOf(intake.attachments.kinds, t, locale),
                maxFiles: intake.attachments.maxFiles,
                maxFileBytes: intake.attachments.maxFileBytes,
              }}
            />
          </>
        )
      )}
    </main>
  );
}

/** The form, drawn light when its fields allow (no rjsf, no ajv), else by rjsf (full-form.tsx) loaded now. */
function IntakeForm(props: {
  intake: PublicIntake;
  data: Record<string, unknown>;
  busy: boolean;
  problems: Array<{ path?: string; message: string }>;
  onChange(data: Record<string, unknown>): void;
  onSubmit(data: Record<string, unknown>): void;
  files: FileFieldContext;
}) {
  const { t } = useApp();
  const schema = useMemo(() => withoutChannel(props.intake.form.schema), [props.intake]);
  const uiSchema = props.intake.form.uiSchema;
  const fields = useMemo(() => lightFields(schema, uiSchema), [schema, uiSchema]);
  const serverErrors = useMemo(
    () => (props.problems.length > 0 ? errorSchemaOf(props.problems) : undefined),
    [props.problems],
  );
  if (fields)
    return (
      <LightForm
        schema={schema}
        fields={fields}
        data={props.data}
        submitLabel={t('submitAppeal')}
        disabled={props.busy}
        serverProblems={props.problems}
        onChange={props.onChange}
        onSubmit={props.onSubmit}
        files={props.files}
      />
    );
  return (
    <Suspense fallback={<p className="muted loading">…</p>}>
      <FullForm
        schema={schema}
        uiSchema={uiSchema}
        data={props.data}
        submitLabel={t('submitAppeal')}
        disabled={props.busy}
        serverErrors={serverErrors}
        onChange={props.onChange}
        onSubmit={props.onSubmit}
        files={props.files}
      />
    </Suspense>
  );
}

/** The channel is the server's to set (小程序, or 一企一码 from a QR code): the citizen is not asked. */
function withoutChannel(schema: Record<string, unknown>): Record<string, unknown> {
  const { channel: _channel, ...properties } = (schema.properties ?? {}) as Record<string, unknown>;
  return { ...schema, properties, required: ((schema.required ?? []) as string[]).filter((r) => r !== 'channel') };
}
