import { useState } from 'react';
import type { IncidentDetail } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import { kindOf, valueLabel, type ValueKind } from './variable-value.js';

export interface Fix {
  name: string;
  kind: ValueKind;
  text: string;
}

/** What people call a variable: its form field's label where the case's forms have one, else its name as written. */
export function variableLabel(detail: IncidentDetail): (name: string) => string {
  const labels = new Map<string, string>();
  for (const v of [...detail.caseVariables, ...detail.variables]) if (v.label) labels.set(v.name, v.label);
  return (name) => labels.get(name) ?? name;
}

/** The variables the stopped step reads (and any other the administrator adds), each with its current value and a new one to set. */
export function VariableFixes({
  detail,
  fixes,
  onChange,
}: {
  detail: IncidentDetail;
  fixes: Fix[];
  onChange(fixes: Fix[]): void;
}) {
  const { t } = useApp();
  const [extra, setExtra] = useState('');
  const label = variableLabel(detail);
  const current = new Map<string, unknown>([
    ...detail.caseVariables.map((v) => [v.name, v.value] as const),
    ...detail.variables.map((v) => [v.name, v.value] as const),
  ]);
  const labels = {
    yes: t('valueYes'),
    no: t('valueNo'),
    empty: t('incidentValueMissing'),
    items: (n: number) => t('incidentValueItems', { n }),
    fields: (n: number) => t('incidentValueFields', { n }),
  };
  const others = detail.caseVariables.filter((v) => !fixes.some((f) => f.name === v.name));
  const update = (name: string, change: Partial<Fix>) =>
    onChange(fixes.map((f) => (f.name === name ? { ...f, ...change } : f)));

  return (
    <section aria-label={t('incidentVariables')}>
      <h3>{t('incidentVariables')}</h3>
      {fixes.length === 0 && <p className="muted">{t('incidentNoVariables')}</p>}
      {fixes.length > 0 && (
        <table className="incident-variables">
          <thead>
            <tr>
              <th>{t('incidentVariable')}</th>
              <th>{t('incidentCurrentValue')}</th>
              <th>{t('incidentValueKind')}</th>
              <th>{t('incidentNewValue')}</th>
            </tr>
          </thead>
          <tbody>
            {fixes.map((f) => (
              <tr key={f.name}>
                <td>
                  <strong>{label(f.name)}</strong>
                </td>
                <td>{valueLabel(current.get(f.name), labels)}</td>
                <td>
                  <select
                    aria-label={t('incidentValueKindOf', { name: label(f.name) })}
                    value={f.kind}
                    onChange={(e) =>
                      update(f.name, {
                        kind: e.target.value as ValueKind,
                        text: e.target.value === 'boolean' ? 'true' : f.text,
                      })
                    }
                  >
                    <option value="text">{t('kindText')}</option>
                    <option value="number">{t('kindNumber')}</option>
                    <option value="boolean">{t('kindBoolean')}</option>
                  </select>
                </td>
                <td>
                  {f.kind === 'boolean' ? (
                    <select
                      aria-label={t('incidentNewValueOf', { name: label(f.name) })}
                      value={f.text}
                      onChange={(e) => update(f.name, { text: e.target.value })}
                    >
                      <option value="true">{t('valueYes')}</option>
                      <option value="false">{t('valueNo')}</option>
                    </select>
                  ) : (
                    <input
                      aria-label={t('incidentNewValueOf', { name: label(f.name) })}
                      inputMode={f.kind === 'number' ? 'decimal' : 'text'}
                      value={f.text}
                      placeholder={t('incidentUnchanged')}
                      onChange={(e) => update(f.name, { text: e.target.value })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {others.length > 0 && (
        <label className="check">
          {t('incidentAddVariable')}
          <select
            value={extra}
            onChange={(e) => {
              const name = e.target.value;
              setExtra('');
              if (name) onChange([...fixes, { name, kind: kindOf(current.get(name)), text: '' }]);
            }}
          >
            <option value="">—</option>
            {others.map((v) => (
              <option key={v.name} value={v.name}>
                {label(v.name)}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}

/** The fixes to start from: the variables the step reads, typed as they are now (as text when missing; the administrator picks the kind). */
export const initialFixes = (detail: IncidentDetail): Fix[] =>
  detail.variables.map((v) => ({ name: v.name, kind: v.present ? kindOf(v.value) : 'text', text: '' }));
