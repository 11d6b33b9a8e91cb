import type { RebaseConflict } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/zh-CN.js';

const KIND_TEXT: Record<RebaseConflict['kind'], MessageKey> = {
  changed: 'rebaseConflictChanged',
  'removed-upstream': 'rebaseConflictRemovedUpstream',
  'removed-here': 'rebaseConflictRemovedHere',
  'added-both': 'rebaseConflictAddedBoth',
};

/** The text of a conflict: by its kind, or what the owner added inside (or moved into) an element the unit removed. */
const within = (c: RebaseConflict): MessageKey =>
  c.added?.length && c.moved?.length
    ? 'rebaseConflictRemovedHereAddedMoved'
    : c.added?.length
      ? 'rebaseConflictRemovedHereAdded'
      : c.moved?.length
        ? 'rebaseConflictRemovedHereMoved'
        : KIND_TEXT[c.kind];

/**
 * 同步市级更新: what both the unit and its owner changed differently, one entry per element (or field), each
 * with a choice — keep the unit's own, or take the owner's. `label` names an entry (and what the owner added inside,
 * or moved into, one the unit removed) and `property` a changed property.
 */
export function ConflictList({
  conflicts,
  ownerLabel,
  label,
  property,
  disabled,
  onChoose,
  onSelect,
}: {
  conflicts: RebaseConflict[];
  ownerLabel: string;
  label(c: RebaseConflict): string;
  property(p: string): string;
  disabled: boolean;
  onChoose(id: string, side: 'ours' | 'theirs'): void;
  onSelect?(id: string): void;
}) {
  const { t } = useApp();
  const names = (c: RebaseConflict, elements: Array<{ id: string; name: string; type: string }> = []) =>
    [...new Set(elements.map((e) => label({ ...c, ...e })))].join('、');
  const title =
    conflicts.length > 0
      ? t('rebaseConflicts', { count: conflicts.length })
      : t('rebaseNoConflicts', { tenant: ownerLabel });
  return (
    <section className="conflict-list" aria-label={title}>
      <h4>{title}</h4>
      <ul>
        {conflicts.map((c) => (
          <li key={c.id} data-conflict={c.id}>
            {onSelect ? (
              <button type="button" className="link" onClick={() => onSelect(c.id)}>
                <strong>{label(c)}</strong>
              </button>
            ) : (
              <strong>{label(c)}</strong>
            )}
            <span className="muted">
              　
              {t(within(c), {
                tenant: ownerLabel,
                added: names(c, c.added),
                moved: names(c, c.moved),
                properties: [...new Set(c.properties.map(property))].join('、'),
              })}
            </span>
            <span className="conflict-choice" role="radiogroup" aria-label={label(c)}>
              <label>
                <input
                  type="radio"
                  name={`conflict-${c.id}`}
                  checked={c.resolution === 'ours'}
                  disabled={disabled}
                  onChange={() => onChoose(c.id, 'ours')}
                />
                {t('rebaseKeepOurs')}
              </label>
              <label>
                <input
                  type="radio"
                  name={`conflict-${c.id}`}
                  checked={c.resolution === 'theirs'}
                  disabled={disabled}
                  onChange={() => onChoose(c.id, 'theirs')}
                />
                {t('rebaseTakeTheirs', { tenant: ownerLabel })}
              </label>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
