import type { Knex } from 'knex';
import { ApiError, notFound } from '../platform/http/errors.js';
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
import { forgetPrincipals, hasRole, requireRole, type Principal } from '../auth/index.js';
import { IMPORT_REPORT_SCHEMA, importDirectory } from './import.js';
import type { Group } from './models.js';
import { accountsNamed, changeBy, findGroup, membersOf, renameGroup, replaceMembers, updateTenant } from './service.js';
import { GROUP_SCHEMA, groupView, TENANT_SCHEMA, tenantView } from './views.js';
import { systemClock } from '../platform/clock.js';

async function managedGroup(db: Knex, p: Principal, id: string): Promise<Group> {
  requireRole(p, 'tenant-admin');
  const group = await findGroup(db, id);
  if (!group || !p.subtree.has(group.tenant_id)) throw notFound('group', id);
  return group;
}

/** Departments (groups) and the tenant tree, within the administrator's subtree; every change recorded. */
export function organisationRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'put',
      path: '/api/groups/:id',
      tag: 'directory',
      summary: 'Rename a group (department)',
      response: GROUP_SCHEMA,
      body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: nameSchema } },
      async handler({ deps, principal, params, body, koa }) {
        const group = await managedGroup(deps.db.knex, principal, params.id!);
        await renameGroup(deps.db.knex, group, body.name, changeBy(principal.username, koa.ip, deps.clock.now()));
        return groupView({ ...group, name: body.name });
      },
    },
    {
      method: 'get',
      path: '/api/groups/:id/members',
      tag: 'directory',
      summary: "A group's members, leaders flagged",
      response: arrayOf(objectOf({ username: stringType, displayName: stringType, leader: booleanType })),
      async handler({ deps, principal, params }) {
        const group = await managedGroup(deps.db.knex, principal, params.id!);
        return (await membersOf(deps.db.knex, group.id)).map((u) => ({
          username: u.username,
          displayName: u.display_name,
          leader: u.leader === true,
        }));
      },
    },
    {
      method: 'put',
      path: '/api/groups/:id/members',
      tag: 'directory',
      summary: "Replace a group's members (users of the caller's subtree); members who stay keep their leader flag",
      response: objectOf({ group: stringType, members: stringList }),
      body: {
        type: 'object',
        required: ['usernames'],
        additionalProperties: false,
        properties: { usernames: { type: 'array', maxItems: 500, items: idSchema } },
      },
      async handler({ deps, principal, params, body, koa }) {
        const group = await managedGroup(deps.db.knex, principal, params.id!);
        const wanted = [...new Set(body.usernames as string[])].sort();
        const users = await accountsNamed(deps.db.knex, wanted);
        const strangers = wanted.filter(
          (u) => !users.some((r) => r.username === u && principal.subtree.has(r.tenant_id)),
        );
        if (strangers.length > 0)
          throw new ApiError(
            400,
            'USER_UNKNOWN',
            `users that do not exist or are not visible to you: ${strangers.join(', ')}`,
          );
        await replaceMembers(deps.db.knex, group, wanted, changeBy(principal.username, koa.ip, deps.clock.now()));
        forgetPrincipals(deps.db.knex);
        return { group: group.id, members: wanted };
      },
    },
    {
      method: 'put',
      path: '/api/tenants/:id',
      tag: 'directory',
      summary: "Rename a tenant, or move it under another parent (both within the caller's subtree)",
      response: TENANT_SCHEMA,
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { name: nameSchema, parentId: idSchema },
      },
      async handler({ deps, principal, params, body, koa }) {
        requireRole(principal, 'tenant-admin');
        await deps.tenants.refresh();
        const tenant = await deps.tenants.get(params.id!);
        if (!tenant || !principal.subtree.has(tenant.id)) throw notFound('tenant', params.id!);
        if (body.parentId !== undefined && body.parentId !== tenant.parent_id) {
          // The caller's own tenant is the root of what it administers: only an administrator moves it.
          if (tenant.id === principal.tenant && !hasRole(principal))
            throw new ApiError(403, 'FORBIDDEN', 'you cannot move the tenant you administer from');
          if (!principal.subtree.has(body.parentId) || !(await deps.tenants.get(body.parentId)))
            throw notFound('tenant', body.parentId);
          if ((await deps.tenants.subtree(tenant.id)).has(body.parentId))
            throw new ApiError(409, 'TENANT_CYCLE', 'a tenant cannot move under itself or one of its own descendants');
        }
        await updateTenant(deps.db.knex, tenant, body, changeBy(principal.username, koa.ip, deps.clock.now()));
        await deps.tenants.refresh();
        const after = (await deps.tenants.get(tenant.id))!;
        return tenantView(after);
      },
    },
    {
      method: 'post',
      path: '/api/directory/import',
      tag: 'directory',
      summary:
        'Import departments and users from an Excel workbook (base64) or CSV text: every row checked, a report per row, written only when no row has a problem and dryRun is false',
      response: IMPORT_REPORT_SCHEMA,
      body: {
        type: 'object',
        required: ['format', 'content'],
        additionalProperties: false,
        properties: {
          format: { enum: ['xlsx', 'csv'] },
          content: { type: 'string', minLength: 1, maxLength: 1_500_000 },
          kind: { enum: ['users', 'departments'] },
          dryRun: { type: 'boolean' },
        },
      },
      async handler({ deps, principal, body, koa }) {
        requireRole(principal, 'tenant-admin');
        await deps.tenants.refresh();
        const report = await importDirectory(
          deps.db.knex,
          deps.tenants,
          principal,
          {
            format: body.format,
            content: body.content,
            ...(body.kind ? { kind: body.kind } : {}),
            dryRun: body.dryRun !== false,
          },
          { address: koa.ip, now: systemClock.now() },
        );
        if (report.written) forgetPrincipals(deps.db.knex);
        return report;
      },
    },
  );
}
