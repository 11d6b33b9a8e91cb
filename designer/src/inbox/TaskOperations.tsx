import { useEffect, useState, type FormEvent } from 'react';
import type { Api, Group, Person, Task, TaskOperation } from '../app/api/index.js';
import { useApi, useApp } from '../app/AppContext.js';
import type { MessageKey } from '../app/i18n/index.js';
import { PersonPicker } from '../shared/PersonPicker.js';

const LABEL: Record<TaskOperation, MessageKey> = {
  return: 'op_return',
  refuse: 'op_refuse',
  withdraw: 'op_withdraw',
  transfer: 'op_transfer',
  delegate: 'op_delegate',
  resolve: 'op_resolve',
  cc: 'op_cc',
  cancel: 'op_cancel',
  pause: 'op_pause',
  resume: 'op_resume',
};
/** The task page's order; 撤回 is offered on a completed step (已办) while the next one is untouched. */
const SHOWN: TaskOperation[] = [
  'withdraw',
  'return',
  'refuse',
  'transfer',
  'delegate',
  'resolve',
  'cc',
  'pause',
  'resume',
  'cancel',
];

/**
 * The operations the server allows the caller on this task, each behind a small dialog asking
 * for the reason (and, where it applies, the person or department).
 */
export function TaskOperations({
  task,
  busy,
  onRun,
}: {
  task: Task;
  busy: boolean;
  onRun(work: () => Promise<unknown>, done: string): void;
}) {
  const api = useApi();
  const { t } = useApp();
  const [open, setOpen] = useState<TaskOperation | null>(null);
  const [reason, setReason] = useState('');
  const [toUsers, setToUsers] = useState<Person[]>([]);
  const [toGroup, setToGroup] = useState('');
  const [groups, setGroups] = useState<Group[]>([]);
  const allowed = SHOWN.filter((op) => task.allowedOperations?.includes(op));

  useEffect(() => {
    if ((open === 'transfer' || open === 'cc') && groups.length === 0)
      api.assignableGroups().then(setGroups, () => setGroups([]));
  }, [open, api, groups.length]);

  if (allowed.length === 0) return null;
  const start = (op: TaskOperation) => {
    setOpen(op);
    setReason('');
    setToUsers([]);
    setToGroup('');
  };
  const name = task.name ?? t('taskUnnamed');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const op = open!;
    const done = t('opDone', { op: t(LABEL[op]), name });
    setOpen(null);
    onRun(() => run(api, task, op, { reason, toUsers: toUsers.map((p) => p.username), toGroup }), done);
  };
  const needsReason = open !== 'resolve' && open !== 'cc' && open !== 'resume' && open !== 'withdraw';

  return (
    <div className="task-operations">
      {allowed.includes('withdraw') && <p className="muted">{t('withdrawHint')}</p>}
      <div className="toolbar">
        {allowed.map((op) => (
          <button key={op} type="button" onClick={() => start(op)} disabled={busy} aria-pressed={open === op}>
            {t(LABEL[op])}
          </button>
        ))}
      </div>
      {open && (
        <form className="operation-dialog" role="dialog" aria-label={t(LABEL[open])} onSubmit={submit}>
          <strong>{t(LABEL[open])}</strong>
          {(open === 'transfer' || open === 'delegate' || open === 'cc') && (
            <PersonPicker
              label={t(open === 'cc' ? 'opUsers' : 'opToUser')}
              multiple={open === 'cc'}
              value={toUsers}
              onChange={setToUsers}
            />
          )}
          {(open === 'transfer' || open === 'cc') && (
            <label>
              {t('opToGroup')}
              <select name="toGroup" value={toGroup} onChange={(e) => setToGroup(e.target.value)}>
                <option value="">—</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t(needsReason ? 'opReason' : 'opNote')}
            <textarea
              name="reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required={needsReason}
              rows={2}
            />
          </label>
          <div className="toolbar">
            <button
              type="submit"
              disabled={
                busy ||
                (open === 'delegate' && toUsers.length === 0) ||
                ((open === 'transfer' || open === 'cc') && toUsers.length === 0 && !toGroup)
              }
            >
              {t('opConfirm')}
            </button>
            <button type="button" className="link" onClick={() => setOpen(null)}>
              {t('opDismiss')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** Why the task is back here (退回/退单/撤回) and a delegation in progress, as the handler reads it. */
export function TaskNotes({ task }: { task: Task }) {
  const { t } = useApp();
  return (
    <>
      {task.sentBack && (
        <p className="sent-back" role="note">
          {t(`sentBack_${task.sentBack.kind}`, { reason: task.sentBack.reason, by: task.sentBack.by ?? '' })}
        </p>
      )}
      {task.delegation && (
        <p className="sent-back">
          {t('delegatedTo', { user: task.delegation.delegateName, owner: task.delegation.ownerName })}
        </p>
      )}
    </>
  );
}

/** The request of an operation, from what the dialog asked for. */
function run(
  api: Api,
  task: Task,
  op: TaskOperation,
  input: { reason: string; toUsers: string[]; toGroup: string },
): Promise<unknown> {
  const { reason, toUsers, toGroup } = input;
  const toUser = toUsers[0] ?? '';
  switch (op) {
    case 'return':
      return api.returnTask(task.id, reason);
    case 'refuse':
      return api.refuseTask(task.id, reason);
    case 'transfer':
      return api.transferTask(task.id, toUser ? { toUser } : { toGroup }, reason);
    case 'delegate':
      return api.delegateTask(task.id, toUser, reason);
    case 'resolve':
      return api.resolveTask(task.id, reason);
    case 'cc':
      return api.ccTask(task.id, toUsers, toGroup ? [toGroup] : [], reason);
    case 'pause':
      return api.pauseTask(task.id, reason);
    case 'resume':
      return api.resumeTask(task.id);
    case 'cancel':
      return api.cancelCase(task.processInstanceId, reason);
    case 'withdraw':
      return api.withdrawTask(task.id);
  }
}
