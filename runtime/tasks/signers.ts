import type { Locale } from '../../definitions/index.js';
import { hasRole } from '../auth/index.js';
import { notify } from '../deadlines/index.js';
import { ApiError } from '../platform/http/errors.js';
import { isCandidate, visibleTask } from './access.js';
import { countersignBody, countersignsOf, signerKindOf, type CountersignView } from './countersign.js';
import { explainRefusal, operationRefused } from './operation-errors.js';
import type { Caller } from './operations.js';
import type { TaskRow } from './views.js';

/**
 * 加签 / 减签 on the running countersign `taskId` is one signer's part of: by a signer holding
 * one of its tasks, a supervisor or an administrator; one engine command, audited in the history.
 */
export async function changeSigners(
  c: Caller,
  taskId: string,
  input: { users?: string[]; groups?: string[]; reason?: string },
  change: 'add' | 'remove',
): Promise<CountersignView> {
  const task = await visibleTask(c.deps, c.principal, taskId);
  if (task.status !== 'open') throw new ApiError(409, 'TASK_NOT_OPEN', notOpen(c.locale));
  if (!isCandidate(c.principal, task) && !hasRole(c.principal, 'tenant-admin', 'supervisor'))
    throw operationRefused('SIGNERS_FORBIDDEN', c.locale);
  const items = [...(input.users ?? []), ...(input.groups ?? [])];
  if (items.length === 0) throw operationRefused('RECIPIENT_REQUIRED', c.locale);
  try {
    await c.deps.commands.transact(async (unit) => {
      const { instanceId, localId } = await unit.requireOpenTask(task.id);
      const { row, state } = (await unit.readCase(instanceId))!;
      const def = await c.deps.definitions.process(unit.tx, row.definition_id);
      const kind = signerKindOf(def, task.element_id);
      if (!countersignBody(state, localId) || !kind) throw operationRefused('SIGNERS_NOT_ALLOWED', c.locale);
      // Signers are people or departments as the step assigns them; the other kind is refused.
      if ((kind === 'users' ? input.groups : input.users)?.length)
        throw operationRefused(kind === 'users' ? 'SIGNERS_ARE_USERS' : 'SIGNERS_ARE_GROUPS', c.locale);
      const knex = await unit.knex();
      if (change === 'add') {
        const table = kind === 'users' ? knex('users').whereIn('username', items) : knex('groups').whereIn('id', items);
        const found = (await table.select(kind === 'users' ? 'username as id' : 'id', 'tenant_id')) as Array<{
          id: string;
          tenant_id: string;
        }>;
        const chain = await c.deps.tenants.chain(task.tenant_id);
        const known = new Set(
          found.filter((f) => chain.includes(f.tenant_id) || c.principal.subtree.has(f.tenant_id)).map((f) => f.id),
        );
        const unknown = items.find((i) => !known.has(i));
        if (unknown) throw operationRefused(kind === 'users' ? 'USER_NOT_FOUND' : 'GROUP_NOT_FOUND', c.locale, unknown);
      }
      const after = await unit.execute(
        instanceId,
        { type: change === 'add' ? 'addSigners' : 'removeSigners', taskId: localId, items, reason: input.reason ?? '' },
        c.principal.username,
      );
      if (change === 'add') {
        // The new signers' tasks, from the state just written (their rows are written with the case at commit).
        const element = def.nodes[task.element_id]!.multiInstance!.inputElement!;
        for (const wait of Object.values(after.state.waits)) {
          const signer = after.state.scopes[wait.scope]?.vars[element];
          if (wait.kind !== 'task' || wait.el !== task.element_id || !items.includes(signer as string)) continue;
          await notify(
            knex,
            {
              tenant: task.tenant_id,
              instanceId: task.instance_id,
              taskId: `${instanceId}-${wait.id}`,
              kind: 'countersign',
              subject: `加签：${task.name ?? '会签'}`,
              ...(input.reason ? { body: input.reason } : {}),
              recipients: [{ kind: kind === 'users' ? 'user' : 'group', id: signer as string }],
            },
            [],
            unit.now,
          );
        }
      }
    });
  } catch (err) {
    throw explainRefusal(err, c.locale);
  }
  const instance = await c.deps.db.knex('instances').where({ id: task.instance_id }).first();
  const views = await countersignsOf(c.deps, c.principal, instance, c.locale);
  return views.find((v) => v.elementId === task.element_id) ?? (await closedView(c.locale, task));
}

function notOpen(locale: Locale): string {
  return locale === 'zh-CN' ? '该会签已结束，不能再加签或减签' : 'the countersign has ended';
}

/** After a 减签 that ended the countersign: an empty summary of the step. */
async function closedView(locale: Locale, task: TaskRow): Promise<CountersignView> {
  return {
    elementId: task.element_id,
    stepName: task.name ?? '',
    sequential: false,
    rule: { kind: 'custom', text: locale === 'zh-CN' ? '会签已结束' : 'the countersign has ended' },
    signerKind: null,
    signers: [],
    counts: { signed: 0, agreed: 0, disagreed: 0, pending: 0, total: 0 },
    canAdd: false,
    canRemove: false,
  };
}
