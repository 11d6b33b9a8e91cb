import { useEffect, useId, useState } from 'react';
import type { CaseSearchResult } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';

type CaseItem = CaseSearchResult['items'][number];

/** 选取近期案件: one of the tenant's recent cases, by tracking number and title, fills the trial's inputs from its variables. */
export function RecentCasePicker({
  tenant,
  table,
  onPick,
}: {
  tenant: string;
  /** The table tried: opening one (again) lists the cases anew. */
  table: string;
  onPick(variables: Record<string, unknown>): void;
}) {
  const api = useApi();
  const { t } = useApp();
  const id = useId();
  const [cases, setCases] = useState<CaseItem[]>([]);
  const [chosen, setChosen] = useState('');
  const [failed, setFailed] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: opening a table (again) lists the recent cases anew
  useEffect(() => {
    let live = true;
    setChosen('');
    if (!tenant) return;
    api.searchCases({ tenant, sort: '-createdAt' }).then(
      (found) => live && setCases(found.items.slice(0, 20)),
      () => live && setCases([]),
    );
    return () => {
      live = false;
    };
  }, [api, tenant, table]);
  if (cases.length === 0) return null;
  const pick = async (caseId: string) => {
    setChosen(caseId);
    if (!caseId) return;
    try {
      onPick(await api.caseVariables(caseId));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };
  return (
    <div className="trial-case">
      <label htmlFor={id}>{t('trialPickCase')}</label>
      <select id={id} value={chosen} onChange={(e) => void pick(e.target.value)}>
        <option value="">{t('trialPickCaseNone')}</option>
        {cases.map((c) => (
          <option key={c.id} value={c.id}>
            {c.trackingNo ? `${c.trackingNo} ${c.title}` : c.title}
          </option>
        ))}
      </select>
      {failed && <span role="alert">{t('trialPickCaseFailed')}</span>}
    </div>
  );
}
