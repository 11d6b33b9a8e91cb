import { useCallback, useEffect, useState } from 'react';
import type { Api, Task } from '../api.js';
import type { T } from '../App.js';
import type { Locale } from '../i18n.js';
import type { Status } from '../status.js';

/** 超期任务: what is overdue in the supervisor's units, each with 催办 (a notification to its handlers). */
export function OverdueTasks({ api, t, locale, fail, setStatus }: { api: Api; t: T; locale: Locale; fail(err: unknown): void; setStatus(s: Status): void }) {
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
              {t('overdueSince', { tenant: task.tenant, due: task.dueAt ? new Date(task.dueAt).toLocaleString(locale, { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '' })}
            </span>
            <button type="button" onClick={() => void urge(task)}>
              {t('urge')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
