import { useCallback, useEffect, useState } from 'react';
import type { CaseSearchResult } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { CaseFilters } from '../app/route.js';
import type { MessageKey } from '../app/i18n/index.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { FilterChips } from './FilterChips.js';
import { localTime } from './local-time.js';

const STATUS: Record<string, MessageKey> = {
  active: 'caseActive',
  completed: 'caseCompleted',
  terminated: 'caseTerminated',
};
const LIGHT: Record<string, MessageKey> = { green: 'lightGreen', yellow: 'lightYellow', red: 'lightRed' };
const LEVEL: Record<string, MessageKey> = { '0': 'levelCity', '1': 'levelTownship', '2': 'levelVillage' };
/** The channel filter of the cases with none recorded (the figures' 未记录). */
const NO_CHANNEL = '-';
const EMPTY = {
  q: '',
  tenant: '',
  under: '',
  level: '',
  openDepartment: '',
  overdue: '',
  figure: '',
  refusedBy: '',
  openStep: '',
  closedSince: '',
  process: '',
  definition: '',
  waitingAt: '',
  stuckAt: '',
  status: '',
  category: '',
  channel: '',
  department: '',
  light: '',
  from: '',
  to: '',
};
const SHANGHAI = 8 * 3_600_000;
const DAY = 86_400_000;
/** A day picked (Beijing time) as the instant it starts; `to` is the day after the last one picked (both days count). */
const startOf = (day: string, plus = 0) =>
  day ? new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI + plus).toISOString() : '';

/** 案件查询: find a case by tracking number, phone (or its last digits), appellant or enterprise, with filters and pages. */
export function CaseSearch({
  initial = {},
  unitName,
  stepName,
  processName,
}: {
  initial?: CaseFilters;
  unitName?: string;
  /** What the `openStep`, `waitingAt` or `stuckAt` filter is called on the page (an unnamed step's description). */
  stepName?: string;
  /** What the `process` filter is called on the page (流程监控: the process's name, never its key). */
  processName?: string;
}) {
  const api = useApi();
  const { t, locale } = useApp();
  // Opened from a dashboard figure: its filters, searched at once (the page remounts on a new link).
  const [start] = useState(() => ({ ...EMPTY, ...initial }));
  const [filters, setFilters] = useState(start);
  /** The filters of the results shown: the pages follow them, not what is typed meanwhile. */
  const [searched, setSearched] = useState(start);
  const [page, setPage] = useState(1);
  /** The cursor each page shown so far was read after ('' for the first): 下一页 follows the answer's `next`, 上一页 goes back along these. */
  const [trail, setTrail] = useState<string[]>(['']);
  const [result, setResult] = useState<CaseSearchResult | null>(null);
  const [departments, setDepartments] = useState<Array<{ id: string; name: string }>>([]);
  const { status, fail } = useStatus();

  useEffect(() => {
    api.assignableGroups().then((groups) => setDepartments(groups.map((g) => ({ id: g.id, name: g.name }))), fail);
  }, [api, fail]);
  const run = useCallback(
    (f: typeof EMPTY, after: string) => {
      const period = { from: startOf(f.from), to: startOf(f.to, DAY) };
      api.searchCases(after ? { ...f, ...period, after } : { ...f, ...period, page: '1' }).then(setResult, fail);
    },
    [api, fail],
  );
  useEffect(() => run(start, ''), [run, start]);
  const go = (to: number, after: string, f = searched) => {
    setTrail([...trail.slice(0, to - 1), after]);
    setPage(to);
    setSearched(f);
    run(f, after);
  };
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [key]: e.target.value });
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;

  return (
    <main className="case-search">
      <StatusLine status={status} />
      <form
        className="case-filters"
        onSubmit={(e) => {
          e.preventDefault();
          go(1, '', filters);
        }}
      >
        <label>
          {t('searchQuery')}
          <input type="search" value={filters.q} maxLength={100} placeholder={t('searchHint')} onChange={set('q')} />
        </label>
        <label>
          {t('caseStatus')}
          <select value={filters.status} onChange={set('status')}>
            <option value="">{t('any')}</option>
            {Object.entries(STATUS).map(([v, k]) => (
              <option key={v} value={v}>
                {t(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('caseLevel')}
          <select value={filters.level} onChange={set('level')}>
            <option value="">{t('anyLevel')}</option>
            {Object.entries(LEVEL).map(([v, k]) => (
              <option key={v} value={v}>
                {t(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('caseCategory')}
          <input value={filters.category} maxLength={100} onChange={set('category')} />
        </label>
        <label>
          {t('caseChannel')}
          <input
            list="case-channels"
            value={filters.channel === NO_CHANNEL ? t('channelNone') : filters.channel}
            maxLength={40}
            onChange={(e) =>
              setFilters({ ...filters, channel: e.target.value === t('channelNone') ? NO_CHANNEL : e.target.value })
            }
          />
          <datalist id="case-channels">
            <option value={t('channelNone')} />
          </datalist>
        </label>
        <label>
          {t('caseDepartment')}
          <select value={filters.department} onChange={set('department')}>
            <option value="">{t('anyDepartment')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('caseLight')}
          <select value={filters.light} onChange={set('light')}>
            <option value="">{t('any')}</option>
            {Object.entries(LIGHT).map(([v, k]) => (
              <option key={v} value={v}>
                {t(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.overdue === 'true'}
            onChange={(e) => setFilters({ ...filters, overdue: e.target.checked ? 'true' : '' })}
          />
          {t('caseOverdueOnly')}
        </label>
        <label>
          {t('dateFrom')}
          <input type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label>
          {t('dateTo')}
          <input type="date" value={filters.to} onChange={set('to')} />
        </label>
        {(filters.tenant || filters.under) && (
          <p className="muted">
            {filters.tenant
              ? t('searchUnit', { unit: unitName ?? filters.tenant })
              : t('searchUnder', { unit: unitName ?? filters.under })}{' '}
            <button type="button" className="link" onClick={() => setFilters({ ...filters, tenant: '', under: '' })}>
              {t('searchAllUnits')}
            </button>
          </p>
        )}
        {filters.openDepartment && (
          <p className="muted">
            {t('searchOpenDepartment', {
              department: departments.find((d) => d.id === filters.openDepartment)?.name ?? filters.openDepartment,
            })}{' '}
            <button type="button" className="link" onClick={() => setFilters({ ...filters, openDepartment: '' })}>
              {t('searchAllDepartments')}
            </button>
          </p>
        )}
        <FilterChips
          chips={[
            ['figure', filters.figure && t('searchFigure', { figure: t(`fig_${filters.figure}` as MessageKey) })],
            [
              'refusedBy',
              filters.refusedBy &&
                t('searchRefusedBy', {
                  department: departments.find((d) => d.id === filters.refusedBy)?.name ?? filters.refusedBy,
                }),
            ],
            ['openStep', filters.openStep && t('searchOpenStep', { step: stepName ?? filters.openStep })],
            ['process', filters.process && t('searchProcess', { process: processName ?? t('mapUnnamedProcess') })],
            ['waitingAt', filters.waitingAt && t('searchWaitingAt', { step: stepName ?? t('mapUnnamedStep') })],
            ['stuckAt', filters.stuckAt && t('searchStuckAt', { step: stepName ?? t('mapUnnamedStep') })],
            [
              'closedSince',
              filters.closedSince && t('searchClosedSince', { time: localTime(filters.closedSince, locale) }),
            ],
          ]}
          remove={(key) =>
            // A step of a process is searched within it: leaving the process leaves its steps too.
            setFilters(
              key === 'process'
                ? { ...filters, process: '', definition: '', waitingAt: '', stuckAt: '' }
                : { ...filters, [key]: '' },
            )
          }
        />
        <button type="submit">{t('search')}</button>
      </form>
      {result && (
        <>
          <p className="muted">{t(result.more ? 'searchTotalMore' : 'searchTotal', { total: result.total })}</p>
          <table className="case-results">
            <thead>
              <tr>
                <th>{t('trackingNo')}</th>
                <th>{t('caseSubject')}</th>
                <th>{t('caseStatus')}</th>
                <th>{t('caseRegistered')}</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`#/cases/${encodeURIComponent(c.id)}`}>{c.trackingNo ?? c.id}</a>
                  </td>
                  <td>{c.title}</td>
                  <td>
                    {c.light && <span className={`light ${c.light}`} title={t(LIGHT[c.light]!)} />}{' '}
                    {t(STATUS[c.status] ?? 'caseActive')}
                  </td>
                  <td>{localTime(c.createdAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <nav className="pager">
              <button type="button" disabled={page <= 1} onClick={() => go(page - 1, trail[page - 2] ?? '')}>
                {t('previousPage')}
              </button>
              <span>{t(result.more ? 'pageOfMore' : 'pageOf', { page, pages })}</span>
              <button type="button" disabled={!result.next} onClick={() => result.next && go(page + 1, result.next)}>
                {t('nextPage')}
              </button>
            </nav>
          )}
        </>
      )}
    </main>
  );
}
