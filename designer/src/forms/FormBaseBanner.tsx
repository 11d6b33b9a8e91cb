import { useEffect, useState } from 'react';
import type { Definition } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { type FieldChange, diffForms } from './form-diff.js';
import type { Field, FormSource } from './form-model.js';

export type BasedForm = Definition & { basedOn: NonNullable<Definition['basedOn']> };

/**
 * A township's own copy of a form: "基于市级 v1", what it changed against that version (as edited,
 * before deploying), "市级已更新到 v2" with what the city changed since, and 恢复继承.
 */
export function FormBaseBanner({
  definition,
  ownerLabel,
  fields,
  onRevert,
}: {
  definition: BasedForm;
  ownerLabel: string;
  /** The form's fields as they stand in the designer. */
  fields: Field[];
  onRevert(): void;
}) {
  const api = useApi();
  const { t } = useApp();
  const { basedOn, upstream } = definition;
  const [base, setBase] = useState<FormSource | null>(null);
  const [latest, setLatest] = useState<FormSource | null>(null);
  useEffect(() => {
    let live = true;
    setBase(null);
    setLatest(null);
    if (basedOn.id)
      api.form(basedOn.id).then(
        (f) => live && setBase(f as FormSource),
        () => undefined,
      );
    if (definition.behind && upstream)
      api.form(upstream.id).then(
        (f) => live && setLatest(f as FormSource),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [api, basedOn.id, definition.behind, upstream]);
  return (
    <div className="base-banner" data-testid="form-base">
      <span className="badge">{t('basedOn', { tenant: ownerLabel, version: basedOn.version })}</span>
      {definition.behind && upstream && (
        <strong className="behind">{t('basedOnBehind', { tenant: ownerLabel, version: upstream.version })}</strong>
      )}
      <button type="button" onClick={onRevert}>
        {t('revertOverride')}
      </button>
      {base && (
        <Changes
          title={t('rulesDiffTitle', { tenant: ownerLabel, version: basedOn.version })}
          changes={diffForms(base, fields)}
        />
      )}
      {base && latest && (
        <Changes
          title={t('upstreamChanges', { tenant: ownerLabel, older: basedOn.version })}
          changes={diffForms(base, latest)}
        />
      )}
    </div>
  );
}

function Changes({ title, changes }: { title: string; changes: FieldChange[] }) {
  const { t } = useApp();
  const aspect = (a: FieldChange['aspects'][number]) => {
    switch (a.aspect) {
      case 'label':
        return t('diffFieldLabel', { from: a.from, to: a.to });
      case 'kind':
        return t('diffFieldKind', { from: t(`kind_${a.from}`), to: t(`kind_${a.to}`) });
      case 'required':
        return t(a.to ? 'diffFieldRequired' : 'diffFieldOptional');
      case 'choices':
        return [
          a.added.length > 0 ? t('diffChoicesAdded', { choices: a.added.join('、') }) : '',
          a.removed.length > 0 ? t('diffChoicesRemoved', { choices: a.removed.join('、') }) : '',
        ]
          .filter(Boolean)
          .join('；');
    }
  };
  return (
    <section className="table-diff" aria-label={title}>
      <h4>{title}</h4>
      {changes.length === 0 ? (
        <p className="muted">{t('rulesNoDiff')}</p>
      ) : (
        <ul>
          {changes.map((c) => (
            <li key={`${c.kind}${c.label}`} className={`diff-${c.kind}`}>
              {c.kind === 'added'
                ? t('diffFieldAdded', { field: c.label })
                : c.kind === 'removed'
                  ? t('diffFieldRemoved', { field: c.label })
                  : t('diffFieldChanged', { field: c.label, changes: c.aspects.map(aspect).join('；') })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
