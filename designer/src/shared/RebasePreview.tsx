import type { ReactNode } from 'react';
import type { FormRebase, RebaseConflict } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import { ConflictList } from './ConflictList.js';

type Applied = FormRebase['applied'][number];

/**
 * 同步市级更新 of a form or a decision table, while shown: what the owner's newer version brought into the
 * copy (each entry drawn by `entry`), the conflicts to decide, and how to finish or give up.
 */
export function RebasePreview(props: {
  ownerLabel: string;
  shown: { preview: { onto: { version: number }; applied: Applied[]; conflicts: RebaseConflict[] }; busy: boolean };
  entry(change: Applied): ReactNode;
  label(c: RebaseConflict): string;
  property(p: string): string;
  choose(id: string, side: 'ours' | 'theirs'): void;
  cancel(): void;
}) {
  const { t } = useApp();
  const { ownerLabel, shown } = props;
  const { preview } = shown;
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
                {props.entry(c)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <ConflictList
        conflicts={preview.conflicts}
        ownerLabel={ownerLabel}
        label={props.label}
        property={props.property}
        disabled={shown.busy}
        onChoose={props.choose}
      />
      <p className="hint">
        {t('rebaseDeployHint', { tenant: ownerLabel, version: preview.onto.version })}
        <button type="button" className="link" onClick={props.cancel}>
          {t('rebaseCancel')}
        </button>
      </p>
    </div>
  );
}
