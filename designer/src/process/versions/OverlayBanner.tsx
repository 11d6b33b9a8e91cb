import type { Definition } from '../../app/api/index.js';
import { useApp } from '../../app/AppContext.js';
import type { ElementChange } from './diff.js';
import { DiffList } from './DiffList.js';

interface Props {
  /** The tenant's own version of an inherited process (it has `basedOn`). */
  definition: Definition & { basedOn: NonNullable<Definition['basedOn']> };
  /** How the tenant the copy was based on is named (市级 for the city). */
  ownerLabel: string;
  /** What the owner changed since the base, once compared (null while loading or when not behind). */
  upstreamChanges: ElementChange[] | null;
  onRevert(): void;
}

/** "基于市级 v1", and when the owner moved on "市级已更新到 v2" with what changed upstream; 恢复继承. */
export function OverlayBanner({ definition, ownerLabel, upstreamChanges, onRevert }: Props) {
  const { t } = useApp();
  const { basedOn, upstream } = definition;
  return (
    <div className="overlay-banner" data-testid="overlay-banner">
      <span className="badge">{t('basedOn', { tenant: ownerLabel, version: basedOn.version })}</span>
      {definition.behind && upstream && (
        <strong className="behind">　{t('basedOnBehind', { tenant: ownerLabel, version: upstream.version })}</strong>
      )}
      <button type="button" onClick={onRevert}>
        {t('revertOverride')}
      </button>
      {definition.behind && upstreamChanges && (
        <DiffList
          title={t('upstreamChanges', { tenant: ownerLabel, older: basedOn.version })}
          changes={upstreamChanges}
          emptyText={t('versionNoDiff')}
        />
      )}
    </div>
  );
}
