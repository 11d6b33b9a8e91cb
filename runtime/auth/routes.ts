import type { Context } from 'koa';
import { login, logout, TOKEN_SCHEMA } from './accounts.js';
import { systemClock } from '../platform/clock.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { LoginThrottled } from './throttle.js';
import { emptyBodySchema, objectOf, stringList, stringType } from '../platform/http/schemas.js';

/** A throttled sign-in also says when to come back in the Retry-After header. */
export async function withRetryAfter<T>(koa: Context, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof LoginThrottled) koa.set('Retry-After', String(err.retryAfter));
    throw err;
  }
}

export function authRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'post',
      path: '/api/auth/login',
      tag: 'auth',
      summary:
        'Log in and receive a bearer token (429 LOGIN_THROTTLED with retryAfter after repeated failures; 403 PASSWORD_CHANGE_REQUIRED after a reset)',
      public: true,
      response: TOKEN_SCHEMA,
      body: {
        type: 'object',
        required: ['username', 'password'],
        additionalProperties: false,
        properties: {
          username: { type: 'string', minLength: 1, maxLength: 64 },
          password: { type: 'string', minLength: 1, maxLength: 200 },
        },
      },
      async handler({ deps, body, koa }) {
        return withRetryAfter(koa, () => login(deps.db.knex, body.username, body.password, koa.ip, systemClock.now()));
      },
    },
    {
      method: 'post',
      path: '/api/auth/logout',
      tag: 'auth',
      summary: 'Invalidate the current token',
      status: 204,
      body: emptyBodySchema,
      async handler({ deps, koa }) {
        await logout(deps.db.knex, koa.get('authorization').replace(/^Bearer\s+/i, ''));
        return undefined;
      },
    },
    {
      method: 'get',
      path: '/api/me',
      tag: 'auth',
      summary: 'The current user',
      response: objectOf({
        username: stringType,
        displayName: stringType,
        tenant: stringType,
        roles: stringList,
        groups: stringList,
      }),
      async handler({ principal }) {
        return {
          username: principal.username,
          displayName: principal.displayName,
          tenant: principal.tenant,
          roles: principal.roles,
          groups: principal.groups,
        };
      },
    },
  );
}
