import type { ErrorSchema } from '@rjsf/utils';
import { fileFieldsOf } from '../../../definitions/index.js';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import {
  ApiError,
  type Me,
  type Task,
  type TaskForm as TaskFormData,
  type SupervisionInbox,
  type WorklistCounts,
} from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { Locale } from '../app/i18n/index.js';
import { errorSchemaOf } from '../shared/error-schema.js';
import { StatusLine, useStatus } from '../shared/status.js';
import { TaskForm } from '../shared/TaskForm.js';
import { CaseHistory, useCaseFile } from './CaseHistory.js';
import { CaseData } from '../cases/CaseData.js';
import { localTime as beijingTime } from '../cases/local-time.js';
import { TaskNotes, TaskOperations } from './TaskOperations.js';
import { Countersign } from './Countersign.js';
import { Attachments } from '../cases/Attachments.js';
import { useTaskFiles } from './use-task-files.js';
import { ListTabs, WorkList, type ListKind } from './WorkLists.js';
import { SupervisionList } from './SupervisionList.js';
import { LeaveProxyBanner } from '../leave-proxy/LeaveProxyBanner.js';
import { LEAVE_PROXY_CHANGED } from '../leave-proxy/events.js';

// Asking for more time checks the duration with the BPMN expression checks (luxon, croner): loaded when first shown.
const ExtensionRequest = lazy(() => import('./ExtensionRequest.js').then((m) => ({ default: m.ExtensionRequest })));

const LIGHT_TEXT = { green: 'lightGreen', yellow: 'lightYellow', red: 'lightRed' } as const;

/** The staff inbox: open tasks of the user's groups and their own; claim, fill the generated form, submit. */
export function Inbox({ me, focus }: { me: Me; focus?: { taskId: string; seq: number } | null }) {
  const api = useApi();
  const { t, locale } = useApp();
  const [tasks, setTasks] = useState<Task[]>([]);
  const [onlyMine, setOnlyMine] = useState(false);
  const [selected, setSelected] = useState<Task | null>(null);
  const [form, setForm] = useState<TaskFormData | null>(null);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [serverErrors, setServerErrors] = useState<ErrorSchema | undefined>(undefined);
  const { status, setStatus, fail } = useStatus();
  const [busy, setBusy] = useState(false);
  const [revision, setRevision] = useState(0);
  const [opinion, setOpinion] = useState('');
  const [list, setList] = useState<ListKind>('todo');
  // A form with a file field uploads at this step, within the unit's attachment policy.
  const taskFiles = useTaskFiles(
    selected && form && fileFieldsOf(form.schema as { properties?: Record<string, unknown> }).length > 0
      ? selected
      : null,
  );
  const caseFile = useCaseFile(selected?.processInstanceId ?? null, revision);
  const [counts, setCounts] = useState<WorklistCounts | null>(null);
  const [supervision, setSupervision] = useState<SupervisionInbox | null>(null);
  const reloadCounts = useCallback(() => {
    void api.supervisionInbox().then(setSupervision, () => undefined);
    return api.worklistCounts().then(setCounts, () => undefined);
  }, [api]);
  useEffect(() => {
    void reloadCounts();
  }, [reloadCounts]);

  const reload = useCallback(async () => {
    const list = await api.openTasks();
    setTasks(list);
    return list;
  }, [api]);

  useEffect(() => {
    reload().catch(fail);
    // A hand-over of a 离岗代理 takes tasks out of this inbox.
    const again = () => void reload().catch(fail);
    window.addEventListener(LEAVE_PROXY_CHANGED, again);
    return () => window.removeEventListener(LEAVE_PROXY_CHANGED, again);
  }, [reload, fail]);

  const open = useCallback(
    async (task: Pick<Task, 'id'>) => {
      setForm(null);
      setServerErrors(undefined);
      try {
        const full = await api.task(task.id);
        setSelected(full);
        if (full.status !== 'open') return;
        const f = await api.taskForm(task.id);
        setForm(f);
        setData(f.draft ? { ...f.data, ...f.draft.data } : f.data);
        setOpinion('');
        if (f.draft)
          setStatus({ kind: 'ok', text: t('draftRestored', { at: beijingTime(f.draft.updatedAt, locale) }) });
      } catch (err) {
        fail(err);
      }
    },
    [api, fail, t, locale, setStatus],
  );

  // A notice links here: open its task.
  useEffect(() => {
    if (focus) void open({ id: focus.taskId });
  }, [focus, open]);

  const act = async (work: () => Promise<unknown>, done?: string) => {
    if (!selected) return;
    setBusy(true);
    setStatus(null);
    try {
      const answer = await work();
      const open = await reload();
      void reloadCounts();
      // 撤回 answers the task it brought back: show it, in 待办.
      const back =
        (answer as { id?: string; status?: string } | undefined)?.status === 'open'
          ? (answer as { id: string }).id
          : null;
      const still = open.find((x) => x.id === (back ?? selected.id)) ?? null;
      if (back) setList('todo');
      setSelected(still ? await api.task(still.id) : null);
      if (!still) setForm(null);
      if (back && still) {
        const f = await api.taskForm(still.id);
        setForm(f);
        setData(f.data);
      }
      if (done) setStatus({ kind: 'ok', text: done });
      setRevision((r) => r + 1);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'FORM_INVALID') {
        setServerErrors(errorSchemaOf(err.problems));
        setStatus({ kind: 'error', text: t('formInvalid') });
      } else {
        fail(err);
      }
    } finally {
      setBusy(false);
    }
  };

  const shown = onlyMine ? tasks.filter((x) => x.assignee === me.username) : tasks;
  const mine = selected?.assignee === me.username;

  return (
    <>
      <LeaveProxyBanner />
      <main className="workspace inbox">
        <nav className="sidebar" aria-label={t('tabInbox')}>
          <ListTabs
            current={list}
            todo={tasks.length}
            counts={counts}
            supervision={(supervision?.toAnswer.length ?? 0) + (supervision?.toDecide.length ?? 0)}
            onPick={(kind) => {
              setList(kind);
              void reloadCounts();
            }}
          />
          {list === 'supervision' && <SupervisionList inbox={supervision} />}
          {list !== 'todo' && list !== 'supervision' && (
            <WorkList
              key={list}
              kind={list}
              selectedTask={selected?.id ?? null}
              onOpenTask={(id) => void open({ id })}
              onChanged={() => void reloadCounts()}
            />
          )}
          {list === 'todo' && (
            <>
              <label className="check">
                <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} />
                {t('onlyMine')}
              </label>
              {shown.length === 0 && <p className="muted">{t('inboxEmpty')}</p>}
              <ul className="process-list">
                {shown.map((task) => (
                  <li key={task.id}>
                    <button
                      type="button"
                      className={selected?.id === task.id ? 'selected' : ''}
                      onClick={() => void open(task)}
                      data-task={task.elementId}
                    >
                      <strong>
                        {task.light && <span className={`light ${task.light}`} title={t(LIGHT_TEXT[task.light])} />}
                        {task.name ?? task.elementId}
                      </strong>
                      <span className="muted">
                        {task.caseTitle ?? ''} ·{' '}
                        {task.dueAt ? t('dueAt', { due: localTime(task.dueAt, locale) }) : t('noDue')}
                        {task.provisional && <span className="provisional-note">（{t('provisionalDay')}）</span>}
                      </span>
                      <span className="muted">
                        {task.assignee ? t('claimedBy', { user: task.assigneeName ?? task.assignee }) : t('unclaimed')}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </nav>
        <section className="task-detail">
          <StatusLine status={status} />
          {!selected && <p className="muted">{t('pickTask')}</p>}
          {selected && (
            <>
              <div className="toolbar">
                <h2 data-testid="task-title">{selected.name ?? selected.elementId}</h2>
                <span className="spacer" />
                {!selected.assignee && (
                  <button type="button" onClick={() => void act(() => api.claim(selected.id))} disabled={busy}>
                    {t('claim')}
                  </button>
                )}
                {mine && (
                  <button type="button" onClick={() => void act(() => api.unclaim(selected.id))} disabled={busy}>
                    {t('unclaim')}
                  </button>
                )}
                {mine && selected.dueAt && (
                  <Suspense fallback={null}>
                    <ExtensionRequest
                      busy={busy}
                      onSend={(reason, extendBy) =>
                        void act(() => api.requestExtension(selected.id, reason, extendBy), t('extensionSent'))
                      }
                    />
                  </Suspense>
                )}
              </div>
              <p className="muted">
                <a href={`#/cases/${encodeURIComponent(selected.processInstanceId)}`}>{t('openCase')}</a> ·{' '}
                {selected.caseTitle ? `${selected.caseTitle} · ` : ''}
                {form?.case.trackingNo ? `${t('caseId', { id: form.case.trackingNo })} · ` : ''}
                {selected.assignee
                  ? t('claimedBy', {
                      // People by their display names (the case file's), never their account names.
                      user:
                        caseFile?.currentSteps.find((s) => s.taskId === selected.id)?.assigneeName ?? selected.assignee,
                    })
                  : t('unclaimed')}{' '}
                · {selected.dueAt ? t('dueAt', { due: localTime(selected.dueAt, locale) }) : t('noDue')}
                {selected.provisional && <span className="provisional-note">（{t('provisionalDay')}）</span>}
              </p>
              <TaskNotes task={selected} />
              <TaskOperations task={selected} busy={busy} onRun={(work, done) => void act(work, done)} />
              {selected.countersign && (
                <Countersign
                  cs={selected.countersign}
                  taskId={selected.id}
                  busy={busy}
                  onRun={(work, done) => void act(work, done)}
                />
              )}
              {form && <CaseData steps={form.caseData} />}
              {form?.externalForm && (
                <p className="hint">
                  {t('externalForm')}
                  {/^https?:\/\//i.test(form.externalForm) ? (
                    <a href={form.externalForm} target="_blank" rel="noopener noreferrer">
                      {form.externalForm}
                    </a>
                  ) : (
                    form.externalForm
                  )}
                </p>
              )}
              {form && (
                <TaskForm
                  key={selected.id}
                  schema={form.schema}
                  uiSchema={form.uiSchema}
                  data={data}
                  submitLabel={t('submit')}
                  disabled={busy}
                  serverErrors={serverErrors}
                  onChange={setData}
                  {...(taskFiles ? { files: taskFiles } : {})}
                  onSubmit={(formData) =>
                    void act(
                      () => api.complete(selected.id, formData, opinion.trim() || undefined),
                      t('submitted', { name: selected.name ?? selected.elementId }),
                    )
                  }
                >
                  <label className="opinion-box">
                    {t('opinionWithSubmit')}
                    <textarea value={opinion} maxLength={2000} rows={2} onChange={(e) => setOpinion(e.target.value)} />
                  </label>
                </TaskForm>
              )}
              {form && mine && (
                <button
                  type="button"
                  onClick={() => void act(() => api.saveDraft(selected.id, data), t('draftSaved'))}
                  disabled={busy}
                >
                  {t('saveDraft')}
                </button>
              )}
              <Attachments
                key={`${selected.id}-${revision}`}
                caseId={selected.processInstanceId}
                tenant={selected.tenant}
                taskId={selected.status === 'open' ? selected.id : undefined}
                canUpload={selected.status === 'open'}
              />
              <CaseHistory caseId={selected.processInstanceId} revision={revision} file={caseFile} />
            </>
          )}
        </section>
      </main>
    </>
  );
}

function localTime(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleString(locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}
