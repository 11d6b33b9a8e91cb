import type { Principal } from '../auth/index.js';
import type { InstanceRow } from '../execution/instance-row.js';
import { notFound } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';

/** The case with this id if the caller's subtree holds it; otherwise 404, so other tenants' ids stay unknown. */
export async function visibleInstance(deps: Deps, principal: Principal, id: string): Promise<InstanceRow> {
  const row = (await deps.db.knex('instances').where({ id }).first()) as InstanceRow | undefined;
  if (!row || !principal.subtree.has(row.tenant_id)) throw notFound('process instance', id);
  return row;
}
