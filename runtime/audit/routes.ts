import { hasRole, mayReadCase, requireRole, requireTenantAccess } from '../auth/index.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import {
  anyObject,
  arrayOf,
  booleanType,
  idSchema,
  integerType,
  limitOf,
  limitSchema,
  nullable,
  objectOf,
  stringOrNull,
  stringType,
} from '../platform/http/schemas.js';
import { NO_TENANT, verify, type AuditRow } from './service.js';

const timeSchema = { type: 'string', minLength: 4, maxLength: 32 } as const;
const AUDIT_ENTRY = objectOf({
  tenant: stringType,
  seq: integerType,
  at: stringType,
  actor: stringOrNull,
  client: stringOrNull,
  action: stringType,
  caseId: stringOrNull,
  reason: stringOrNull,
  data: nullable(anyObject),
  hash: stringType,
});
const VERIFY_RESULT = objectOf({
  ok: booleanType,
  chains: integerType,
  rows: integerType,
  broken: arrayOf(objectOf({ tenant: stringType, seq: integerType, problem: stringType })),
});

/** The audit trail for administrators, and the check that it is intact. */
export function auditRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/audit',
      tag: 'audit',
      summary:
        'The audit trail of the caller’s tenants (administrators); form values only where the caller may read the case',
      response: arrayOf(AUDIT_ENTRY),
      query: {
        properties: {
          tenant: idSchema,
          caseId: { type: 'string', maxLength: 40 },
          actor: { type: 'string', maxLength: 64 },
          from: timeSchema,
          to: timeSchema,
          limit: limitSchema,
        },
      },
      async handler({ deps, principal, query }) {
        requireRole(principal, 'tenant-admin');
        if (query.tenant) requireTenantAccess(principal, query.tenant);
        const chains = query.tenant
          ? [query.tenant]
          : [...principal.subtree, ...(hasRole(principal) ? [NO_TENANT] : [])];
        let q = deps.db.knex('audit_log').whereIn('tenant_id', chains);
        if (query.caseId) q = q.where({ case_id: query.caseId });
        if (query.actor) q = q.where({ actor: query.actor });
        if (query.from) q = q.where('at', '>=', query.from);
        if (query.to) q = q.where('at', '<', query.to);
        const rows = (await q
          .orderBy([
            { column: 'at', order: 'desc' },
            { column: 'seq', order: 'desc' },
          ])
          .limit(limitOf(query.limit))) as AuditRow[];
        const readable = new Map<string, boolean>();
        const out = [];
        for (const r of rows) {
          let mayRead = true;
          if (r.case_id) {
            if (!readable.has(r.case_id))
              readable.set(
                r.case_id,
                await mayReadCase(deps.db.knex, deps.db.dialect, principal, { id: r.case_id, tenant_id: r.tenant_id }),
              );
            mayRead = readable.get(r.case_id)!;
          }
          out.push({
            tenant: r.tenant_id,
            seq: Number(r.seq),
            at: r.at,
            actor: r.actor,
            client: r.client,
            action: r.action,
            caseId: r.case_id,
            reason: r.reason,
            data: mayRead ? JSON.parse(r.data) : null,
            hash: r.hash,
          });
        }
        return out;
      },
    },
    {
      method: 'get',
      path: '/api/admin/audit/verify',
      tag: 'audit',
      summary: 'Re-compute every audit chain (system administrators): the first broken row of each broken chain',
      response: VERIFY_RESULT,
      async handler({ deps, principal }) {
        requireRole(principal);
        return verify(deps.db.knex);
      },
    },
  );
}
