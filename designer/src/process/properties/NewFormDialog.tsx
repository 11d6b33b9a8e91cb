// 新建表单 from the properties panel's form picker: a name and the fields, deployed to the tenant the
// diagram goes to, then picked for the user task the administrator came from — without leaving the diagram.
import { useMemo, useState } from 'react';
import type { Problem } from '../../../../definitions/index.js';
import { ApiError, isDefinitionProblem, type Deployment } from '../../app/api/index.js';
import { useApi, useApp } from '../../app/AppContext.js';
import { FieldList } from '../../forms/FieldList.js';
import { keyFromLabel, uniqueKey } from '../../forms/field-key.js';
import { type Field, type FormSource, formOf, keyProblems } from '../../forms/form-model.js';
import { ProblemList } from '../../shared/ProblemList.js';

interface Props {
  /** The tenant the diagram is deployed to: the form goes there too. */
  tenant: string;
  /** Form keys the tenant already has (the new one gets a key of its own). */
  takenKeys: string[];
  onDeployed(form: FormSource, deployed: Deployment['forms'][number]): void;
  onCancel(): void;
}

export function NewFormDialog({ tenant, takenKeys, onDeployed, onCancel }: Props) {
  const api = useApi();
  const { t } = useApp();
  const [name, setName] = useState(t('newFormDefaultName'));
  const [fields, setFields] = useState<Field[]>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keyIssues = useMemo(() => keyProblems(fields), [fields]);

  const deploy = async () => {
    const title = name.trim();
    if (!title || keyIssues.length > 0) return;
    const id = uniqueKey(keyFromLabel(title), takenKeys);
    const form = formOf(
      { id, name: title, schema: { type: 'object', properties: {}, required: [] }, uiSchema: {} },
      fields,
    );
    setBusy(true);
    setError(null);
    try {
      const deployment = await api.deploy(tenant, `${id}.form.json`, form);
      const deployed = deployment.forms[0];
      if (deployed) onDeployed(form, deployed);
    } catch (err) {
      const found = err instanceof ApiError ? err.problems.filter(isDefinitionProblem) : [];
      setProblems(found);
      if (found.length === 0) setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop">
      <div className="modal new-form-dialog" role="dialog" aria-modal="true" aria-label={t('newForm')}>
        <h3>{t('newForm')}</h3>
        <label>
          {t('newFormName')}
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <FieldList fields={fields} onChange={setFields} path={[]} problems={keyIssues} />
        {error && (
          <p className="status error" role="alert">
            {error}
          </p>
        )}
        <ProblemList problems={problems} onSelect={() => undefined} />
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void deploy()}
            disabled={busy || !name.trim() || keyIssues.length > 0}
          >
            {t('newFormDeployAndUse')}
          </button>
        </div>
      </div>
    </div>
  );
}
