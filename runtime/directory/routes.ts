import { ROLES, hasRole, hashPassword, requireRole, requireTenantAccess, requireVisibleTenant } from '../auth/index.js';
import { accountRoutes } from './account-routes.js';
import { requireGroupsVisible, requireStrongPassword } from './account-service.js';
import { organisationRoutes } from './organisation-routes.js';
import { findPeople } from './people.js';
import { ApiError, conflict } from '../platform/http/errors.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import {
  arrayOf,
  booleanType,
  idSchema,
  nameSchema,
  objectOf,
  stringList,
  stringType,
} from '../platform/http/schemas.js';
import { accountsOf, changeBy, createAccount, createGroup, createTenant, groupsOf, takenIn } from './service.js';
import { GROUP_SCHEMA, groupView, TENANT_SCHEMA, tenantView } from './views.js';

/** Tenants, groups (departments) and users. */
export function directoryRoutes(api: RuntimeApi): void {
  accountRoutes(api);
  api.add(
    {
      method: 'post',
      path: '/api/tenants',
      tag: 'directory',
      summary: 'Create a tenant (township, village …) under a parent',
      status: 201,
      response: TENANT_SCHEMA,
      body: {
        type: 'object',
        required: ['id', 'name'],
        additionalProperties: false,
        properties: { id: idSchema, name: nameSchema, parentId: { anyOf: [idSchema, { type: 'null' }] } },
      },
      async handler({ deps, principal, body, koa }) {
        requireRole(principal, 'tenant-admin');
        if (body.parentId) requireTenantAccess(principal, body.parentId);
        else if (!hasRole(principal))
          throw new ApiError(403, 'FORBIDDEN', 'only an administrator may create a root tenant');
        const existing = await deps.tenants.get(body.id);
        // A tenant the caller cannot see answers like a parent that does not exist: its id tells nothing.
        if (existing && !principal.subtree.has(existing.id))
          requireTenantAccess({ ...principal, subtree: new Set() }, body.parentId ?? body.id);
        if (existing) throw conflict('TENANT_EXISTS', `tenant "${body.id}" already exists`);
        const values = { id: body.id, name: body.name, parentId: body.parentId ?? null };
        await createTenant(deps.db.knex, values, changeBy(principal.username, koa.ip, deps.clock.now()));
        await deps.tenants.refresh();
        return tenantView({ ...values, parent_id: values.parentId });
      },
    },
    {
      method: 'get',
      path: '/api/tenants',
      tag: 'directory',
      summary: 'Tenants visible to the caller',
      response: arrayOf(TENANT_SCHEMA),
      async handler({ deps, principal }) {
        await deps.tenants.refresh();
        const all = await deps.tenants.all();
        return all.filter((t) => principal.subtree.has(t.id)).map(tenantView);
      },
    },
    {
      method: 'post',
      path: '/api/groups',
      tag: 'directory',
      summary: 'Create a group (department)',
      status: 201,
      response: GROUP_SCHEMA,
      body: {
        type: 'object',
        required: ['id', 'name', 'tenantId'],
        additionalProperties: false,
        properties: { id: idSchema, name: nameSchema, tenantId: idSchema },
      },
      async handler({ deps, principal, body, koa }) {
        requireRole(principal, 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, body.tenantId);
        const existing = await takenIn(deps.db.knex, 'group', body.id);
        if (existing && !principal.subtree.has(existing))
          requireTenantAccess({ ...principal, subtree: new Set() }, body.tenantId);
        if (existing) throw conflict('GROUP_EXISTS', `group "${body.id}" already exists`);
        await createGroup(deps.db.knex, body, changeBy(principal.username, koa.ip, deps.clock.now()));
        return groupView({ id: body.id, name: body.name, tenant_id: body.tenantId });
      },
    },
    {
      method: 'get',
      path: '/api/groups',
      tag: 'directory',
      summary:
        "Groups visible to the caller (assignable=true: also those of its tenant's ancestors, e.g. the city departments a township refers cases to)",
      response: arrayOf(GROUP_SCHEMA),
      query: { properties: { assignable: { enum: ['true', 'false'] } } },
      async handler({ deps, principal, query }) {
        const tenants = new Set(principal.subtree);
        if (query.assignable === 'true') for (const t of await deps.tenants.chain(principal.tenant)) tenants.add(t);
        return (await groupsOf(deps.db.knex, tenants)).map(groupView);
      },
    },
    {
      method: 'post',
      path: '/api/users',
      tag: 'directory',
      summary: 'Create a user (mustChangePassword: the user replaces the password at the first sign-in)',
      status: 201,
      response: objectOf({
        username: stringType,
        displayName: stringType,
        tenantId: stringType,
        groups: stringList,
        roles: stringList,
      }),
      body: {
        type: 'object',
        required: ['username', 'password', 'displayName', 'tenantId'],
        additionalProperties: false,
        properties: {
          username: idSchema,
          password: { type: 'string', minLength: 1, maxLength: 200 },
          displayName: nameSchema,
          tenantId: idSchema,
          groups: { type: 'array', maxItems: 50, items: idSchema },
          roles: { type: 'array', maxItems: ROLES.length, items: { enum: [...ROLES] } },
          mustChangePassword: { type: 'boolean' },
        },
      },
      async handler({ deps, principal, body, koa, locale }) {
        await requireStrongPassword(body.password, [body.username, body.displayName], locale);
        requireRole(principal, 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, body.tenantId);
        const roles: string[] = body.roles ?? ['staff'];
        if (roles.includes('admin') && !hasRole(principal))
          throw new ApiError(403, 'FORBIDDEN', 'only an administrator may grant the admin role');
        const groups: string[] = body.groups ?? [];
        await requireGroupsVisible(deps.db.knex, principal, groups);
        const existing = await takenIn(deps.db.knex, 'user', body.username);
        if (existing && !principal.subtree.has(existing))
          requireTenantAccess({ ...principal, subtree: new Set() }, body.tenantId);
        if (existing) throw conflict('USER_EXISTS', `user "${body.username}" already exists`);
        const account = {
          username: body.username,
          passwordHash: await hashPassword(body.password),
          displayName: body.displayName,
          tenantId: body.tenantId,
          roles,
          groups,
          mustChangePassword: body.mustChangePassword === true,
        };
        await createAccount(deps.db.knex, account, changeBy(principal.username, koa.ip, deps.clock.now()), locale);
        return { username: body.username, displayName: body.displayName, tenantId: body.tenantId, groups, roles };
      },
    },
    {
      method: 'get',
      path: '/api/people',
      tag: 'directory',
      summary:
        'People the caller may hand work to or copy (its units and those above): name, account and unit, found by a part of the name or account',
      response: arrayOf(objectOf({ username: stringType, displayName: stringType, unit: stringType })),
      query: {
        properties: {
          q: { type: 'string', maxLength: 100 },
          limit: { type: 'string', pattern: '^[0-9]{1,2}$' },
        },
      },
      async handler({ deps, principal, query }) {
        const tenants = new Set(principal.subtree);
        for (const t of await deps.tenants.chain(principal.tenant)) tenants.add(t);
        return findPeople(deps.db.knex, tenants, query.q ?? '', Math.min(Number(query.limit ?? 20) || 20, 50));
      },
    },
    {
      method: 'get',
      path: '/api/users',
      tag: 'directory',
      summary:
        'Users visible to the caller (detail=true, for administrators: also groups, disabled, mustChangePassword)',
      response: arrayOf(
        objectOf({
          username: stringType,
          displayName: stringType,
          tenantId: stringType,
          roles: stringList,
          'groups?': stringList,
          'disabled?': booleanType,
          'mustChangePassword?': booleanType,
        }),
      ),
      query: { properties: { detail: { enum: ['true', 'false'] } } },
      async handler({ deps, principal, query }) {
        requireRole(principal, 'tenant-admin', 'supervisor');
        const detail = query.detail === 'true';
        if (detail) requireRole(principal, 'tenant-admin');
        return (await accountsOf(deps.db.knex, principal.subtree, detail)).map((u) => ({
          username: u.username,
          displayName: u.display_name,
          tenantId: u.tenant_id,
          roles: u.roles,
          ...(detail
            ? {
                groups: (u.groups ?? []).map((g) => g.id),
                disabled: u.disabled === true,
                mustChangePassword: u.must_change_password === true,
              }
            : {}),
        }));
      },
    },
  );
  organisationRoutes(api);
}
