import type { FigureRow } from '../app/api/index.js';
import { useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import { caseSearchHash, type CaseFilters } from '../app/route.js';

type Figures = Omit<FigureRow, 'key' | 'name'>;
export const FIGURE_KEYS: Array<keyof Figures> = [
  'received',
  'answeredOnSpot',
  'notAccepted',
  'referred',
  'inProgress',
  'closed',
  'closedOnTime',
  'onTimeRate',
  'overdue',
  'supervised',
  'extended',
  'refused',
  'refusals',
  'returned',
  'reworked',
  'followedUp',
  'satisfied',
  'satisfactionRate',
];
/** The short form of a table (the 通报's printed pages): the figures a bulletin reads. */
export const BULLETIN_KEYS: Array<keyof Figures> = [
  'received',
  'answeredOnSpot',
  'referred',
  'closed',
  'onTimeRate',
  'overdue',
  'supervised',
  'followedUp',
  'satisfactionRate',
];
/** The 通报's tables by department: the bulletin's figures and the departments' 退单 (cases, then refusals). */
export const BULLETIN_DEPARTMENT_KEYS: Array<keyof Figures> = [...BULLETIN_KEYS, 'refused', 'refusals'];
/**
 * How a count's cases are found from its row's filters: the search's `figure`, the appeals the
 * figures count by their own per-case facts (a case called from another is its appeal's).
 */
type Drill = (filters: CaseFilters) => CaseFilters | undefined;
/** Every count but the rates and 退单次数 is a `figure` of the search. */
const SEARCHED = FIGURE_KEYS.filter((k) => k !== 'onTimeRate' && k !== 'satisfactionRate' && k !== 'refusals');
const DRILLED: Partial<Record<keyof Figures, Drill>> = {
  ...Object.fromEntries(SEARCHED.map((figure) => [figure, (filters: CaseFilters) => ({ ...filters, figure })])),
  // By department, 退单案件 is the cases the department refused (each once, however often it refused
  // one); 退单次数 beside it counts the refusals and opens no list (it would list fewer).
  refused: ({ department, ...filters }) =>
    department ? { ...filters, refusedBy: department } : { ...filters, figure: 'refused' },
};

export const percent = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;

/** Where a row's counts open the case search: its filters, and the unit's name for the page. */
type Link = { filters: CaseFilters; unitName?: string };

/**
 * A figures table: one row per group and the total; a rate with nothing to divide is "—". With
 * `drill`, every count of cases opens the case search filtered to exactly those cases (by department,
 * 退单案件 the cases the department refused; 退单次数 is a count of refusals, not linked); with
 * `totalDrill` (the table's own period and unit), the total row's too.
 */
export function FigureTable({
  heading,
  rows,
  total,
  keys = FIGURE_KEYS,
  drill,
  totalDrill,
  rank,
}: {
  heading: string;
  rows: Array<FigureRow & { rank?: number }>;
  total?: Figures;
  keys?: Array<keyof Figures>;
  drill?: (row: FigureRow) => Link | undefined;
  totalDrill?: Link;
  rank?: boolean;
}) {
  const { t } = useApp();
  const cell = (row: FigureRow | undefined, f: Figures, key: keyof Figures) => {
    const value = key.endsWith('Rate') ? percent(f[key] as number | null) : String(f[key]);
    const link = row ? drill?.(row) : totalDrill;
    const filters = link && DRILLED[key]?.(link.filters);
    if (!link || !filters || f[key] === 0) return value;
    return (
      <a
        href={caseSearchHash(filters, link.unitName)}
        aria-label={t('drillDown', { what: `${row?.name ?? t('totalRow')} ${t(`fig_${key}` as MessageKey)}` })}
      >
        {value}
      </a>
    );
  };
  return (
    <div className="figure-table-wrap">
      <table className="figure-table">
        <thead>
          <tr>
            {rank && <th>{t('bulletinRank')}</th>}
            <th>{heading}</th>
            {keys.map((k) => (
              <th key={k}>{t(`fig_${k}` as MessageKey)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              {rank && <td>{r.rank}</td>}
              <th scope="row">{r.name}</th>
              {keys.map((k) => (
                <td key={k} data-figure={k}>
                  {cell(r, r, k)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot>
            <tr>
              {rank && <td />}
              <th scope="row">{t('totalRow')}</th>
              {keys.map((k) => (
                <td key={k} data-figure={k}>
                  {cell(undefined, total, k)}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
