import { notFound } from '../platform/http/errors.js';
import type { Deps } from '../platform/http/deps.js';

/** The intake form a tenant resolves (its own or its parents'), and the enterprise of a 一企一码 code. */
export async function intakeOf(deps: Deps, config: { formKey: string }, tenantId: string, enterpriseId: string | undefined) {
  const tenant = await deps.tenants.get(tenantId);
  if (!tenant) throw notFound('tenant', tenantId);
  const row = await deps.definitions.resolve(deps.db.knex, 'form', config.formKey, tenantId);
  if (!row) throw notFound('intake form', config.formKey);
  let enterprise: { id: string; name: string } | null = null;
  if (enterpriseId) {
    const e = (await deps.db.knex('enterprises').where({ id: enterpriseId, tenant_id: tenantId }).first()) as { id: string; name: string } | undefined;
    if (!e) throw notFound('enterprise', enterpriseId);
    enterprise = { id: e.id, name: e.name };
  }
  // The definition store's one object per form version: its validator is compiled once, not per request.
  return { tenant: { id: tenant.id, name: tenant.name }, form: await deps.definitions.form(deps.db.knex, row.id), enterprise };
}

