import type { Locale } from '../app/i18n/index.js';
import { dmnTranslate } from './dmn-translations.js';

/**
 * dmn-js-decision-table titles a column's drag handle itself (`Move Input`, `Move Output`: DragAndDrop.js builds
 * them without its translate), so the handles under `root` get their titles translated as the table draws them.
 * Returns a function that stops watching.
 */
export function translateDragTitles(root: HTMLElement, locale: Locale): () => void {
  const translate = dmnTranslate(locale);
  const fix = () => {
    for (const handle of root.querySelectorAll('.dmn-icon-drag[title^="Move "]')) {
      const title = handle.getAttribute('title')!;
      const next = translate(title);
      if (next !== title) handle.setAttribute('title', next);
    }
  };
  const observer = new MutationObserver(fix);
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['title'] });
  fix();
  return () => observer.disconnect();
}
