import { mayReadCase, type Principal } from '../auth/index.js';
import type { InstanceRow } from '../execution/instance-row.js';
import { notFound } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';

/** The case with this id if the caller may read it (see `mayReadCase`); otherwise 404, so other tenants' ids stay unknown. */
export async function visibleInstance(deps: Deps, principal: Principal, id: string): Promise<InstanceRow> {
  const row = (await deps.db.knex('instances').where({ id }).first()) as InstanceRow | undefined;
  if (!row || !(await mayReadCase(deps.db.knex, deps.db.dialect, principal, row)))
    throw notFound('process instance', id);
  return row;
}
