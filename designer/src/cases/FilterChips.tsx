import { useApp } from '../app/AppContext.js';

/**
 * The filters a link set that the search form has no field for (a dashboard figure's 统计口径, the
 * refusing department, the step), each as a readable chip that can be removed.
 */
export function FilterChips<K extends string>({
  chips,
  remove,
}: {
  chips: Array<[K, string | false | undefined]>;
  remove: (key: K) => void;
}) {
  const { t } = useApp();
  const shown = chips.filter((c): c is [K, string] => !!c[1]);
  if (shown.length === 0) return null;
  return (
    <ul className="filter-chips">
      {shown.map(([key, text]) => (
        <li key={key} className="filter-chip" data-filter={key}>
          {text}
          <button
            type="button"
            className="link"
            aria-label={t('removeFilter', { filter: text })}
            onClick={() => remove(key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
