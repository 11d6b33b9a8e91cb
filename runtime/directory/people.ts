import type { Knex } from 'knex';

export interface Person {
  username: string;
  displayName: string;
  unit: string;
}

/**
 * The people a staff member may hand work to or copy (转办, 委派, 抄送): the enabled accounts of
 * `tenants`, found by a part of their name or account, with their unit's name — what a picker
 * shows, nothing an administrator's list holds (roles, groups, state).
 */
export async function findPeople(db: Knex, tenants: Iterable<string>, text: string, limit: number): Promise<Person[]> {
  const q = db('users as u')
    .join('tenants as t', 't.id', 'u.tenant_id')
    .whereIn('u.tenant_id', [...tenants])
    .where('u.disabled', false)
    .orderBy([{ column: 'u.display_name' }, { column: 'u.username' }])
    .limit(limit)
    .select('u.username', 'u.display_name', 't.name as unit');
  const part = text.trim();
  if (part) {
    const pattern = `%${part.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q.where((w) =>
      w.whereRaw("u.display_name like ? escape '\\'", [pattern]).orWhereRaw("u.username like ? escape '\\'", [pattern]),
    );
  }
  return ((await q) as Array<{ username: string; display_name: string; unit: string }>).map((r) => ({
    username: r.username,
    displayName: r.display_name,
    unit: r.unit,
  }));
}
