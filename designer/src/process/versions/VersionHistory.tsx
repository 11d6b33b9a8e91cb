import { useEffect, useState } from 'react';
import type { ProcessVersion } from '../../app/api/index.js';
import { useApi, useApp } from '../../app/AppContext.js';

interface Props {
  processKey: string;
  tenant: string;
  /** Changes when a new version may have been deployed, to list again. */
  revision: number;
  onView(version: ProcessVersion): void;
  onCompare(older: ProcessVersion, newer: ProcessVersion): void;
  fail(err: unknown): void;
}

/** The versions of the opened process at its tenant: who deployed each, when and why; view one read-only or compare two. */
export function VersionHistory({ processKey, tenant, revision, onView, onCompare, fail }: Props) {
  const api = useApi();
  const { t, locale } = useApp();
  const [versions, setVersions] = useState<ProcessVersion[]>([]);
  const [picked, setPicked] = useState<number[]>([]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: revision (a new deployment) is the trigger, not a value read
  useEffect(() => {
    setPicked([]);
    api.processVersions(processKey, tenant).then(setVersions, fail);
  }, [api, processKey, tenant, revision, fail]);

  const toggle = (version: number) =>
    setPicked((p) => (p.includes(version) ? p.filter((v) => v !== version) : [...p, version].slice(-2)));
  const compare = () => {
    const [a, b] = picked.map((v) => versions.find((x) => x.version === v)!).sort((x, y) => x.version - y.version);
    if (a && b) onCompare(a, b);
  };

  if (versions.length === 0) return null;
  return (
    <section className="version-history" aria-label={t('versionHistory')}>
      <h3>{t('versionHistory')}</h3>
      <ul>
        {versions.map((v) => (
          <li key={v.id}>
            <label>
              <input
                type="checkbox"
                checked={picked.includes(v.version)}
                onChange={() => toggle(v.version)}
                aria-label={t('versionPick', { version: v.version })}
              />
              {t('versionEntry', {
                version: v.version,
                who: v.deployedByName ?? v.deployedBy ?? '—',
                when: new Date(v.deployedAt).toLocaleString(locale, { timeZone: 'Asia/Shanghai' }),
              })}
            </label>
            <span className="muted">
              　{v.comment ?? t('versionNoComment')}
              {v.withdrawn ? `（${t('versionWithdrawn')}）` : ''}
            </span>
            <button type="button" className="link" onClick={() => onView(v)}>
              {t('versionOpen', { version: v.version })}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={compare} disabled={picked.length !== 2} title={t('versionPickTwo')}>
        {t('versionCompare')}
      </button>
    </section>
  );
}
