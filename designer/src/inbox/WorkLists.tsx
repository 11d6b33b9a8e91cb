import { useEffect, useState } from 'react';
import type { CcCopy, DoneTask, StartedCase, WorklistCounts } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import { localTime } from '../cases/local-time.js';
import { StatusLine, useStatus } from '../shared/status.js';

export type ListKind = 'todo' | 'done' | 'started' | 'cc' | 'supervision';

const LABEL: Record<ListKind, MessageKey> = {
  todo: 'listTodo',
  done: 'listDone',
  started: 'listStarted',
  cc: 'listCc',
  supervision: 'listSupervision',
};
const CASE_STATUS: Record<'active' | 'completed' | 'terminated', MessageKey> = {
  active: 'caseActive',
  completed: 'caseCompleted',
  terminated: 'caseTerminated',
};

/** The tabs above the inbox list: 待办, 已办, 我发起, 抄送我 (unread), 督办 (waiting), each with its count. */
export function ListTabs({
  current,
  todo,
  counts,
  supervision,
  onPick,
}: {
  current: ListKind;
  todo: number;
  counts: WorklistCounts | null;
  /** 督办单 waiting for the viewer (to answer or to review). */
  supervision: number;
  onPick(kind: ListKind): void;
}) {
  const { t } = useApp();
  const n: Record<ListKind, number | undefined> = {
    todo,
    done: counts?.done,
    started: counts?.started,
    cc: counts?.ccUnread,
    supervision,
  };
  return (
    <div className="list-tabs" role="tablist">
      {(Object.keys(LABEL) as ListKind[]).map((kind) => (
        <button
          key={kind}
          type="button"
          role="tab"
          aria-selected={current === kind}
          className={current === kind ? 'tab active' : 'tab'}
          onClick={() => onPick(kind)}
        >
          {n[kind] ? t('listCount', { label: t(LABEL[kind]), n: n[kind] }) : t(LABEL[kind])}
        </button>
      ))}
    </div>
  );
}

type Page<T> = { total: number; page: number; more: boolean; items: T[] };

/** One work list (已办, 我发起 or 抄送我/我抄送的), a page at a time; mounted per kind (`key`), so each starts on its first page. */
export function WorkList({
  kind,
  selectedTask,
  onOpenTask,
  onChanged,
}: {
  kind: Exclude<ListKind, 'todo' | 'supervision'>;
  selectedTask: string | null;
  onOpenTask(taskId: string): void;
  onChanged(): void;
}) {
  const api = useApi();
  const { t, locale } = useApp();
  const [page, setPage] = useState(1);
  const [sent, setSent] = useState(false);
  const [list, setList] = useState<Page<DoneTask | StartedCase | CcCopy> | null>(null);
  const { status, fail } = useStatus();

  useEffect(() => {
    setList(null);
    const load =
      kind === 'done'
        ? api.doneTasks(page)
        : kind === 'started'
          ? api.startedCases(page)
          : sent
            ? api.ccSent(page)
            : api.ccReceived(page);
    load.then(setList, fail);
  }, [api, kind, page, sent, fail]);

  const openCopy = async (copy: CcCopy) => {
    if (!copy.readAt) await api.markCcRead(copy.id).catch(() => undefined);
    onChanged();
    location.hash = `#/cases/${encodeURIComponent(copy.caseId)}`;
  };

  return (
    <>
      <StatusLine status={status} />
      {kind === 'cc' && (
        <label className="check">
          <input
            type="checkbox"
            checked={sent}
            onChange={(e) => {
              setSent(e.target.checked);
              setPage(1);
            }}
          />
          {t('listCcSent')}
        </label>
      )}
      {list && list.items.length === 0 && <p className="muted">{t('listEmpty')}</p>}
      <ul className="process-list">
        {kind === 'done' &&
          (list?.items as DoneTask[] | undefined)?.map((d) => (
            <li key={d.taskId}>
              <button
                type="button"
                className={selectedTask === d.taskId ? 'selected' : ''}
                onClick={() => onOpenTask(d.taskId)}
              >
                <strong>{d.step}</strong>
                <span className="muted">{d.caseTitle}</span>
                <span className="muted">
                  {t('doneAt', { at: localTime(d.completedAt, locale) })} · {t(CASE_STATUS[d.caseStatus])}
                </span>
              </button>
            </li>
          ))}
        {kind === 'started' &&
          (list?.items as StartedCase[] | undefined)?.map((c) => (
            <li key={c.caseId}>
              <a className="list-link" href={`#/cases/${encodeURIComponent(c.caseId)}`}>
                <strong>{c.caseTitle}</strong>
                <span className="muted">
                  {c.trackingNo ?? ''} · {t(CASE_STATUS[c.status])}
                </span>
                <span className="muted">
                  {t('startedAt', { at: localTime(c.createdAt, locale) })}
                  {c.channel ? ` · ${c.channel}` : ''}
                </span>
              </a>
            </li>
          ))}
        {kind === 'cc' &&
          (list?.items as CcCopy[] | undefined)?.map((c) => (
            <li key={c.id} className={!sent && !c.readAt ? 'unread' : ''}>
              <button
                type="button"
                onClick={() => (sent ? (location.hash = `#/cases/${encodeURIComponent(c.caseId)}`) : void openCopy(c))}
              >
                <strong>
                  {!sent && (
                    <span className={c.readAt ? 'cc-state read' : 'cc-state unread'}>
                      {t(c.readAt ? 'ccRead' : 'ccUnread')}
                    </span>
                  )}{' '}
                  {c.caseTitle}
                </strong>
                {c.note && <span className="muted">{c.note}</span>}
                <span className="muted">
                  {sent
                    ? t('ccTo', { to: c.recipient.name })
                    : t('ccFrom', { from: c.fromName ?? c.from, at: localTime(c.createdAt, locale) })}
                  {c.step ? ` · ${c.step}` : ''}
                </span>
                {sent && (
                  <span className="muted">
                    {c.readAt
                      ? t('ccReadBy', { who: c.readByName ?? '', at: localTime(c.readAt, locale) })
                      : t('ccNotRead')}
                  </span>
                )}
              </button>
            </li>
          ))}
      </ul>
      {list && (list.page > 1 || list.more) && (
        <div className="toolbar pager">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('listPrev')}
          </button>
          <span className="muted">{t('listPage', { page: list.page, total: list.total })}</span>
          <button type="button" disabled={!list.more} onClick={() => setPage(page + 1)}>
            {t('listNext')}
          </button>
        </div>
      )}
    </>
  );
}
