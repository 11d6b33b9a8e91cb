import type { Problem } from '../../../definitions/index.js';
import { useApp } from '../app/AppContext.js';
import { problemLabel } from './problem-text.js';

/** Deployment problems: what is wrong in the user's language, the element (click selects it), the API's detail. */
export function ProblemList({ problems, onSelect }: { problems: Problem[]; onSelect(elementId: string): void }) {
  const { t, locale } = useApp();
  if (problems.length === 0) return null;
  return (
    <section className="problems" aria-label={t('problems')}>
      <h3>{t('problems')}</h3>
      <ul>
        {problems.map((p, i) => (
          <li key={i} data-code={p.code}>
            <strong>{problemLabel(p, locale)}</strong>
            {p.elementId && (
              <button type="button" className="link" onClick={() => onSelect(p.elementId!)}>
                {t('element', { id: p.elementId })}
              </button>
            )}
            <span className="detail">{p.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
