import { useEffect, useState } from 'react';
import type { Definition } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { readTable, type TableModel } from './decision-table.js';
import { diffTables, isEmpty, type TableDiff } from './table-diff.js';

type Based = Definition & { basedOn: NonNullable<Definition['basedOn']> };

/**
 * A township's own copy of a table: "基于市级 v1", what it changed against that version (as edited,
 * before deploying), "市级已更新到 v2" with what the city changed since, and 恢复继承.
 */
export function BaseBanner({
  definition,
  ownerLabel,
  model,
  onRevert,
}: {
  definition: Based;
  ownerLabel: string;
  /** The table as it stands in the editor. */
  model: TableModel;
  onRevert(): void;
}) {
  const api = useApi();
  const { t } = useApp();
  const { basedOn, upstream } = definition;
  const [base, setBase] = useState<TableModel | null>(null);
  const [latest, setLatest] = useState<TableModel | null>(null);
  useEffect(() => {
    let live = true;
    setBase(null);
    setLatest(null);
    const read = (id: string) => api.xml('decision', id).then((xml) => readTable(xml).then((p) => p.model));
    if (basedOn.id)
      read(basedOn.id).then(
        (m) => live && setBase(m),
        () => undefined,
      );
    if (definition.behind && upstream)
      read(upstream.id).then(
        (m) => live && setLatest(m),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [api, basedOn.id, definition.behind, upstream]);
  return (
    <div className="base-banner" data-testid="base-banner">
      <span className="badge">{t('basedOn', { tenant: ownerLabel, version: basedOn.version })}</span>
      {definition.behind && upstream && (
        <strong className="behind">　{t('basedOnBehind', { tenant: ownerLabel, version: upstream.version })}</strong>
      )}
      <button type="button" onClick={onRevert}>
        {t('revertOverride')}
      </button>
      {base && (
        <Changes
          title={t('rulesDiffTitle', { tenant: ownerLabel, version: basedOn.version })}
          diff={diffTables(base, model)}
        />
      )}
      {base && latest && (
        <Changes
          title={t('upstreamChanges', { tenant: ownerLabel, older: basedOn.version })}
          diff={diffTables(base, latest)}
        />
      )}
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
