import type Koa from 'koa';
import type { Principal } from '../auth/index.js';
import type { Deps } from '../platform/http/deps.js';
import { parseChildId } from '../platform/ids.js';
import { sha256 } from './canonical.js';
import { redact, withAuditScope, type AuditScope } from './context.js';
import { NO_TENANT, record } from './service.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOGIN = '/api/auth/login';

/**
 * Puts every writing API request in an audit scope: commands record their row in their own
 * transaction (`auditCommand`); any other successful write (accounts, groups, tenants,
 * deployments, calendars, policies, enterprises, claims …) is recorded here once the handler has
 * answered, and so are sign-ins, failed ones included.
 */
export function auditTrail(deps: Deps): Koa.Middleware {
  return async (ctx, next) => {
    if (READS.has(ctx.method) || !ctx.path.startsWith('/api/')) return next();
    const body = (ctx.request as unknown as { body?: Record<string, unknown> }).body;
    const principal = () => ctx.state.principal as Principal | undefined;
    const params = () => (ctx as unknown as { params?: Record<string, string> }).params ?? {};
    const login = ctx.path === LOGIN;
    const scope: AuditScope = {
      get actor() {
        return principal()?.username ?? (login && typeof body?.username === 'string' ? body.username : null);
      },
      client: ctx.ip || null,
      action: `${ctx.method} ${ctx.path}`,
      get tenant() {
        return stringOf(body?.tenant) ?? stringOf(body?.tenantId) ?? params().tenant ?? principal()?.tenant;
      },
      reason: clipText(stringOf(body?.reason) ?? stringOf(body?.resolution)),
      // Read only when a row is written: by then the API has accepted the body.
      get request() {
        return body === undefined ? undefined : redact(body, sha256);
      },
    };
    let failure: unknown;
    try {
      await withAuditScope(scope, next);
    } catch (err) {
      failure = err;
    }
    const status = failure === undefined ? ctx.status : ((failure as { status?: number }).status ?? 500);
    if (!scope.recorded && (status < 400 || (login && (status === 401 || status === 429)))) {
      try {
        await recordAction(deps, ctx, scope, status, login);
      } catch (err) {
        // The action happened; an audit row that could not be written must not be silent.
        deps.log.error({ err, action: scope.action }, 'audit row not written');
        if (failure === undefined) throw err;
      }
    }
    if (failure !== undefined) throw failure;
  };
}

async function recordAction(
  deps: Deps,
  ctx: Koa.Context,
  scope: AuditScope,
  status: number,
  login: boolean,
): Promise<void> {
  const params = (ctx as unknown as { params?: Record<string, string> }).params ?? {};
  let tenant = scope.tenant;
  if (login && scope.actor)
    tenant = (
      (await deps.db.knex('users').where({ username: scope.actor }).first('tenant_id')) as
        | { tenant_id: string }
        | undefined
    )?.tenant_id;
  const caseId =
    ctx.path.startsWith('/api/process-instances/') || ctx.path.startsWith('/api/cases/')
      ? params.id
      : ctx.path.startsWith('/api/tasks/') && params.id
        ? parseChildId(params.id)?.instanceId
        : undefined;
  const action =
    login && status >= 400
      ? `${scope.action} (failed: ${status === 429 ? 'throttled' : 'wrong user name or password'})`
      : scope.action;
  await deps.db.knex.transaction((trx) =>
    record(trx, {
      tenant: tenant ?? NO_TENANT,
      at: deps.clock.now(),
      actor: scope.actor,
      client: scope.client,
      action,
      caseId: caseId ?? null,
      reason: scope.reason ?? null,
      data: scope.request === undefined ? {} : { request: scope.request },
    }),
  );
}

const clipText = (v: string | undefined) => (v === undefined ? null : v.slice(0, 2000));
const stringOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
