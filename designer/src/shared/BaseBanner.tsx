import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { Definition } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';

export type Based = Definition & { basedOn: NonNullable<Definition['basedOn']> };

/**
 * A township's own copy of a form or a table: "基于市级 v1", what it changed against that version (as edited,
 * before deploying), "市级已更新到 v2" with what the city changed since, and 恢复继承.
 */
export function BaseBanner<V>({
  definition,
  ownerLabel,
  testId,
  read,
  renderChanges,
  onRevert,
  onRebase,
  children,
}: {
  definition: Based;
  ownerLabel: string;
  testId: string;
  /** One version of the definition, read for comparing (the base, the city's latest). */
  read(id: string): Promise<V>;
  /** The changes from `base` to the copy as edited (`latest` null) or to the city's latest version. */
  renderChanges(title: string, base: V, latest: V | null): ReactNode;
  onRevert(): void;
  /** 同步市级更新, offered while the owner is ahead (and no rebase is shown yet). */
  onRebase?: (() => void) | undefined;
  /** Shown below the changes (a rebase's merge and its conflicts). */
  children?: ReactNode;
}) {
  const { t } = useApp();
  const { basedOn, upstream } = definition;
  const [base, setBase] = useState<V | null>(null);
  const [latest, setLatest] = useState<V | null>(null);
  const reader = useRef(read);
  reader.current = read;
  useEffect(() => {
    let live = true;
    setBase(null);
    setLatest(null);
    if (basedOn.id)
      reader.current(basedOn.id).then(
        (v) => live && setBase(() => v),
        () => undefined,
      );
    if (definition.behind && upstream)
      reader.current(upstream.id).then(
        (v) => live && setLatest(() => v),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [basedOn.id, definition.behind, upstream]);
  return (
    <div className="base-banner" data-testid={testId}>
      <span className="badge">{t('basedOn', { tenant: ownerLabel, version: basedOn.version })}</span>
      {definition.behind && upstream && (
        <strong className="behind">{t('basedOnBehind', { tenant: ownerLabel, version: upstream.version })}</strong>
      )}
      {definition.behind && upstream && onRebase && (
        <button type="button" className="primary" onClick={onRebase}>
          {t('rebaseStart', { tenant: ownerLabel })}
        </button>
      )}
      <button type="button" onClick={onRevert}>
        {t('revertOverride')}
      </button>
      {base !== null &&
        renderChanges(t('rulesDiffTitle', { tenant: ownerLabel, version: basedOn.version }), base, null)}
      {base !== null &&
        latest !== null &&
        renderChanges(t('upstreamChanges', { tenant: ownerLabel, older: basedOn.version }), base, latest)}
      {children}
    </div>
  );
}
