import type { Knex } from 'knex';
import { hasRole, requireRole, requireVisibleTenant, type Principal, type Role } from '../auth/index.js';
import { ApiError, forbidden, notFound } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';
import { findTask, type TaskRow } from '../store/task-row.js';
import type { DeadlineKit } from './kit.js';
import type { TaskLike } from './model.js';

/** Who may see and act on deadlines, shared by the deadline routes. */

export const reasonSchema = { type: 'string', minLength: 1, maxLength: 1000 } as const;

/** A supervisor of a case reads its text: they must work for the case's tenant or one of its ancestors. */
export async function inTenantChain(deps: Deps, username: string, tenant: string): Promise<boolean> {
  const user = (await deps.db.knex('users').where({ username }).first('tenant_id')) as
    | { tenant_id: string }
    | undefined;
  return user !== undefined && (await deps.tenants.chain(tenant)).includes(user.tenant_id);
}

export function kitOf(deps: Deps): DeadlineKit {
  const kit = deps.commands.services.deadlines;
  if (!kit)
    throw new ApiError(500, 'DEADLINES_NOT_CONFIGURED', 'the deadline services are not configured on this server');
  return kit;
}

export async function requireCalendarAdmin(deps: Deps, principal: Principal, tenant: string): Promise<void> {
  await requireVisibleTenant(principal, deps.tenants, tenant);
  requireRole(principal, 'tenant-admin');
  if (!principal.subtree.has(tenant))
    throw forbidden(`only administrators of ${tenant} (or above it) may change its calendar`);
}

export function isHandler(p: Principal, t: TaskLike): boolean {
  if (t.assignee === p.username) return true;
  return (
    (JSON.parse(t.candidate_users) as string[]).includes(p.username) ||
    (JSON.parse(t.candidate_groups) as string[]).some((g) => p.groups.includes(g))
  );
}

/** The task, open or closed, if the caller may see it (as tasks.ts decides: its handlers, supervisors and administrators in the subtree). */
export async function visibleTask(db: Knex, p: Principal, id: string, alsoIf = false): Promise<TaskRow> {
  const task = await findTask(db, id);
  if (!task || !p.subtree.has(task.tenant_id)) throw notFound('task', id);
  if (!alsoIf && !hasRole(p, 'tenant-admin', 'supervisor') && !isHandler(p, task)) throw notFound('task', id);
  return task;
}

export function mayAct(p: Principal, task: TaskLike): void {
  if (!isHandler(p, task) && !hasRole(p, 'tenant-admin', 'supervisor'))
    throw forbidden('only the handlers of this task, supervisors and administrators may do this');
}

export function inPolicy(p: Principal, roles: string[], groups: string[] = []): boolean {
  return (
    hasRole(p, 'tenant-admin', ...(roles.filter((r) => r !== 'admin') as Role[])) ||
    p.groups.some((g) => groups.includes(g))
  );
}
