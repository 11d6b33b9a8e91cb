import type { Context } from 'koa';
import { systemClock } from '../platform/clock.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import {
  arrayOf,
  emptyBodySchema,
  idSchema,
  nameSchema,
  objectOf,
  stringList,
  stringType,
} from '../platform/http/schemas.js';
import {
  ACCOUNT_EVENT_SCHEMA,
  listAccountEvents,
  requireRole,
  ROLES,
  TOKEN_SCHEMA,
  withRetryAfter,
  type Principal,
} from '../auth/index.js';
import { AccountService, managedUser, type Actor } from './account-service.js';
import { ACCOUNT_SCHEMA, accountView } from './account-view.js';

const passwordSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;
const usernameParam = { username: idSchema };

// Sign-in times run on real time: moving the controlled business clock must not lift a wait.
const actorOf = (principal: Principal, koa: Context, locale: 'zh-CN' | 'en'): Actor => ({
  principal,
  address: koa.ip,
  now: systemClock.now(),
  locale,
});

/** Passwords, and the lifecycle of the accounts an administrator manages. */
export function accountRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'post',
      path: '/api/auth/password',
      tag: 'auth',
      summary: 'Change a password with the current one (also when a reset made a change due); answers a new token',
      public: true,
      response: TOKEN_SCHEMA,
      body: {
        type: 'object',
        required: ['username', 'password', 'newPassword'],
        additionalProperties: false,
        properties: {
          username: { type: 'string', minLength: 1, maxLength: 64 },
          password: passwordSchema,
          newPassword: passwordSchema,
        },
      },
      async handler({ deps, body, koa, locale }) {
        return withRetryAfter(koa, () =>
          new AccountService(deps.db.knex).changePassword(
            body.username,
            body.password,
            body.newPassword,
            koa.ip,
            systemClock.now(),
            locale,
          ),
        );
      },
    },
    {
      method: 'put',
      path: '/api/me/password',
      tag: 'auth',
      summary: 'Change the own password (the current one required); every other token ends, a new one is answered',
      response: TOKEN_SCHEMA,
      body: {
        type: 'object',
        required: ['password', 'newPassword'],
        additionalProperties: false,
        properties: { password: passwordSchema, newPassword: passwordSchema },
      },
      async handler({ deps, principal, body, koa, locale }) {
        return withRetryAfter(koa, () =>
          new AccountService(deps.db.knex).changePassword(
            principal.username,
            body.password,
            body.newPassword,
            koa.ip,
            systemClock.now(),
            locale,
          ),
        );
      },
    },
    {
      method: 'get',
      path: '/api/users/:username',
      tag: 'directory',
      summary: 'One account the caller administers: roles, groups, state',
      params: usernameParam,
      response: ACCOUNT_SCHEMA,
      async handler({ deps, principal, params }) {
        return accountView(
          deps.db.knex,
          await managedUser(deps.db.knex, principal, params.username!),
          systemClock.now(),
        );
      },
    },
    {
      method: 'post',
      path: '/api/users/:username/password-reset',
      tag: 'directory',
      summary:
        'Reset a password: the user must choose a new one at the next sign-in (without a password one is generated and answered once)',
      params: usernameParam,
      response: objectOf({ 'temporaryPassword?': stringType }),
      body: { type: 'object', additionalProperties: false, properties: { password: passwordSchema } },
      async handler({ deps, principal, params, body, koa, locale }) {
        return new AccountService(deps.db.knex).resetPassword(
          actorOf(principal, koa, locale),
          params.username!,
          body?.password,
        );
      },
    },
    {
      method: 'post',
      path: '/api/users/:username/disable',
      tag: 'directory',
      summary: 'Disable an account: no sign-in, and its tokens stop working at once',
      params: usernameParam,
      body: emptyBodySchema,
      status: 204,
      async handler({ deps, principal, params, koa, locale }) {
        await new AccountService(deps.db.knex).setDisabled(actorOf(principal, koa, locale), params.username!, true);
        return undefined;
      },
    },
    {
      method: 'post',
      path: '/api/users/:username/enable',
      tag: 'directory',
      summary: 'Enable a disabled account again',
      params: usernameParam,
      body: emptyBodySchema,
      status: 204,
      async handler({ deps, principal, params, koa, locale }) {
        await new AccountService(deps.db.knex).setDisabled(actorOf(principal, koa, locale), params.username!, false);
        return undefined;
      },
    },
    {
      method: 'post',
      path: '/api/users/:username/unlock',
      tag: 'directory',
      summary: 'Lift the sign-in wait of an account after failed attempts',
      params: usernameParam,
      body: emptyBodySchema,
      status: 204,
      async handler({ deps, principal, params, koa, locale }) {
        await new AccountService(deps.db.knex).unlock(actorOf(principal, koa, locale), params.username!);
        return undefined;
      },
    },
    {
      method: 'put',
      path: '/api/users/:username/roles',
      tag: 'directory',
      summary: "Replace an account's roles",
      params: usernameParam,
      response: objectOf({ roles: stringList }),
      body: {
        type: 'object',
        required: ['roles'],
        additionalProperties: false,
        properties: { roles: { type: 'array', minItems: 1, maxItems: 4, items: { enum: [...ROLES] } } },
      },
      async handler({ deps, principal, params, body, koa, locale }) {
        return {
          roles: await new AccountService(deps.db.knex).setRoles(
            actorOf(principal, koa, locale),
            params.username!,
            body.roles,
          ),
        };
      },
    },
    {
      method: 'put',
      path: '/api/users/:username/groups',
      tag: 'directory',
      summary: "Replace an account's groups (departments)",
      params: usernameParam,
      response: objectOf({ groups: stringList }),
      body: {
        type: 'object',
        required: ['groups'],
        additionalProperties: false,
        properties: { groups: { type: 'array', maxItems: 50, items: idSchema } },
      },
      async handler({ deps, principal, params, body, koa, locale }) {
        return {
          groups: await new AccountService(deps.db.knex).setGroups(
            actorOf(principal, koa, locale),
            params.username!,
            body.groups,
          ),
        };
      },
    },
    {
      method: 'put',
      path: '/api/users/:username/display-name',
      tag: 'directory',
      summary: "Change an account's display name",
      params: usernameParam,
      response: objectOf({ displayName: stringType }),
      body: {
        type: 'object',
        required: ['displayName'],
        additionalProperties: false,
        properties: { displayName: nameSchema },
      },
      async handler({ deps, principal, params, body, koa, locale }) {
        await new AccountService(deps.db.knex).setDisplayName(
          actorOf(principal, koa, locale),
          params.username!,
          body.displayName,
        );
        return { displayName: body.displayName };
      },
    },
    {
      method: 'get',
      path: '/api/account-events',
      tag: 'directory',
      summary: "Changes to accounts, groups and tenants of the caller's subtree, newest first",
      response: arrayOf(ACCOUNT_EVENT_SCHEMA),
      query: { properties: { subject: { type: 'string', maxLength: 300 } } },
      async handler({ deps, principal, query }) {
        requireRole(principal, 'tenant-admin');
        return listAccountEvents(deps.db.knex, [...principal.subtree], query.subject ? { subject: query.subject } : {});
      },
    },
  );
}
