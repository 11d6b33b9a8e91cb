import { useEffect, useMemo, useState } from 'react';
import type { ProcessStatistics, ProcessStatisticsList } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { T } from '../app/i18n/index.js';
import { caseSearchHash, incidentsHash } from '../app/route.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { type Badge, MapDiagram } from './MapDiagram.js';
import './process-map.css';

type Element = ProcessStatistics['elements'][number];

/**
 * 流程监控: a process picked by name, its diagram read-only with a badge on each element where cases
 * stand (在办, 超期 in red, 故障 in orange), each opening the list of those cases; all versions by
 * default, or one picked (the steps its diagram lacks listed under it).
 */
export function ProcessMap() {
  const api = useApi();
  const { t } = useApp();
  const [processes, setProcesses] = useState<ProcessStatisticsList | null>(null);
  const [key, setKey] = useState('');
  const [definition, setDefinition] = useState('');
  const [stats, setStats] = useState<ProcessStatistics | null>(null);
  const { status, fail } = useStatus();

  useEffect(() => {
    api.processStatisticsList().then((list) => {
      setProcesses(list);
      // The busiest process first (the list is ordered by cases in progress).
      if (list[0]) setKey(list[0].key);
    }, fail);
  }, [api, fail]);
  useEffect(() => {
    if (!key) return;
    setStats(null);
    api.processStatistics(key, definition || undefined).then(setStats, fail);
  }, [api, key, definition, fail]);

  const processName = (p: { name: string | null }) => p.name ?? t('mapUnnamedProcess');
  const badges = useMemo(() => (stats ? badgesOf(stats, t) : new Map<string, Badge[]>()), [stats, t]);

  if (!processes) return <StatusLine status={status} />;
  if (processes.length === 0)
    return (
      <section className="process-map">
        <StatusLine status={status} />
        <p className="muted">{t('mapNoProcesses')}</p>
      </section>
    );
  const shown = stats?.definitions.find((d) => d.id === stats.shown?.id);
  const absent = stats?.elements.filter((e) => !e.inShown) ?? [];
  const allOpen = stats?.definitions.reduce((n, d) => n + d.open, 0) ?? 0;
  return (
    <section className="process-map" aria-label={t('viewProcessMap')}>
      <StatusLine status={status} />
      <div className="map-pickers">
        <label>
          {t('mapProcess')}
          <select
            value={key}
            onChange={(e) => {
              setDefinition('');
              setKey(e.target.value);
            }}
          >
            {!key && <option value="">{t('mapPickProcess')}</option>}
            {processes.map((p) => (
              <option key={p.key} value={p.key}>
                {t('mapProcessOption', { name: processName(p), open: p.open })}
              </option>
            ))}
          </select>
        </label>
        {stats && (
          <label>
            {t('mapVersion')}
            <select value={definition} onChange={(e) => setDefinition(e.target.value)}>
              <option value="">{t('mapAllVersions', { open: allOpen })}</option>
              {stats.definitions.map((d) => (
                <option key={d.id} value={d.id}>
                  {t('mapVersionOption', { version: d.version, unit: d.tenant.name, open: d.open })}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {stats && (
        <>
          <p data-testid="process-map-totals">
            {t('mapTotals', stats.totals)}
            {shown && (
              <span className="muted">
                {' '}
                · {t('mapShownVersion', { version: shown.version, unit: shown.tenant.name })}
              </span>
            )}
          </p>
          {stats.totals.open === 0 && <p className="muted">{t('mapNoCases')}</p>}
          {stats.shown && <MapDiagram xml={stats.shown.xml} badges={badges} />}
          <Legend t={t} />
          {absent.length > 0 && (
            <div className="map-absent">
              <p>{t('mapAbsent')}</p>
              <ul>
                {absent.map((e) => (
                  <li key={e.elementId}>
                    <a href={hrefOf(stats, e, 'open', t)}>
                      {t('mapAbsentRow', {
                        step: stepName(e, t),
                        open: e.open,
                        overdue: e.overdue,
                        incidents: e.incidents,
                      })}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Legend({ t }: { t: T }) {
  return (
    <p className="map-legend">
      <strong>{t('mapLegend')}</strong>
      <span>
        <span className="map-badge open">5</span>
        {t('mapLegendOpen')}
      </span>
      <span>
        <span className="map-badge overdue">2</span>
        {t('mapLegendOverdue')}
      </span>
      <span>
        <span className="map-badge incidents">1</span>
        {t('mapLegendIncidents')}
      </span>
      <span className="muted">{t('mapLegendClick')}</span>
    </p>
  );
}

const stepName = (e: Element, t: T) => e.name ?? t('mapUnnamedStep');

/** The list a badge opens: the cases standing at the element (超期: their task there overdue); 故障: the incidents there. */
function hrefOf(stats: ProcessStatistics, e: Element, kind: Badge['kind'], t: T): string {
  const version = stats.versionOnly ? stats.definitions.find((d) => d.id === stats.shown?.id) : undefined;
  const name = stats.name ?? t('mapUnnamedProcess');
  const scope = { process: stats.key, ...(version ? { definition: version.id } : {}) };
  const filters = { ...scope, waitingAt: e.elementId, ...(kind === 'overdue' ? { light: 'red' } : {}) };
  const processName = version ? t('mapVersionLabel', { name, version: version.version }) : name;
  if (kind === 'incidents')
    return incidentsHash(
      { process: stats.key, elementId: e.elementId, ...(version ? { definition: version.id } : {}) },
      stepName(e, t),
      processName,
    );
  return caseSearchHash(filters, undefined, stepName(e, t), processName);
}

/** The badges of each element of the shown diagram: 在办, 超期 and 故障 where there are any. */
function badgesOf(stats: ProcessStatistics, t: T): Map<string, Badge[]> {
  const out = new Map<string, Badge[]>();
  for (const e of stats.elements) {
    if (!e.inShown) continue;
    const step = stepName(e, t);
    const list: Badge[] = [];
    if (e.open > 0)
      list.push({
        kind: 'open',
        count: e.open,
        href: hrefOf(stats, e, 'open', t),
        title: t('mapBadgeOpen', { step, open: e.open, overdue: e.overdue }),
      });
    if (e.overdue > 0)
      list.push({
        kind: 'overdue',
        count: e.overdue,
        href: hrefOf(stats, e, 'overdue', t),
        title: t('mapBadgeOverdue', { step, overdue: e.overdue }),
      });
    if (e.incidents > 0)
      list.push({
        kind: 'incidents',
        count: e.incidents,
        href: hrefOf(stats, e, 'incidents', t),
        title: t('mapBadgeIncidents', { step, incidents: e.incidents }),
      });
    out.set(e.elementId, list);
  }
  return out;
}
