import type { Definition } from '../../app/api/index.js';
import { useApp } from '../../app/AppContext.js';
import { ConflictList } from '../../shared/ConflictList.js';
import { DiffList, propertyLabel, typeLabel } from './DiffList.js';
import type { Overlay } from './use-overlay.js';

interface Props {
  /** The tenant's own version of an inherited process (it has `basedOn`). */
  definition: Definition & { basedOn: NonNullable<Definition['basedOn']> };
  /** How the tenant the copy was based on is named (市级 for the city). */
  ownerLabel: string;
  overlay: Overlay;
  onRevert(): void;
  /** Selects an element on the canvas. */
  onSelect(id: string): void;
}

/**
 * "基于市级 v1" with what the unit changed against it; when the owner moved on, "市级已更新到 v2" with what
 * changed upstream and 同步市级更新 (the merge on the canvas, conflicts to decide); 恢复继承.
 */
export function OverlayBanner({ definition, ownerLabel, overlay, onRevert, onSelect }: Props) {
  const { t } = useApp();
  const { basedOn, upstream } = definition;
  const { rebasing } = overlay;
  return (
    <div className="overlay-banner" data-testid="overlay-banner">
      <span className="badge">{t('basedOn', { tenant: ownerLabel, version: basedOn.version })}</span>
      {definition.behind && upstream && (
        <strong className="behind">{t('basedOnBehind', { tenant: ownerLabel, version: upstream.version })}</strong>
      )}
      {definition.behind && upstream && !rebasing && (
        <button type="button" className="primary" onClick={() => void overlay.startRebase()}>
          {t('rebaseStart', { tenant: ownerLabel })}
        </button>
      )}
      <button type="button" onClick={onRevert}>
        {t('revertOverride')}
      </button>
      {!rebasing && overlay.ownChanges && (
        <DiffList
          title={t('ownChanges', { tenant: ownerLabel, version: basedOn.version })}
          changes={overlay.ownChanges}
          emptyText={t('ownNoChanges', { tenant: ownerLabel, version: basedOn.version })}
          onSelect={onSelect}
        />
      )}
      {definition.behind && overlay.upstreamChanges && (
        <DiffList
          title={t('upstreamChanges', { tenant: ownerLabel, older: basedOn.version })}
          changes={overlay.upstreamChanges}
          emptyText={t('versionNoDiff')}
        />
      )}
      {rebasing && (
        <div className="rebase-preview">
          <h3>{t('rebasePreview', { tenant: ownerLabel, version: rebasing.preview.onto.version })}</h3>
          <DiffList
            title={t('rebaseApplied', { tenant: ownerLabel })}
            changes={rebasing.preview.applied}
            emptyText={t('rebaseNothingApplied')}
            onSelect={onSelect}
          />
          <ConflictList
            conflicts={rebasing.preview.conflicts}
            ownerLabel={ownerLabel}
            label={(c) => c.name || t('diffUnnamed', { type: typeLabel(t, c.type) })}
            property={(p) => propertyLabel(t, p)}
            disabled={rebasing.busy}
            onChoose={(id, side) => void overlay.choose(id, side)}
            onSelect={onSelect}
          />
          <p className="hint">
            {t('rebaseDeployHint', { tenant: ownerLabel, version: rebasing.preview.onto.version })}
            <button type="button" className="link" onClick={() => void overlay.cancelRebase()}>
              {t('rebaseCancel')}
            </button>
          </p>
        </div>
      )}
    </div>
  );
}
