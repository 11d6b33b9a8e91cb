import type { ExecutableProcess } from '../../definitions/index.js';
import type { InstanceRow } from '../execution/instance-row.js';
import type { Deps } from '../platform/http/deps.js';

/**
 * What the case's forms call each variable (a field's title), read from the forms its process links
 * (start form and task forms, as the case pinned them): 故障案件 names 「申请金额」, not `amount`.
 * A variable no form field holds has no label.
 */
export async function variableLabels(
  deps: Deps,
  instance: Pick<InstanceRow, 'pinned' | 'tenant_id'>,
  process: ExecutableProcess,
): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (process.formIds.length === 0) return labels;
  const db = deps.db.knex;
  const pinned = await deps.definitions.pins.read(db, instance.pinned);
  for (const key of process.formIds) {
    const id = pinned.forms[key] ?? (await deps.definitions.resolve(db, 'form', key, instance.tenant_id))?.id;
    if (!id) continue;
    const fields = ((await deps.definitions.form(db, id)).schema.properties ?? {}) as Record<
      string,
      { title?: unknown }
    >;
    for (const [name, field] of Object.entries(fields)) {
      const title = typeof field.title === 'string' ? field.title.trim() : '';
      if (title && !labels.has(name)) labels.set(name, title);
    }
  }
  return labels;
}
