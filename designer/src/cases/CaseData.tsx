import type { CaseStepData } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import { localTime } from './local-time.js';
import { valueText } from './value-text.js';

/** The case's data so far, read-only, one block per step in the labels of the form that captured it. */
export function CaseData({ steps }: { steps: CaseStepData[] }) {
  const { t, locale } = useApp();
  if (steps.length === 0) return null;
  return (
    <section className="case-data" aria-label={t('caseData')}>
      {steps.map((step) => (
        <div key={step.taskId} className="case-step" data-step={step.elementId}>
          <h4>
            {step.name}
            {step.completedAt && <span className="muted"> · {localTime(step.completedAt, locale)}</span>}
          </h4>
          <dl>
            {step.fields.map((f) => (
              <div key={f.key} className="case-field">
                <dt>{f.label}</dt>
                <dd>{valueText(f.value, t)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}
