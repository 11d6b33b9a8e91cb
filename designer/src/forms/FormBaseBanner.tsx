import type { FormRebase } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { type Based, BaseBanner } from '../shared/BaseBanner.js';
import { RebasePreview } from '../shared/RebasePreview.js';
import type { RebaseControls } from '../shared/use-rebase.js';
import { type FieldChange, diffForms } from './form-diff.js';
import type { Field, FormSource } from './form-model.js';

export type BasedForm = Based;

/** A township's own copy of a form against the city's version it was based on (see `BaseBanner`). */
export function FormBaseBanner({
  definition,
  ownerLabel,
  fields,
  onRevert,
  rebase,
}: {
  definition: BasedForm;
  ownerLabel: string;
  /** The form's fields as they stand in the designer. */
  fields: Field[];
  onRevert(): void;
  /** 同步市级更新: start it, and while shown, the merge (already in the designer) with its conflicts to decide. */
  rebase?: RebaseControls<FormRebase>;
}) {
  const api = useApi();
  return (
    <BaseBanner<FormSource>
      definition={definition}
      ownerLabel={ownerLabel}
      testId="form-base"
      read={(id) => api.form(id).then((f) => f as FormSource)}
      renderChanges={(title, base, latest) => <Changes title={title} changes={diffForms(base, latest ?? fields)} />}
      onRevert={onRevert}
      onRebase={rebase && !rebase.shown ? rebase.start : undefined}
    >
      {rebase?.shown && <FormRebasePreview ownerLabel={ownerLabel} {...rebase} shown={rebase.shown} />}
    </BaseBanner>
  );
}

/** The merge of the city's newer form into the copy: the fields taken, the conflicts to decide. */
function FormRebasePreview(props: {
  ownerLabel: string;
  shown: { preview: FormRebase; busy: boolean };
  choose(id: string, side: 'ours' | 'theirs'): void;
  cancel(): void;
}) {
  const { t } = useApp();
  const label = (c: { name: string; type: string }) => (c.type === 'form' ? t('rebaseFormSetting') : c.name);
  const property = (p: string) =>
    t(
      p === 'title'
        ? 'diffProp_name'
        : ['enum', 'oneOf', 'items'].includes(p)
          ? 'rebaseFieldChoices'
          : p === 'required'
            ? 'rebaseFieldRequired'
            : 'diffProp_other',
    );
  return (
    <RebasePreview
      {...props}
      label={label}
      property={property}
      entry={(c) =>
        c.kind === 'added'
          ? t('diffFieldAdded', { field: label(c) })
          : c.kind === 'removed'
            ? t('diffFieldRemoved', { field: label(c) })
            : t('diffFieldChanged', { field: label(c), changes: [...new Set(c.properties.map(property))].join('、') })
      }
    />
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
