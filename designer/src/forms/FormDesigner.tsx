import { useMemo, useState } from 'react';
import type { Definition } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { DefinitionList, TargetTenant } from '../shared/definition-picker.js';
import { ProblemList } from '../shared/ProblemList.js';
import { StatusLine } from '../shared/status.js';
import { TaskForm } from '../shared/TaskForm.js';
import { useDeployable } from '../shared/use-deployable.js';
import { FIELD_KINDS, fieldsOf, formOf, newFieldKey, type Field, type FormSource } from './form-model.js';

/** Forms as administrators see them: fields in a list, a live preview of the generated form, deploy to a township. */
export function FormDesigner() {
  const api = useApi();
  const { t } = useApp();
  const { items: forms, tenants, target, setTarget, problems, setProblems, busy, status, setStatus, fail, deploy: send } = useDeployable('form');
  const [opened, setOpened] = useState<{ def: Definition; source: FormSource } | null>(null);
  const [fields, setFields] = useState<Field[]>([]);

  const open = async (def: Definition) => {
    try {
      const source = await api.form(def.id);
      setOpened({ def, source });
      setFields(fieldsOf(source));
      setProblems([]);
      setStatus(null);
    } catch (err) {
      fail(err);
    }
  };

  const edit = (i: number, change: Partial<Field>) => setFields((fs) => fs.map((f, j) => (j === i ? { ...f, ...change } : f)));
  const move = (i: number) => setFields((fs) => (i === 0 ? fs : [...fs.slice(0, i - 1), fs[i]!, fs[i - 1]!, ...fs.slice(i + 1)]));
  const preview = useMemo(() => (opened ? formOf(opened.source, fields) : null), [opened, fields]);

  const deploy = async () => {
    if (!preview) return;
    await send(`${preview.id}.form.json`, preview, (d) => {
      const f = d.forms[0];
      return f ? t('formDeployed', { key: f.key, version: f.version, tenant: f.tenant }) : null;
    });
  };

  return (
    <main className="workspace">
      <nav className="sidebar" aria-label={t('forms')}>
        <h2>{t('forms')}</h2>
        <DefinitionList items={forms} selectedId={opened?.def.id} kind="form" onOpen={(d) => void open(d)} />
      </nav>
      <section className="form-designer">
        <div className="toolbar">
          <span className="title">{opened ? `${opened.source.name ?? opened.def.key}（${opened.def.key}）` : t('pickForm')}</span>
          <span className="spacer" />
          <TargetTenant tenants={tenants} value={target} onChange={setTarget} testId="form-target" />
          <button type="button" className="primary" onClick={() => void deploy()} disabled={!opened || busy}>
            {t('deploy')}
          </button>
        </div>
        <StatusLine status={status} />
        {opened && (
          <div className="form-columns">
            <div className="field-editor">
              {fields.map((f, i) => (
                <fieldset key={i} className="field-row" data-field={f.key}>
                  <label>
                    {t('fieldTitle')}
                    <input value={f.title} onChange={(e) => edit(i, { title: e.target.value })} />
                  </label>
                  <label>
                    {t('fieldKey')}
                    <input value={f.key} pattern="[A-Za-z][A-Za-z0-9_]*" onChange={(e) => edit(i, { key: e.target.value })} />
                  </label>
                  <label>
                    {t('fieldKind')}
                    <select value={f.kind} onChange={(e) => edit(i, { kind: e.target.value as Field['kind'] })}>
                      {FIELD_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {t(`kind_${k}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  {f.kind === 'choice' && (
                    <label>
                      {t('fieldOptions')}
                      <input value={f.options.join('，')} onChange={(e) => edit(i, { options: e.target.value.split(/[,，]/).map((o) => o.trim()).filter(Boolean) })} />
                    </label>
                  )}
                  <label className="check">
                    <input type="checkbox" checked={f.required} onChange={(e) => edit(i, { required: e.target.checked })} />
                    {t('fieldRequired')}
                  </label>
                  <span className="row-actions">
                    <button type="button" className="link" onClick={() => move(i)} disabled={i === 0}>
                      {t('moveUp')}
                    </button>
                    <button type="button" className="link" onClick={() => setFields((fs) => fs.filter((_, j) => j !== i))}>
                      {t('removeField')}
                    </button>
                  </span>
                </fieldset>
              ))}
              <button type="button" onClick={() => setFields((fs) => [...fs, { key: newFieldKey(fs), title: '', kind: 'text', required: false, options: [], base: {} }])}>
                {t('addField')}
              </button>
            </div>
            <section className="form-preview" aria-label={t('preview')}>
              <h3>{t('preview')}</h3>
              {preview && <TaskForm key={JSON.stringify(preview.schema)} schema={preview.schema} uiSchema={preview.uiSchema ?? {}} data={{}} submitLabel={t('submit')} disabled serverErrors={undefined} onChange={() => undefined} onSubmit={() => undefined} />}
            </section>
          </div>
        )}
        <ProblemList problems={problems} onSelect={() => undefined} />
      </section>
    </main>
  );
}
