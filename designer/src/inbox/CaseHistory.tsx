import { useEffect, useState } from 'react';
import type { HistoryEvent } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import { MESSAGES, type MessageKey, type T } from '../app/i18n/index.js';

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

export function CaseHistory({ caseId, revision }: { caseId: string; revision: number }) {
  const api = useApi();
  const { t, locale } = useApp();
  const [events, setEvents] = useState<HistoryEvent[]>([]);
  const [steps, setSteps] = useState<Map<string, string>>(new Map());
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision (the case changed) is the trigger, not a value read
  useEffect(() => {
    api.history(caseId).then(
      (es) => setEvents(es.filter((e) => SHOWN.has(e.type))),
      () => setEvents([]),
    );
    // Steps by their names, never their ids: the case file names each step the case passed.
    api.caseFile(caseId).then(
      (file) => setSteps(new Map([...file.steps, ...file.currentSteps].map((s) => [s.elementId, s.name]))),
      () => setSteps(new Map()),
    );
  }, [api, caseId, revision]);
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
            {e.type === 'decisionEvaluated' && e.data?.result !== undefined && (
              <span className="muted">{JSON.stringify(e.data.result)}</span>
            )}
            {e.actor && <span className="muted">{e.actor}</span>}
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
