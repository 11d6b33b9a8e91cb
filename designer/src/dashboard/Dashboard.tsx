import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { Dashboard as Summary } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { T } from '../app/i18n/index.js';
import { caseSearchHash, type CaseFilters } from '../app/route.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { BarChart } from './BarChart.js';
import { Bulletin } from './Bulletin.js';
import { Figures } from './Figures.js';
import { OverdueTasks } from './OverdueTasks.js';
import { PendingExtensions } from './PendingExtensions.js';

const OPEN = '#1f6feb';
const OVERDUE = '#d92d20';
/** The appeals in progress, as the overview counts them (each once, at the unit that received it). */
const ACTIVE: CaseFilters = { status: 'active', figure: 'inProgress' };

/** 流程监控 draws diagrams: bpmn-js loads with it, not with the dashboard. */
const ProcessMap = lazy(() => import('../process-map/ProcessMap.js').then((m) => ({ default: m.ProcessMap })));

type View = 'overview' | 'figures' | 'bulletin' | 'processMap';
const VIEWS: Array<[View, 'viewOverview' | 'viewFigures' | 'viewBulletin' | 'viewProcessMap']> = [
  ['overview', 'viewOverview'],
  ['figures', 'viewFigures'],
  ['bulletin', 'viewBulletin'],
  ['processMap', 'viewProcessMap'],
];

/** The dashboard's views: the overview, the figures table with trends, the monthly 通报, 流程监控. */
export function Dashboard() {
  const { t } = useApp();
  const [view, setView] = useState<View>('overview');
  return (
    <main className="dashboard">
      <nav className="dashboard-views no-print" aria-label={t('tabDashboard')}>
        {VIEWS.map(([id, label]) => (
          <button key={id} type="button" aria-pressed={id === view} onClick={() => setView(id)}>
            {t(label)}
          </button>
        ))}
      </nav>
      {view === 'overview' && <Overview />}
      {view === 'figures' && <Figures />}
      {view === 'bulletin' && <Bulletin />}
      {view === 'processMap' && (
        <Suspense fallback={<p className="muted loading">…</p>}>
          <ProcessMap />
        </Suspense>
      )}
    </main>
  );
}

/** Where every case stands, what is overdue and how the loop performs, for the caller's subtree. */
function Overview() {
  const api = useApi();
  const { t } = useApp();
  const [summary, setSummary] = useState<Summary | null>(null);
  const { status, setStatus, fail } = useStatus();

  useEffect(() => {
    api.dashboard().then(setSummary, fail);
  }, [api, fail]);

  const steps = useMemo(() => {
    if (!summary) return null;
    const labels = stepLabels(summary.byStep, t);
    return {
      ...barsOf(
        summary.byStep.map((s, i) => ({ label: labels[i]!, open: s.open, overdue: s.overdue })),
        t,
      ),
      // A bar opens the cases with an open task at the step (the overdue bar: that task overdue); an
      // unnamed step is searched by its element, and the page names it as the bar does.
      hrefOf: (i: number, series: number) => {
        const step = summary.byStep[i];
        return (
          step &&
          caseSearchHash(
            { openStep: step.name ?? step.elementId, ...(series === 1 ? { light: 'red' } : {}) },
            undefined,
            labels[i],
          )
        );
      },
    };
  }, [summary, t]);
  const departments = useMemo(
    () =>
      summary && {
        ...barsOf(
          summary.byDepartment.map((d) => ({ label: d.name ?? d.group, open: d.open, overdue: d.overdue })),
          t,
        ),
        // A bar opens the cases waiting on the department (the overdue bar: those overdue there).
        hrefOf: (i: number, series: number) => {
          const group = summary.byDepartment[i]?.group;
          return group && caseSearchHash({ openDepartment: group, ...(series === 1 ? { light: 'red' } : {}) });
        },
      },
    [summary, t],
  );

  if (!summary) return <StatusLine status={status} />;
  const { cases, casesByLight, loop } = summary;
  // A figure with cases behind it opens the case search filtered to them; the counts of appeals (a
  // case called from one is part of it, not a case of its own) as the figures count them (`figure`).
  const kpis: Array<[string, string, string, CaseFilters?]> = [
    ['activeCases', t('kpiActive'), String(cases.active), ACTIVE],
    [
      'completedCases',
      t('kpiCompleted'),
      String(loop.completedCases),
      { closedSince: summary.since, figure: 'closed' },
    ],
    ['overdueCases', t('kpiOverdue'), String(casesByLight.red), { light: 'red' }],
    ['dueSoonCases', t('kpiDueSoon'), String(casesByLight.yellow), { light: 'yellow' }],
    ['stuckCases', t('kpiStuck'), String(summary.stuckCases)],
    ['onTimeRate', t('kpiOnTime'), loop.onTimeRate === null ? '—' : `${Math.round(loop.onTimeRate * 1000) / 10}%`],
    ['averageHours', t('kpiAverage'), loop.averageHours === null ? '—' : t('hours', { hours: loop.averageHours })],
  ];

  return (
    <>
      <StatusLine status={status} />
      <PendingExtensions fail={fail} setStatus={setStatus} />
      <section className="kpis">
        {kpis.map(([id, label, value, drill]) => (
          <div key={id} className={`kpi ${id}`} data-kpi={id}>
            {drill ? (
              <a className="value" href={caseSearchHash(drill)} aria-label={t('drillDown', { what: label })}>
                {value}
              </a>
            ) : (
              <span className="value">{value}</span>
            )}
            <span className="label">{label}</span>
          </div>
        ))}
      </section>
      <div className="charts">
        <section>
          <h3>{t('byStep')}</h3>
          {steps && <BarChart label={t('byStep')} {...steps} />}
        </section>
        <section>
          <h3>{t('byDepartment')}</h3>
          {departments && <BarChart label={t('byDepartment')} {...departments} />}
        </section>
      </div>
      <OverdueTasks
        fail={fail}
        setStatus={setStatus}
        unitName={(id) => summary.byTenant.find((r) => r.tenant === id)?.name ?? id}
      />
      <section>
        <h3>{t('byTenant')}</h3>
        <table className="tenants">
          <thead>
            <tr>
              <th>{t('tenantColumn')}</th>
              <th>{t('kpiActive')}</th>
              <th>{t('openTasksColumn')}</th>
              <th>{t('unitOverdueColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.byTenant.map((r) => (
              <tr key={r.tenant} data-tenant={r.tenant}>
                <td>{r.name ?? r.tenant}</td>
                <td>
                  <a
                    href={caseSearchHash({ tenant: r.tenant, ...ACTIVE }, r.name ?? undefined)}
                    aria-label={t('drillDown', { what: `${r.name ?? r.tenant} ${t('kpiActive')}` })}
                  >
                    {r.activeCases}
                  </a>
                </td>
                <td>{r.openTasks}</td>
                <td className={r.overdue > 0 ? 'overdue' : ''}>
                  {r.overdue > 0 ? (
                    <a
                      href={caseSearchHash({ tenant: r.tenant, light: 'red' }, r.name ?? undefined)}
                      aria-label={t('drillDown', { what: `${r.name ?? r.tenant} ${t('unitOverdueColumn')}` })}
                    >
                      {r.overdue}
                    </a>
                  ) : (
                    r.overdue
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/**
 * The steps as staff read them: a step's name, or for one without (its tasks have none) a plain
 * description — numbered when several have none —, never its element id.
 */
function stepLabels(steps: Array<{ name: string | null }>, t: T): string[] {
  const unnamed = steps.filter((s) => !s.name).length;
  let n = 0;
  return steps.map((s) => s.name || (unnamed > 1 ? t('unnamedStepN', { n: ++n }) : t('unnamedStep')));
}

function barsOf(rows: Array<{ label: string; open: number; overdue: number }>, t: T) {
  return {
    categories: rows.map((r) => r.label),
    series: [
      { name: t('seriesOpen'), values: rows.map((r) => r.open), color: OPEN },
      { name: t('seriesOverdue'), values: rows.map((r) => r.overdue), color: OVERDUE },
    ],
  };
}
