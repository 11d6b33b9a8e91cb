import { useEffect, useMemo, useState } from 'react';
import type { IncidentDetail } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { CaseDiagram } from '../cases/CaseDiagram.js';
import { localTime } from '../cases/local-time.js';
import { parseValue } from './variable-value.js';
import { initialFixes, VariableFixes, variableLabel, type Fix } from './VariableFixes.js';

/** One stopped case: where it stopped on its diagram, why in plain words, the variables to fix; retry, or move the case to another step. */
export function IncidentPanel({
  detail,
  onDone,
  fail,
}: {
  detail: IncidentDetail;
  onDone(message: string): void;
  fail(err: unknown): void;
}) {
  const api = useApi();
  const { t, locale } = useApp();
  const [xml, setXml] = useState<string | null>(null);
  const [fixes, setFixes] = useState<Fix[]>(() => initialFixes(detail));
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const elements = useMemo(() => [{ id: detail.elementId, state: 'incident' as const, times: 1 }], [detail.elementId]);

  useEffect(() => {
    setFixes(initialFixes(detail));
    setReason('');
    setTarget('');
    setProblem(null);
    api.caseDiagram(detail.caseId).then(setXml, () => setXml(null));
  }, [api, detail]);

  const run = async (work: () => Promise<unknown>, message: string) => {
    setBusy(true);
    try {
      await work();
      onDone(message);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const retry = () => {
    const variables: Record<string, unknown> = {};
    for (const f of fixes) {
      if (f.kind !== 'boolean' && f.text === '') continue;
      const parsed = parseValue(f.kind, f.text);
      if (!parsed) return setProblem(t('incidentNotANumber', { name: variableLabel(detail)(f.name) }));
      variables[f.name] = parsed.value;
    }
    setProblem(null);
    void run(() => api.retryIncident(detail.id, variables, reason.trim()), t('incidentRetried'));
  };

  const move = () => {
    if (!target) return setProblem(t('incidentPickStep'));
    if (!reason.trim()) return setProblem(t('incidentReasonNeeded'));
    setProblem(null);
    const name = detail.targets.find((s) => s.elementId === target)?.name ?? '';
    void run(
      () => api.moveCase(detail.caseId, detail.elementId, target, reason.trim()),
      t('incidentMoved', { step: name }),
    );
  };

  return (
    <section className="incident-detail" aria-label={t('incidentDetail')}>
      <h2>
        {detail.title} · {t('incidentAtStep', { step: detail.stepName })}
      </h2>
      <p className="muted">
        {t('incidentCase', { no: detail.trackingNo ?? t('incidentNoTracking') })} · {detail.tenantName} ·{' '}
        {localTime(detail.createdAt, locale)} ·{' '}
        <a href={`#/cases/${encodeURIComponent(detail.caseId)}`}>{t('incidentOpenCase')}</a>
      </p>
      <p className="explanation">{detail.explanation}</p>
      {detail.detail && <p className="muted">{detail.detail}</p>}
      {xml && <CaseDiagram xml={xml} elements={elements} />}
      <VariableFixes detail={detail} fixes={fixes} onChange={setFixes} />
      <div className="incident-actions">
        <label>
          {t('incidentReason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} size={30} />
        </label>
        <button type="button" className="primary" disabled={busy} onClick={retry}>
          {t('incidentRetry')}
        </button>
        {detail.canMove && detail.targets.length > 0 && (
          <>
            <label>
              {t('incidentMoveTo')}
              <select value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="">—</option>
                {detail.targets.map((s) => (
                  <option key={s.elementId} value={s.elementId}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" disabled={busy} onClick={move}>
              {t('incidentMove')}
            </button>
          </>
        )}
      </div>
      {problem && (
        <p className="status error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
