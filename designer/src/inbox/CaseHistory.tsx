import { useEffect, useState } from 'react';
import type { CaseFile, HistoryEvent } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { MESSAGES, type MessageKey, type T } from '../app/i18n/index.js';
import { outcomeText } from './decision-outcome.js';

/** The milestones of a case (what a handler needs to know), newest last; engine bookkeeping is left out. */
const SHOWN = new Set([
  'instanceStarted',
  'taskCompleted',
  'taskClaimed',
  'taskUnclaimed',
  'decisionEvaluated',
  'instanceCompleted',
  'instanceTerminated',
  'deadlineWarning',
  'taskOverdue',
  'taskUrged',
  'extensionRequested',
  'deadlineExtended',
  'extensionRejected',
  'supervisionOrdered',
  'incidentRaised',
  'timerFired',
]);

/** The case file of a case, read again when `revision` changes (the case moved on); null until read or when unreadable. */
export function useCaseFile(caseId: string | null, revision: number): CaseFile | null {
  const api = useApi();
  const [file, setFile] = useState<CaseFile | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision (the case changed) is the trigger, not a value read
  useEffect(() => {
    setFile(null);
    if (caseId) api.caseFile(caseId).then(setFile, () => setFile(null));
  }, [api, caseId, revision]);
  return file;
}

/**
 * The case's milestones, people by their display names, steps by their names (from the case `file`) and a
 * decision step by what it decided.
 */
export function CaseHistory({ caseId, revision, file }: { caseId: string; revision: number; file: CaseFile | null }) {
  const api = useApi();
  const { t, locale } = useApp();
  const [events, setEvents] = useState<HistoryEvent[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision (the case changed) is the trigger, not a value read
  useEffect(() => {
    api.history(caseId).then(
      (es) => setEvents(es.filter((e) => SHOWN.has(e.type))),
      () => setEvents([]),
    );
  }, [api, caseId, revision]);
  // Steps by their names, never their ids: the case file names each step the case passed.
  const steps = new Map(file ? [...file.steps, ...file.currentSteps].map((s) => [s.elementId, s.name]) : []);
  if (events.length === 0) return null;
  return (
    <section className="case-history" aria-label={t('caseHistory')}>
      <h3>{t('caseHistory')}</h3>
      <ol>
        {events.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the history only grows, so an event keeps its position
          <li key={i} data-event={e.type}>
            <time>
              {new Date(e.at).toLocaleString(locale, {
                timeZone: 'Asia/Shanghai',
                month: '2-digit',
                day: '2-digit',
                hour: '2-digit',
                minute: '2-digit',
              })}
            </time>
            <strong>{label(e.type, t)}</strong>
            {e.elementId && steps.has(e.elementId) && <span className="muted">{steps.get(e.elementId)}</span>}
            {e.outcome && e.outcome.length > 0 && (
              <span className="muted decision-outcome">{outcomeText(t, e.outcome)}</span>
            )}
            {e.actor && <span className="muted">{e.actorName ?? e.actor}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function label(type: string, t: T): string {
  const key = `ev_${type}`;
  return key in MESSAGES['zh-CN'] ? t(key as MessageKey) : type;
}
