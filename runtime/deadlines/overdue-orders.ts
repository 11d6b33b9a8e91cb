// The 督办单 that went overdue in a month, by names (case title, unit, 督办人) for the monthly 通报.
import type { Deps } from '../platform/http/deps.js';
import { caseTitles } from '../tasks/index.js';

export interface OverdueOrder {
  id: string;
  caseId: string;
  caseTitle: string | null;
  unit: string;
  owner: string | null;
  reason: string;
  dueAt: string | null;
  status: string;
}

/** Orders of `tenants` that went overdue in [from, to): how many, and the first `limit` by when they did. */
export async function overdueOrdersOfPeriod(
  deps: Deps,
  period: { tenants: string[]; from: string; to: string },
  limit: number,
): Promise<{ count: number; orders: OverdueOrder[] }> {
  const knex = deps.db.knex;
  const base = () =>
    knex('supervision_orders')
      .whereIn('tenant_id', period.tenants)
      .where('overdue_at', '>=', period.from)
      .where('overdue_at', '<', period.to);
  const [{ n }] = (await base().count({ n: '*' })) as [{ n: number | string }];
  const rows = (await base()
    .orderBy([{ column: 'overdue_at' }, { column: 'id' }])
    .limit(limit)
    .select('id', 'instance_id', 'tenant_id', 'owner', 'reason', 'due_at', 'status')) as Array<{
    id: string;
    instance_id: string;
    tenant_id: string;
    owner: string | null;
    reason: string;
    due_at: string | null;
    status: string;
  }>;
  const titles = await caseTitles(
    deps,
    rows.map((r) => r.instance_id),
  );
  const owners = [...new Set(rows.map((r) => r.owner).filter((o): o is string => !!o))];
  const names = new Map(
    (
      (await knex('users').whereIn('username', owners).select('username', 'display_name')) as Array<{
        username: string;
        display_name: string;
      }>
    ).map((u) => [u.username, u.display_name]),
  );
  const orders: OverdueOrder[] = [];
  for (const r of rows)
    orders.push({
      id: r.id,
      caseId: r.instance_id,
      caseTitle: titles.get(r.instance_id) ?? null,
      unit: (await deps.tenants.get(r.tenant_id))?.name ?? r.tenant_id,
      owner: r.owner ? (names.get(r.owner) ?? null) : null,
      reason: r.reason,
      dueAt: r.due_at,
      status: r.status,
    });
  return { count: Number(n), orders };
}
