import { useCallback, useEffect, useState } from 'react';
import type { Task } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { Status } from '../shared/status.js';

/** 超期任务: what is overdue in the supervisor's units, each with 催办 (a notification to its handlers) and a way to 督办. */
export function OverdueTasks({
  fail,
  setStatus,
  unitName,
}: {
  fail(err: unknown): void;
  setStatus(s: Status): void;
  /** A unit's name as people know it (the overview's units), never its id. */
  unitName(tenant: string): string;
}) {
  const api = useApi();
  const { t, locale } = useApp();
  const [tasks, setTasks] = useState<Task[]>([]);
  const load = useCallback(() => api.overdueTasks().then(setTasks, fail), [api, fail]);
  useEffect(() => void load(), [load]);

  const urge = async (task: Task) => {
    try {
      await api.urge(task.id);
      setStatus({ kind: 'ok', text: t('urged', { name: task.name ?? task.elementId }) });
    } catch (err) {
      fail(err);
    }
  };

  if (tasks.length === 0) return null;
  return (
    <section className="overdue-tasks" aria-label={t('overdueList')}>
      <h3>{t('overdueList')}</h3>
      <ul>
        {tasks.map((task) => (
          <li key={task.id} data-overdue={task.elementId}>
            <span className="light red" />
            <strong>{task.name ?? task.elementId}</strong>
            <a href={`#/cases/${encodeURIComponent(task.processInstanceId)}`}>{t('openCase')}</a>
            <span className="muted">
              {t('overdueSince', {
                tenant: unitName(task.tenant),
                due: task.dueAt
                  ? new Date(task.dueAt).toLocaleString(locale, {
                      timeZone: 'Asia/Shanghai',
                      month: '2-digit',
                      day: '2-digit',
                      hour: '2-digit',
                      minute: '2-digit',
                    })
                  : '',
              })}
            </span>
            <button type="button" onClick={() => void urge(task)}>
              {t('urge')}
            </button>
            {/* 督办单 are issued on the case page, where their feedback is followed. */}
            <a href={`#/cases/${encodeURIComponent(task.processInstanceId)}`} className="button-link">
              {t('sv_issue')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
