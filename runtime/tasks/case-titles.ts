import { parseState, type InstanceRow } from '../execution/instance-row.js';
import type { Deps } from '../platform/http/deps.js';

/** How a person names a case in a list: appellant · category · tenant (never an id). */
export async function caseTitles(deps: Deps, instanceIds: string[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const ids = [...new Set(instanceIds)];
  for (let i = 0; i < ids.length; i += 200) {
    const rows = (await deps.db.knex('instances').whereIn('id', ids.slice(i, i + 200))) as InstanceRow[];
    for (const row of rows) {
      const vars = Object.values(parseState(row).scopes).find((s) => s.parent === null)?.vars ?? {};
      const tenant = (await deps.tenants.get(row.tenant_id))?.name ?? row.tenant_id;
      const parts = [vars.applicantName, vars.category].filter((v): v is string => typeof v === 'string' && v !== '');
      titles.set(row.id, [...parts, tenant].join(' · '));
    }
  }
  return titles;
}
