import { useCallback, useEffect, useState } from 'react';
import type { Notice } from './api/index.js';
import { useApi, useApp } from './AppContext.js';

/**
 * The notice centre: a bell with the unread count in the header; its list links each notice to
 * its task (the inbox opens it) or, without one, its case, and marks it read.
 */
export function NoticeBell({ onOpenTask }: { onOpenTask(taskId: string): void }) {
  const api = useApi();
  const { t } = useApp();
  const [notices, setNotices] = useState<Notice[]>([]);
  const [open, setOpen] = useState(false);
  const reload = useCallback(() => api.notices().then(setNotices, () => undefined), [api]);

  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), 30_000);
    return () => clearInterval(timer);
  }, [reload]);

  const unread = notices.filter((n) => !n.readAt).length;
  const follow = async (n: Notice) => {
    if (!n.readAt) await api.markNoticeRead(n.id).catch(() => undefined);
    setOpen(false);
    await reload();
    // A notice of a task opens it in the inbox; one of a case only (督办单, 整改反馈) opens the case page.
    if (n.taskId) onOpenTask(n.taskId);
    else if (n.processInstanceId) location.hash = `#/cases/${encodeURIComponent(n.processInstanceId)}`;
  };

  return (
    <div className="notice-bell">
      <button
        type="button"
        className="link"
        aria-expanded={open}
        aria-label={t('noticesUnread', { n: unread })}
        onClick={() => {
          setOpen(!open);
          if (!open) void reload();
        }}
      >
        {/* A drawn bell: the emoji is missing from many office machines' fonts. */}
        <svg className="bell" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M8 1.5a1 1 0 0 1 1 1v.6a4.5 4.5 0 0 1 3.5 4.4v3l1.3 1.8a.5.5 0 0 1-.4.8H2.6a.5.5 0 0 1-.4-.8l1.3-1.8v-3A4.5 4.5 0 0 1 7 3.1v-.6a1 1 0 0 1 1-1ZM6.3 14h3.4a1.7 1.7 0 0 1-3.4 0Z" />
        </svg>
        {unread > 0 && <span className="badge">{unread}</span>}
      </button>
      {open && (
        <section className="notice-list" aria-label={t('notices')}>
          {notices.length === 0 && <p className="muted">{t('noticesEmpty')}</p>}
          <ul>
            {notices.map((n) => (
              <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                <button type="button" className="link" onClick={() => void follow(n)}>
                  <strong>{n.subject}</strong>
                  {n.body && <span className="muted">{n.body}</span>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
