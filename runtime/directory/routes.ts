import {
  ROLES,
  hasRole,
  hashPassword,
  recordAccountEvent,
  requireDisplayName,
  requireGroupsVisible,
  requireRole,
  requireStrongPassword,
  requireTenantAccess,
  requireVisibleTenant,
} from '../auth/index.js';
import { organisationRoutes } from './organisation-routes.js';
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
import { GROUP_SCHEMA, groupView, TENANT_SCHEMA, tenantView } from './views.js';

/** Tenants, groups (departments) and users. */
export function directoryRoutes(api: RuntimeApi): void {
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
        const row = { id: body.id, name: body.name, parent_id: body.parentId ?? null, created_at: deps.clock.now() };
        await deps.db.knex.transaction(async (trx) => {
          await trx('tenants').insert(row);
          await recordAccountEvent(trx, {
            tenant: row.id,
            actor: principal.username,
            action: 'tenant.created',
            subject: `tenant:${row.id}`,
            data: { name: row.name, parentId: row.parent_id },
            address: koa.ip,
            at: row.created_at,
          });
        });
        await deps.tenants.refresh();
        return tenantView(row);
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
        const existing = (await deps.db.knex('groups').where({ id: body.id }).first('tenant_id')) as
          | { tenant_id: string }
          | undefined;
        if (existing && !principal.subtree.has(existing.tenant_id))
          requireTenantAccess({ ...principal, subtree: new Set() }, body.tenantId);
        if (existing) throw conflict('GROUP_EXISTS', `group "${body.id}" already exists`);
        await deps.db.knex.transaction(async (trx) => {
          await trx('groups').insert({ id: body.id, name: body.name, tenant_id: body.tenantId });
          await recordAccountEvent(trx, {
            tenant: body.tenantId,
            actor: principal.username,
            action: 'group.created',
            subject: `group:${body.id}`,
            data: { name: body.name },
            address: koa.ip,
            at: deps.clock.now(),
          });
        });
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
        const rows = await deps.db
          .knex('groups')
          .whereIn('tenant_id', [...tenants])
          .orderBy('id');
        return rows.map(groupView);
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
        const existing = (await deps.db.knex('users').where({ username: body.username }).first('tenant_id')) as
          | { tenant_id: string }
          | undefined;
        if (existing && !principal.subtree.has(existing.tenant_id))
          requireTenantAccess({ ...principal, subtree: new Set() }, body.tenantId);
        if (existing) throw conflict('USER_EXISTS', `user "${body.username}" already exists`);
        const hash = await hashPassword(body.password);
        const now = deps.clock.now();
        await deps.db.knex.transaction(async (trx) => {
          await requireDisplayName(trx, body.tenantId, body.displayName, locale);
          await trx('users').insert({
            username: body.username,
            password_hash: hash,
            display_name: body.displayName,
            tenant_id: body.tenantId,
            roles: JSON.stringify(roles),
            created_at: now,
            must_change_password: body.mustChangePassword === true,
          });
          if (groups.length > 0)
            await trx('memberships').insert(groups.map((g) => ({ username: body.username, group_id: g })));
          await recordAccountEvent(trx, {
            tenant: body.tenantId,
            actor: principal.username,
            action: 'account.created',
            subject: `user:${body.username}`,
            data: { displayName: body.displayName, roles, groups },
            address: koa.ip,
            at: now,
          });
        });
        return { username: body.username, displayName: body.displayName, tenantId: body.tenantId, groups, roles };
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
        const rows = await deps.db
          .knex('users')
          .whereIn('tenant_id', [...principal.subtree])
          .orderBy('username');
        type Row = {
          username: string;
          display_name: string;
          tenant_id: string;
          roles: string;
          disabled: boolean | number;
          must_change_password: boolean | number;
        };
        const brief = (u: Row) => ({
          username: u.username,
          displayName: u.display_name,
          tenantId: u.tenant_id,
          roles: JSON.parse(u.roles),
        });
        if (query.detail !== 'true') return rows.map(brief);
        requireRole(principal, 'tenant-admin');
        const memberships = (await deps.db
          .knex('memberships')
          .whereIn(
            'username',
            rows.map((u: Row) => u.username),
          )
          .orderBy('group_id')) as Array<{ username: string; group_id: string }>;
        return rows.map((u: Row) => ({
          ...brief(u),
          groups: memberships.filter((m) => m.username === u.username).map((m) => m.group_id),
          disabled: Boolean(u.disabled),
          mustChangePassword: Boolean(u.must_change_password),
        }));
      },
    },
  );
  organisationRoutes(api);
}
