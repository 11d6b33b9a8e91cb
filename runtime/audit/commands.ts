import type { UnitOfWork } from '../execution/unit-of-work.js';
import { canonicalJson } from './canonical.js';
import { currentAuditScope } from './context.js';
import { NO_TENANT, record } from './service.js';

/**
 * The audit row of a command, written in the command's own transaction just before it commits:
 * who, from where, what was sent (the form data), and per case the variables it changed, before
 * → after. An after value equal to what was sent is not repeated. Commands outside an audit scope
 * (timers, service jobs, loading the examples) are the system's own steps: the case history has them.
 */
export async function auditCommand(unit: UnitOfWork): Promise<void> {
  const scope = currentAuditScope();
  if (!scope) return;
  const sent = sentVariables(scope.request);
  const changes: Record<string, { was?: Record<string, unknown>; set?: Record<string, unknown> }> = {};
  const latest = new Map<string, { tenant: string; before: Record<string, unknown>; after: Record<string, unknown> }>();
  for (const t of unit.touched) {
    const known = latest.get(t.id);
    latest.set(t.id, { tenant: t.tenant, before: known?.before ?? t.before, after: t.after });
  }
  for (const [id, { before, after }] of latest) {
    const was: Record<string, unknown> = {};
    const set: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const b = canonicalJson(before[key]);
      const a = canonicalJson(after[key]);
      if (a === b) continue;
      if (key in before) was[key] = before[key];
      if (!(key in sent) || canonicalJson(sent[key]) !== a) set[key] = key in after ? after[key] : null;
    }
    if (Object.keys(was).length > 0 || Object.keys(set).length > 0)
      changes[id] = { ...(Object.keys(was).length ? { was } : {}), ...(Object.keys(set).length ? { set } : {}) };
  }
  const first = latest.entries().next().value as [string, { tenant: string }] | undefined;
  await record(unit.tx, {
    tenant: first?.[1].tenant ?? scope.tenant ?? NO_TENANT,
    at: unit.now,
    actor: scope.actor,
    client: scope.client,
    action: scope.action,
    caseId: first?.[0] ?? null,
    reason: scope.reason ?? null,
    data: {
      ...(scope.request !== undefined ? { request: scope.request } : {}),
      ...(Object.keys(changes).length ? { changes } : {}),
    },
  });
  unit.tx.afterCommit(() => (scope.recorded = true));
}

function sentVariables(request: unknown): Record<string, unknown> {
  const r = request as { variables?: unknown; data?: unknown } | undefined;
  const v = r?.variables ?? r?.data;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
