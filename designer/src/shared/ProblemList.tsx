import type { Problem } from '../../../definitions/index.js';
import { useApp } from '../app/AppContext.js';
import { problemLabel, problemSentence } from './problem-text.js';

/**
 * Definition problems: what is wrong in the user's language, the element by its name (click
 * selects it), what to do (or the API's detail). Warnings are marked as such.
 */
export function ProblemList({
  problems,
  onSelect,
  title,
}: {
  problems: Problem[];
  onSelect(elementId: string): void;
  title?: string;
}) {
  const { t, locale } = useApp();
  if (problems.length === 0) return null;
  return (
    <section className="problems" aria-label={title ?? t('problems')}>
      <h3>{title ?? t('problems')}</h3>
      <ul>
        {problems.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced wholesale by each check; two problems may read alike
          <li key={i} data-code={p.code} className={p.severity === 'warning' ? 'warning' : 'error'}>
            {p.severity === 'warning' && <em className="severity">{t('problemWarning')}</em>}
            <strong>{problemLabel(p, locale)}</strong>
            {p.elementId && (
              <button type="button" className="link" onClick={() => onSelect(p.elementId!)}>
                {p.elementName ? t('elementNamed', { name: p.elementName }) : t('element', { id: p.elementId })}
              </button>
            )}
            <span className="detail">{problemSentence(p, locale)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
