import { useMemo, useState } from 'react';
import type { Definition, FormRebase } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { DefinitionList, TargetTenant, unitName } from '../shared/definition-picker.js';
import { ProblemList } from '../shared/ProblemList.js';
import { StatusLine } from '../shared/status.js';
import { TaskForm } from '../shared/TaskForm.js';
import { useDeployable } from '../shared/use-deployable.js';
import { useRebase } from '../shared/use-rebase.js';
import { FieldList } from './FieldList.js';
import { type BasedForm, FormBaseBanner } from './FormBaseBanner.js';
import { keyFromLabel, uniqueKey } from './field-key.js';
import { designerFieldsOf, formOf, keyProblems, type Field, type FormSource } from './form-model.js';

interface Opened {
  /** The deployed form it was opened from; null for a new form. */
  def: Definition | null;
  source: FormSource;
}

/**
 * Forms as administrators build them: a new form or a deployed one (a township copies the city's by deploying
 * it to itself; the copy records its base), fields with their settings, a JSON view, a live preview at desk or
 * phone width, deploy.
 */
export function FormDesigner() {
  const api = useApi();
  const { t } = useApp();
  const {
    items: forms,
    tenants,
    target,
    setTarget,
    problems,
    setProblems,
    busy,
    status,
    setStatus,
    fail,
    deploy: send,
    refresh,
  } = useDeployable('form');
  const [opened, setOpened] = useState<Opened | null>(null);
  const [fields, setFields] = useState<Field[]>([]);
  const [newName, setNewName] = useState<string | null>(null);
  const [json, setJson] = useState<string | null>(null);
  const [phone, setPhone] = useState(false);

  const start = (next: Opened) => {
    setOpened(next);
    setFields(designerFieldsOf(next.source));
    setProblems([]);
    setStatus(null);
    setJson(null);
    rebase.clear();
  };

  const open = async (def: Definition) => {
    try {
      start({ def, source: await api.form(def.id) });
    } catch (err) {
      fail(err);
    }
  };

  const create = () => {
    const name = (newName ?? '').trim();
    if (!name) return;
    const id = uniqueKey(
      keyFromLabel(name),
      forms.map((f) => f.key),
    );
    start({ def: null, source: { id, name, schema: { type: 'object', properties: {}, required: [] }, uiSchema: {} } });
    setNewName(null);
  };

  const keyIssues = useMemo(() => keyProblems(fields), [fields]);
  const preview = useMemo(() => (opened ? formOf(withBase(opened, target), fields) : null), [opened, fields, target]);
  const shownJson = json ?? (preview ? JSON.stringify(preview, null, 2) : '');
  // The opened version as listed: a township's own copy says its base and whether the city moved on.
  const listed = forms.find((d) => d.id === opened?.def?.id);
  /** 同步市级更新: the city's newer form merged into the copy as edited (a preview); each conflict decided by choosing again. */
  const rebase = useRebase<FormSource, FormRebase>({
    definition: listed,
    current: () => preview,
    merge: (def, ours, resolutions) => api.rebaseForm(def.key, def.tenant, ours, resolutions),
    show: (merged) => {
      const source = merged.form as FormSource;
      setOpened((o) => (o ? { ...o, source } : o));
      setFields(designerFieldsOf(source));
      setJson(null);
    },
    restore: (ours) => {
      setOpened((o) => (o ? { ...o, source: ours } : o));
      setFields(designerFieldsOf(ours));
    },
    fail,
  });

  const applyJson = () => {
    if (!opened || json === null) return;
    try {
      const source = JSON.parse(json) as FormSource;
      setOpened({ ...opened, source });
      setFields(designerFieldsOf(source));
      setJson(null);
      setStatus(null);
    } catch (err) {
      setStatus({ kind: 'error', text: t('jsonInvalid', { reason: (err as Error).message }) });
    }
  };

  const deploy = async () => {
    if (!preview) return;
    if (keyIssues.length > 0) {
      setStatus({ kind: 'error', text: t('keyProblemsBlockDeploy') });
      return;
    }
    const deployed = await send(
      `${preview.id}.form.json`,
      preview,
      (d) => {
        const f = d.forms[0];
        return f
          ? t('formDeployed', { name: f.name ?? f.key, version: f.version, tenant: unitName(tenants, f.tenant, t) })
          : null;
      },
      [],
      undefined,
      rebase.shown ? [{ kind: 'form', key: preview.id, version: rebase.shown.preview.onto.version }] : undefined,
    );
    const f = deployed?.forms[0];
    if (f) rebase.clear();
    if (f)
      setOpened({
        def: { ...(opened?.def ?? ({} as Definition)), id: f.id, key: f.key, version: f.version, tenant: f.tenant },
        source: preview,
      });
  };

  const ownerLabel = (tenant: string) => unitName(tenants, tenant, t);

  const revert = async (def: BasedForm) => {
    if (!window.confirm(t('revertConfirm', { name: def.name ?? def.key, tenant: ownerLabel(def.basedOn.tenant) })))
      return;
    try {
      const r = await api.revertForm(def.key, def.tenant);
      await refresh();
      setOpened(null);
      setFields([]);
      setStatus({
        kind: 'ok',
        text: t('formReverted', { tenant: ownerLabel(r.inherits.tenant), version: r.inherits.version }),
      });
    } catch (err) {
      fail(err);
    }
  };

  return (
    <main className="workspace">
      <nav className="sidebar" aria-label={t('forms')}>
        <h2>{t('forms')}</h2>
        {newName === null ? (
          <button type="button" onClick={() => setNewName('')}>
            {t('newForm')}
          </button>
        ) : (
          <form
            className="new-form"
            onSubmit={(e) => {
              e.preventDefault();
              create();
            }}
          >
            <label>
              {t('newFormName')}
              <input value={newName} onChange={(e) => setNewName(e.target.value)} />
            </label>
            <button type="submit" className="primary" disabled={!newName.trim()}>
              {t('createForm')}
            </button>
          </form>
        )}
        <DefinitionList items={forms} selectedId={opened?.def?.id} kind="form" onOpen={(d) => void open(d)} />
      </nav>
      <section className="form-designer">
        <div className="toolbar">
          <span className="title">{opened ? (opened.source.name ?? opened.source.id) : t('pickForm')}</span>
          <span className="spacer" />
          <TargetTenant tenants={tenants} value={target} onChange={setTarget} testId="form-target" />
          <button
            type="button"
            className="primary"
            onClick={() => void deploy()}
            disabled={!opened || busy || keyIssues.length > 0}
          >
            {t('deploy')}
          </button>
        </div>
        <StatusLine status={status} />
        {listed?.basedOn && opened && (
          <FormBaseBanner
            definition={{ ...listed, basedOn: listed.basedOn }}
            ownerLabel={ownerLabel(listed.basedOn.tenant)}
            fields={fields}
            onRevert={() => void revert({ ...listed, basedOn: listed.basedOn! })}
            rebase={rebase}
          />
        )}
        {opened && (
          <div className="form-columns">
            <div className="field-editor">
              <FieldList fields={fields} onChange={setFields} path={[]} problems={keyIssues} />
              <details className="json-view">
                <summary>{t('jsonView')}</summary>
                <textarea
                  aria-label={t('jsonView')}
                  rows={16}
                  spellCheck={false}
                  value={shownJson}
                  onChange={(e) => setJson(e.target.value)}
                />
                <button type="button" onClick={applyJson} disabled={json === null}>
                  {t('jsonApply')}
                </button>
              </details>
            </div>
            <section className={phone ? 'form-preview phone' : 'form-preview'} aria-label={t('preview')}>
              <h3>
                {t('preview')}
                <label className="check">
                  <input type="checkbox" checked={phone} onChange={(e) => setPhone(e.target.checked)} />
                  {t('phonePreview')}
                </label>
              </h3>
              {preview && (
                <TaskForm
                  key={JSON.stringify(preview.schema) + JSON.stringify(preview.uiSchema)}
                  schema={preview.schema}
                  uiSchema={preview.uiSchema ?? {}}
                  data={{}}
                  submitLabel={t('submit')}
                  disabled={false}
                  serverErrors={undefined}
                  onChange={() => undefined}
                  onSubmit={() => setStatus({ kind: 'ok', text: t('previewValid') })}
                />
              )}
            </section>
          </div>
        )}
        <ProblemList problems={problems} onSelect={() => undefined} />
      </section>
    </main>
  );
}

/** A form deployed to another tenant than its owner is that tenant's copy: it records the form and version it came from. */
function withBase(opened: Opened, target: string): FormSource {
  const { def, source } = opened;
  if (!def?.tenant || def.tenant === target) return source;
  return { ...source, basedOn: { tenant: def.tenant, key: def.key, version: def.version } };
}
