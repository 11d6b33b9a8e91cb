import { ROLES, hasRole, hashPassword, passwordProblem, requireRole, requireTenantAccess, requireVisibleTenant } from '../auth/index.js';
import { ApiError, conflict } from '../platform/http/errors.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { idSchema, nameSchema } from '../platform/http/schemas.js';

/** Tenants, groups (departments) and users. */
export function directoryRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'post', path: '/api/tenants', tag: 'directory', summary: 'Create a tenant (township, village …) under a parent', status: 201,
      body: { type: 'object', required: ['id', 'name'], additionalProperties: false, properties: { id: idSchema, name: nameSchema, parentId: { anyOf: [idSchema, { type: 'null' }] } } },
      async handler({ deps, principal, body }) {
        requireRole(principal, 'tenant-admin');
        if (body.parentId) requireTenantAccess(principal, body.parentId);
        else if (!hasRole(principal)) throw new ApiError(403, 'FORBIDDEN', 'only an administrator may create a root tenant');
        if (await deps.tenants.get(body.id)) throw conflict('TENANT_EXISTS', `tenant "${body.id}" already exists`);
        const row = { id: body.id, name: body.name, parent_id: body.parentId ?? null, created_at: deps.clock.now() };
        await deps.db.knex('tenants').insert(row);
        await deps.tenants.refresh();
        return { id: row.id, name: row.name, parentId: row.parent_id };
      },
    },
    {
      method: 'get', path: '/api/tenants', tag: 'directory', summary: 'Tenants visible to the caller',
      async handler({ deps, principal }) {
        await deps.tenants.refresh();
        const all = await deps.tenants.all();
        return all.filter((t) => principal.subtree.has(t.id)).map((t) => ({ id: t.id, name: t.name, parentId: t.parent_id }));
      },
    },
    {
      method: 'post', path: '/api/groups', tag: 'directory', summary: 'Create a group (department)', status: 201,
      body: { type: 'object', required: ['id', 'name', 'tenantId'], additionalProperties: false, properties: { id: idSchema, name: nameSchema, tenantId: idSchema } },
      async handler({ deps, principal, body }) {
        requireRole(principal, 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, body.tenantId);
        if (await deps.db.knex('groups').where({ id: body.id }).first()) throw conflict('GROUP_EXISTS', `group "${body.id}" already exists`);
        await deps.db.knex('groups').insert({ id: body.id, name: body.name, tenant_id: body.tenantId });
        return { id: body.id, name: body.name, tenantId: body.tenantId };
      },
    },
    {
      method: 'get', path: '/api/groups', tag: 'directory', summary: 'Groups visible to the caller (assignable=true: also those of its tenant\'s ancestors, e.g. the city departments a township refers cases to)',
      query: { properties: { assignable: { enum: ['true', 'false'] } } },
      async handler({ deps, principal, query }) {
        const tenants = new Set(principal.subtree);
        if (query.assignable === 'true') for (const t of await deps.tenants.chain(principal.tenant)) tenants.add(t);
        const rows = await deps.db.knex('groups').whereIn('tenant_id', [...tenants]).orderBy('id');
        return rows.map((g: { id: string; name: string; tenant_id: string }) => ({ id: g.id, name: g.name, tenantId: g.tenant_id }));
      },
    },
    {
      method: 'post', path: '/api/users', tag: 'directory', summary: 'Create a user', status: 201,
      body: {
        type: 'object', required: ['username', 'password', 'displayName', 'tenantId'], additionalProperties: false,
        properties: {
          username: idSchema, password: { type: 'string', minLength: 8, maxLength: 200 }, displayName: nameSchema, tenantId: idSchema,
          groups: { type: 'array', maxItems: 50, items: idSchema }, roles: { type: 'array', maxItems: 5, items: { enum: [...ROLES] } },
        },
      },
      async handler({ deps, principal, body }) {
        const tooLong = passwordProblem(body.password);
        if (tooLong) throw new ApiError(400, 'REQUEST_INVALID', `the request body is invalid: body/password ${tooLong}`, [{ path: 'body/password', keyword: 'maxBytes', message: tooLong }]);
        requireRole(principal, 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, body.tenantId);
        const roles: string[] = body.roles ?? ['staff'];
        if (roles.includes('admin') && !hasRole(principal)) throw new ApiError(403, 'FORBIDDEN', 'only an administrator may grant the admin role');
        const groups: string[] = body.groups ?? [];
        const known = await deps.db.knex('groups').whereIn('id', groups).select('id', 'tenant_id');
        for (const g of groups) {
          const row = known.find((k: { id: string }) => k.id === g);
          if (!row || !principal.subtree.has(row.tenant_id)) throw new ApiError(400, 'GROUP_UNKNOWN', `group "${g}" does not exist or is not visible to you`);
        }
        if (await deps.db.knex('users').where({ username: body.username }).first()) throw conflict('USER_EXISTS', `user "${body.username}" already exists`);
        const hash = await hashPassword(body.password);
        await deps.db.knex.transaction(async (trx) => {
          await trx('users').insert({ username: body.username, password_hash: hash, display_name: body.displayName, tenant_id: body.tenantId, roles: JSON.stringify(roles), created_at: deps.clock.now() });
          if (groups.length > 0) await trx('memberships').insert(groups.map((g) => ({ username: body.username, group_id: g })));
        });
        return { username: body.username, displayName: body.displayName, tenantId: body.tenantId, groups, roles };
      },
    },
    {
      method: 'get', path: '/api/users', tag: 'directory', summary: 'Users visible to the caller',
      async handler({ deps, principal }) {
        requireRole(principal, 'tenant-admin', 'supervisor');
        const rows = await deps.db.knex('users').whereIn('tenant_id', [...principal.subtree]).orderBy('username');
        return rows.map((u: { username: string; display_name: string; tenant_id: string; roles: string }) => ({ username: u.username, displayName: u.display_name, tenantId: u.tenant_id, roles: JSON.parse(u.roles) }));
      },
    },
  );
}
