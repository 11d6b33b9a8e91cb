import type { DecisionRebase, Group } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { type Based, BaseBanner as DefinitionBaseBanner } from '../shared/BaseBanner.js';
import { RebasePreview } from '../shared/RebasePreview.js';
import type { RebaseControls } from '../shared/use-rebase.js';
import { cellWords } from './cell-words.js';
import { readTable, type TableModel } from './decision-table.js';
import { diffTables, isEmpty, type TableDiff } from './table-diff.js';

/** A township's own copy of a decision table against the city's version it was based on (see the shared banner). */
export function BaseBanner({
  definition,
  ownerLabel,
  model,
  groups,
  fieldLabels = {},
  onRevert,
  rebase,
}: {
  definition: Based;
  ownerLabel: string;
  /** The table as it stands in the editor. */
  model: TableModel;
  /** The departments, so that a changed rule reads as the table does (names, 5个工作日). */
  groups: Group[];
  /** The forms' labels of the variables input columns read, for a column without a label of its own. */
  fieldLabels?: Record<string, string>;
  onRevert(): void;
  /** 同步市级更新: start it, and while shown, the merge (already in the editor) with its conflicts to decide. */
  rebase?: RebaseControls<DecisionRebase>;
}) {
  const api = useApi();
  const { t, locale } = useApp();
  const read = (text: string) =>
    cellWords(text, { t, locale, departmentName: (id) => groups.find((g) => g.id === id)?.name }) ?? text;
  return (
    <DefinitionBaseBanner<TableModel>
      definition={definition}
      ownerLabel={ownerLabel}
      testId="base-banner"
      read={(id) => api.xml('decision', id).then((xml) => readTable(xml).then((p) => p.model))}
      renderChanges={(title, base, latest) => (
        <Changes title={title} diff={diffTables(base, latest ?? model, read, (e) => fieldLabels[e])} />
      )}
      onRevert={onRevert}
      onRebase={rebase && !rebase.shown ? rebase.start : undefined}
    >
      {rebase?.shown && <TableRebasePreview ownerLabel={ownerLabel} {...rebase} shown={rebase.shown} />}
    </DefinitionBaseBanner>
  );
}

const KIND_KEY = { added: 'diffAdded', removed: 'diffRemoved', changed: 'diffChanged' } as const;

/** The merge of the city's newer table into the copy: the rules and columns taken, the conflicts to decide. */
function TableRebasePreview(props: {
  ownerLabel: string;
  shown: { preview: DecisionRebase; busy: boolean };
  choose(id: string, side: 'ours' | 'theirs'): void;
  cancel(): void;
}) {
  const { t } = useApp();
  const property = (p: string) => (p === 'description' ? t('diffProp_documentation') : p);
  return (
    <RebasePreview
      {...props}
      label={(c) => c.name}
      property={property}
      entry={(c) => (
        <>
          <strong>{t(KIND_KEY[c.kind])}</strong>　{c.name}
          {c.properties.length > 0 && (
            <span className="muted">
              　{t('diffProperties', { properties: c.properties.map(property).join('、') })}
            </span>
          )}
        </>
      )}
    />
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
          {diff.columnsChanged.map((c) => (
            <li key={`~${c}`}>{t('diffColumnChanged', { column: c })}</li>
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
