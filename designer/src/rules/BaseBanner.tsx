import type { DecisionRebase } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { type Based, BaseBanner as DefinitionBaseBanner } from '../shared/BaseBanner.js';
import { ConflictList } from '../shared/ConflictList.js';
import { readTable, type TableModel } from './decision-table.js';
import { diffTables, isEmpty, type TableDiff } from './table-diff.js';

/** A township's own copy of a decision table against the city's version it was based on (see the shared banner). */
export function BaseBanner({
  definition,
  ownerLabel,
  model,
  onRevert,
  rebase,
}: {
  definition: Based;
  ownerLabel: string;
  /** The table as it stands in the editor. */
  model: TableModel;
  onRevert(): void;
  /** 同步市级更新: start it, and while shown, the merge (already in the editor) with its conflicts to decide. */
  rebase?: {
    start(): void;
    shown: { preview: DecisionRebase; busy: boolean } | null;
    choose(id: string, side: 'ours' | 'theirs'): void;
    cancel(): void;
  };
}) {
  const api = useApi();
  return (
    <DefinitionBaseBanner<TableModel>
      definition={definition}
      ownerLabel={ownerLabel}
      testId="base-banner"
      read={(id) => api.xml('decision', id).then((xml) => readTable(xml).then((p) => p.model))}
      renderChanges={(title, base, latest) => <Changes title={title} diff={diffTables(base, latest ?? model)} />}
      onRevert={onRevert}
      onRebase={rebase && !rebase.shown ? rebase.start : undefined}
    >
      {rebase?.shown && <RebasePreview ownerLabel={ownerLabel} {...rebase} shown={rebase.shown} />}
    </DefinitionBaseBanner>
  );
}

const KIND_KEY = { added: 'diffAdded', removed: 'diffRemoved', changed: 'diffChanged' } as const;

/** The merge of the city's newer table into the copy: the rules and columns taken, the conflicts to decide. */
function RebasePreview({
  ownerLabel,
  shown,
  choose,
  cancel,
}: {
  ownerLabel: string;
  shown: { preview: DecisionRebase; busy: boolean };
  choose(id: string, side: 'ours' | 'theirs'): void;
  cancel(): void;
}) {
  const { t } = useApp();
  const { preview } = shown;
  const property = (p: string) => (p === 'description' ? t('diffProp_documentation') : p);
  const applied = t('rebaseApplied', { tenant: ownerLabel });
  return (
    <div className="rebase-preview">
      <h4>{t('rebasePreview', { tenant: ownerLabel, version: preview.onto.version })}</h4>
      <section className="table-diff" aria-label={applied}>
        <h4>{applied}</h4>
        {preview.applied.length === 0 ? (
          <p className="muted">{t('rebaseNothingApplied')}</p>
        ) : (
          <ul>
            {preview.applied.map((c) => (
              <li key={c.id} className={`diff-${c.kind}`}>
                <strong>{t(KIND_KEY[c.kind])}</strong>　{c.name}
                {c.properties.length > 0 && (
                  <span className="muted">
                    　{t('diffProperties', { properties: c.properties.map(property).join('、') })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ConflictList
        conflicts={preview.conflicts}
        ownerLabel={ownerLabel}
        label={(c) => c.name}
        property={property}
        disabled={shown.busy}
        onChoose={choose}
      />
      <p className="hint">
        {t('rebaseDeployHint', { tenant: ownerLabel, version: preview.onto.version })}
        <button type="button" className="link" onClick={cancel}>
          {t('rebaseCancel')}
        </button>
      </p>
    </div>
  );
}

function Changes({ title, diff }: { title: string; diff: TableDiff }) {
  const { t } = useApp();
  return (
    <section className="table-diff" aria-label={title}>
      <h4>{title}</h4>
      {isEmpty(diff) ? (
        <p className="muted">{t('rulesNoDiff')}</p>
      ) : (
        <ul>
          {diff.hitPolicy && <li>{t('diffHitPolicy', diff.hitPolicy)}</li>}
          {diff.columnsAdded.map((c) => (
            <li key={`+${c}`}>{t('diffColumnAdded', { column: c })}</li>
          ))}
          {diff.columnsRemoved.map((c) => (
            <li key={`-${c}`}>{t('diffColumnRemoved', { column: c })}</li>
          ))}
          {diff.rules.map((r) => (
            <li key={`${r.kind}${r.number}`} className={`diff-${r.kind}`}>
              {t(r.kind === 'added' ? 'diffRuleAdded' : r.kind === 'removed' ? 'diffRuleRemoved' : 'diffRuleChanged', {
                number: r.number,
                rule: r.summary,
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
