import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearBpmn, seedUsers } from '../testing/http.js';
import { ADMIN_PASSWORD, startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { forgetPrincipals } from './accounts.js';

const dialects = await testDialects();
const PASSWORD = 'correct-horse-9';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(dialects)('accounts and roles on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;

  const login = (username: string, password = PASSWORD) =>
    rt.request('POST', '/api/auth/login', { body: { username, password } });
  const tokenOf = async (username: string, password = PASSWORD) => {
    const r = await login(username, password);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.token as string;
  };
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
    await seedUsers(rt.deps.db.knex, PASSWORD, [
      { username: 'ta-staff', tenantId: 'town-a', roles: ['staff'], groups: ['window'] },
      { username: 'ta-staff2', tenantId: 'town-a', roles: ['staff'], groups: ['window'] },
      { username: 'ta-super', tenantId: 'town-a', roles: ['supervisor'] },
      { username: 'cu-user', tenantId: 'town-a', roles: ['staff'] },
      { username: 'as-user', tenantId: 'town-a', roles: ['staff'] },
      { username: 'sb-staff', tenantId: 'street-b', roles: ['staff'], groups: ['window'] },
      ...['lock-me', 'burst-me', 'expire-me', 'logout-me'].map((username) => ({
        username,
        tenantId: 'town-a',
        roles: ['staff'],
      })),
    ]);
  });
  afterAll(async () => rt?.stop());

  describe('login', () => {
    it('returns a bearer token that expires in 12 hours and identifies the user', async () => {
      const r = await login('ta-staff');
      expect(r.status).toBe(200);
      expect(Object.keys(r.body).sort()).toEqual(['expiresAt', 'token']);
      const hoursLeft = (Date.parse(r.body.expiresAt) - Date.now()) / 3_600_000;
      expect(hoursLeft).toBeGreaterThan(11.9);
      expect(hoursLeft).toBeLessThanOrEqual(12);
      const me = await rt.request('GET', '/api/me', { token: r.body.token });
      expect(me).toEqual({
        status: 200,
        body: { username: 'ta-staff', displayName: 'ta-staff', tenant: 'town-a', roles: ['staff'], groups: ['window'] },
      });
    });

    it('answers a wrong user name and a wrong password with the same 401 body', async () => {
      const wrongUser = await login('no-such-user', PASSWORD);
      const wrongPassword = await login('ta-staff2', 'not-the-password');
      expect(wrongUser.status).toBe(401);
      expect(wrongPassword).toEqual(wrongUser);
      expect(wrongUser.body.error.code).toBe('INVALID_CREDENTIALS');
      expect(JSON.stringify(wrongUser.body)).not.toMatch(/no-such-user|exist/i);
    });

    it('rejects a login body without a password (400, naming the field)', async () => {
      const r = await rt.request('POST', '/api/auth/login', { body: { username: 'ta-staff' } });
      expect(r.status).toBe(400);
      expect(r.body.error.problems).toEqual([{ path: 'body/password', keyword: 'required', message: 'is required' }]);
    });

    it('lets at most 5 of many concurrent guesses be checked', async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login('burst-me', `guess-${i}`)));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true);
      expect((await login('burst-me')).status).toBe(429);
    });
  });

  describe('tokens and passwords', () => {
    it('stores tokens hashed; an expired or unknown token answers 401', async () => {
      const token = await tokenOf('expire-me');
      const rows = await rt.deps.db.knex('auth_tokens').where({ username: 'expire-me' });
      expect(rows.some((r: { token_hash: string }) => r.token_hash === token)).toBe(false);
      expect(rows.map((r: { token_hash: string }) => r.token_hash)).toContain(sha256(token));
      expect((await rt.request('GET', '/api/me', { token })).status).toBe(200);

      await rt.deps.db
        .knex('auth_tokens')
        .where({ token_hash: sha256(token) })
        .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
      // A change made behind the server's back is seen once its principal cache (2 s) has let go.
      forgetPrincipals(rt.deps.db.knex);
      const expired = await rt.request('GET', '/api/me', { token });
      expect(expired.status).toBe(401);
      expect(expired.body.error.code).toBe('UNAUTHENTICATED');
      expect(await rt.request('GET', '/api/me', { token: 'made-up-token' })).toEqual(expired);
      expect((await rt.request('GET', '/api/me')).status).toBe(401);
      expect((await rt.request('GET', '/api/me', { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
    });

    it('keeps tokens on real time: moving the controlled business clock by 13 hours does not log anyone out', async () => {
      const token = await tokenOf('ta-staff');
      expect((await rt.request('POST', '/api/admin/clock', { token: admin, body: { advance: 'PT13H' } })).status).toBe(
        200,
      );
      expect((await rt.request('GET', '/api/me', { token })).status).toBe(200);
    });

    it('stores passwords as bcrypt hashes and never returns them', async () => {
      const created = await rt.request('POST', '/api/users', {
        token: admin,
        body: { username: 'hash-me', password: PASSWORD, displayName: 'H', tenantId: 'town-a' },
      });
      expect(created.status).toBe(201);
      const row = await rt.deps.db.knex('users').where({ username: 'hash-me' }).first();
      expect(row.password_hash).toMatch(/^\$2[aby]\$10\$/);
      expect(await bcrypt.compare(PASSWORD, row.password_hash)).toBe(true);
      const token = await tokenOf('hash-me');
      const answers = [
        created,
        await rt.request('GET', '/api/users', { token: admin }),
        await rt.request('GET', '/api/me', { token }),
      ];
      for (const a of answers) {
        const text = JSON.stringify(a.body);
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain('$2');
        expect(text).not.toMatch(/"password"|password_hash/i);
      }
    });

    it('refuses passwords bcrypt would silently truncate (over 72 bytes) or shorter than 10 characters, saying what to change in Chinese', async () => {
      const long = await rt.request('POST', '/api/users', {
        token: admin,
        body: { username: 'long-pw', password: '密'.repeat(25), displayName: 'L', tenantId: 'town-a' },
      });
      expect(long.status).toBe(400);
      expect(long.body.error.code).toBe('PASSWORD_WEAK');
      expect(long.body.error.problems).toEqual([
        expect.objectContaining({ path: 'body/password', reasons: ['tooLong'] }),
      ]);
      expect(long.body.error.message).toContain('太长');
      const short = await rt.request('POST', '/api/users', {
        token: admin,
        body: { username: 'short-pw', password: 'abc', displayName: 'S', tenantId: 'town-a' },
      });
      expect(short.status).toBe(400);
      expect(short.body.error.problems).toEqual([
        expect.objectContaining({ path: 'body/password', keyword: 'passwordPolicy' }),
      ]);
      expect(short.body.error.message).toMatch(/^密码太短：至少 10 个字符/);
      expect(await rt.deps.db.knex('users').whereIn('username', ['long-pw', 'short-pw'])).toEqual([]);
    });

    it('one query finds token, account and groups; a cached principal still ends with its token and its logout', async () => {
      const token = await tokenOf('logout-me');
      // The job executor and the ladder scanner query the same knex meanwhile: count only the queries made while serving these requests.
      const serving = new AsyncLocalStorage<true>();
      const handlers = rt.server.listeners('request') as Array<(...args: unknown[]) => void>;
      rt.server.removeAllListeners('request');
      rt.server.on('request', (...args: unknown[]) =>
        serving.run(true, () => {
          for (const h of handlers) h.apply(rt.server, args);
        }),
      );
      // The tenant tree is cached for 5 s; on a loaded machine it may be due for its reload here, which is not the token lookup.
      await rt.deps.tenants.refresh();
      let queries = 0;
      const count = () => {
        if (serving.getStore()) queries++;
      };
      rt.deps.db.knex.on('query', count);
      let me: Awaited<ReturnType<typeof rt.request>>;
      let again: Awaited<ReturnType<typeof rt.request>>;
      try {
        me = await rt.request('GET', '/api/me', { token });
        again = await rt.request('GET', '/api/me', { token });
      } finally {
        rt.deps.db.knex.removeListener('query', count);
        rt.server.removeAllListeners('request');
        for (const h of handlers) rt.server.on('request', h);
      }
      expect(me.body).toEqual(again.body);
      expect(queries).toBe(1);
      // Logging out evicts at once, cache or not.
      expect((await rt.request('POST', '/api/auth/logout', { token })).status).toBe(204);
      expect((await rt.request('GET', '/api/me', { token })).status).toBe(401);
    });

    it('logout invalidates only the token it was called with', async () => {
      const a = await tokenOf('logout-me');
      const b = await tokenOf('logout-me');
      expect((await rt.request('POST', '/api/auth/logout', { token: a })).status).toBe(204);
      expect((await rt.request('GET', '/api/me', { token: a })).status).toBe(401);
      expect((await rt.request('POST', '/api/auth/logout', { token: a })).status).toBe(401);
      expect((await rt.request('GET', '/api/me', { token: b })).status).toBe(200);
      expect((await rt.request('POST', '/api/auth/logout')).status).toBe(401);
    });
  });

  describe('roles', () => {
    let towna: string;
    const ids: Record<string, { instance: string; task: string }> = {};

    beforeAll(async () => {
      towna = await rt.login('towna-admin');
      const resources = [
        {
          name: 'r-group.bpmn',
          content: linearBpmn('r-group', [{ kind: 'user', id: 'T', candidateGroups: 'window' }]),
        },
        { name: 'r-user.bpmn', content: linearBpmn('r-user', [{ kind: 'user', id: 'T', candidateUsers: 'cu-user' }]) },
        {
          name: 'r-assignee.bpmn',
          content: linearBpmn('r-assignee', [{ kind: 'user', id: 'T', assignee: 'as-user' }]),
        },
      ];
      expect(
        (await rt.request('POST', '/api/deployments', { token: admin, body: { tenant: 'city', resources } })).status,
      ).toBe(201);
      for (const [key, tenant] of [
        ['r-group', 'town-a'],
        ['r-user', 'town-a'],
        ['r-assignee', 'town-a'],
        ['r-group', 'street-b'],
      ] as const) {
        const started = await rt.request('POST', '/api/process-instances', {
          token: admin,
          body: { processKey: key, tenant },
        });
        expect(started.status).toBe(201);
        const task = (await rt.request('GET', `/api/tasks?processInstanceId=${started.body.id}`, { token: admin }))
          .body[0];
        ids[`${key}@${tenant}`] = { instance: started.body.id, task: task.id };
      }
    });

    it('admin: may create a root tenant; a tenant-admin may not', async () => {
      expect(
        (await rt.request('POST', '/api/tenants', { token: admin, body: { id: 'county', name: '县' } })).status,
      ).toBe(201);
      const r = await rt.request('POST', '/api/tenants', { token: towna, body: { id: 'county-2', name: '县' } });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    });

    it('tenant-admin: manages its own subtree only, and cannot grant admin', async () => {
      expect(
        (
          await rt.request('POST', '/api/tenants', {
            token: towna,
            body: { id: 'town-a-west', name: '西村', parentId: 'town-a' },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await rt.request('POST', '/api/tenants', {
            token: towna,
            body: { id: 'street-b-x', name: 'x', parentId: 'street-b' },
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await rt.request('POST', '/api/groups', {
            token: towna,
            body: { id: 'towna-dept', name: 'A镇部门', tenantId: 'town-a' },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await rt.request('POST', '/api/groups', {
            token: towna,
            body: { id: 'city-dept-x', name: 'x', tenantId: 'city' },
          })
        ).status,
      ).toBe(404);
      const user = (username: string, tenantId: string, extra: Record<string, unknown> = {}) =>
        rt.request('POST', '/api/users', {
          token: towna,
          body: { username, password: PASSWORD, displayName: username, tenantId, ...extra },
        });
      expect((await user('east-staff', 'town-a-east', { groups: ['towna-dept'], roles: ['staff'] })).status).toBe(201);
      expect((await user('east-admin', 'town-a-east', { roles: ['tenant-admin'] })).status).toBe(201);
      expect((await user('b-user', 'street-b')).status).toBe(404);
      expect((await user('c-user', 'city')).status).toBe(404);
      const grant = await user('a-root', 'town-a', { roles: ['admin'] });
      expect(grant.status).toBe(403);
      expect(grant.body.error.code).toBe('FORBIDDEN');
      const cityGroup = await user('a-window', 'town-a', { groups: ['window'] });
      expect(cityGroup.status).toBe(400);
      expect(cityGroup.body.error.code).toBe('GROUP_UNKNOWN');
      expect(await rt.deps.db.knex('users').whereIn('username', ['b-user', 'c-user', 'a-root', 'a-window'])).toEqual(
        [],
      );

      const deploy = (tenant: string) =>
        rt.request('POST', '/api/deployments', {
          token: towna,
          body: { tenant, resources: [{ name: 'a.bpmn', content: linearBpmn('towna-only', []) }] },
        });
      expect((await deploy('town-a')).status).toBe(201);
      expect((await deploy('city')).status).toBe(404);
      expect(
        (await rt.request('GET', '/api/users', { token: towna })).body
          .map((u: { tenantId: string }) => u.tenantId)
          .every((t: string) => t.startsWith('town-a')),
      ).toBe(true);
    });

    it('staff: no administration at all (403)', async () => {
      const staff = await tokenOf('ta-staff');
      const { instance } = ids['r-group@town-a']!;
      const attempts = [
        rt.request('POST', '/api/users', {
          token: staff,
          body: { username: 'x-user', password: PASSWORD, displayName: 'x', tenantId: 'town-a' },
        }),
        rt.request('POST', '/api/groups', { token: staff, body: { id: 'x-group', name: 'x', tenantId: 'town-a' } }),
        rt.request('POST', '/api/tenants', { token: staff, body: { id: 'x-tenant', name: 'x', parentId: 'town-a' } }),
        rt.request('GET', '/api/users', { token: staff }),
        rt.request('POST', '/api/deployments', {
          token: staff,
          body: { tenant: 'town-a', resources: [{ name: 'a.bpmn', content: linearBpmn('x', []) }] },
        }),
        rt.request('POST', `/api/process-instances/${instance}/cancel`, { token: staff, body: {} }),
        rt.request('POST', `/api/process-instances/${instance}/move`, {
          token: staff,
          body: { cancel: ['T'], activate: ['T'], reason: 'x' },
        }),
        rt.request('POST', `/api/process-instances/${instance}/variables`, {
          token: staff,
          body: { variables: { a: 1 } },
        }),
        rt.request('POST', '/api/incidents/x-1/retry', { token: staff, body: {} }),
        rt.request('POST', '/api/admin/clock', { token: staff, body: { advance: 'PT1H' } }),
      ];
      for (const a of await Promise.all(attempts)) {
        expect(a.status).toBe(403);
        expect(a.body.error.code).toBe('FORBIDDEN');
      }
    });

    it('staff: sees and works only on tasks of its groups, its candidate user name or its assignment', async () => {
      const cases = [
        { user: 'ta-staff', own: 'r-group@town-a' },
        { user: 'cu-user', own: 'r-user@town-a' },
        { user: 'as-user', own: 'r-assignee@town-a' },
      ];
      for (const { user, own } of cases) {
        const token = await tokenOf(user);
        const inbox = (await rt.request('GET', '/api/tasks', { token })).body.map((t: { id: string }) => t.id);
        expect(inbox, user).toContain(ids[own]!.task);
        for (const [key, { task }] of Object.entries(ids)) {
          if (key === own) continue;
          expect(inbox, `${user} must not see ${key}`).not.toContain(task);
          for (const [method, path] of [
            ['GET', ''],
            ['GET', '/form'],
            ['POST', '/claim'],
            ['POST', '/unclaim'],
            ['POST', '/complete'],
          ] as const) {
            const r = await rt.request(method, `/api/tasks/${task}${path}`, {
              token,
              ...(method === 'POST' ? { body: {} } : {}),
            });
            expect(r.status, `${user} ${method} ${key}${path}`).toBe(404);
          }
        }
      }
      const streetB = await tokenOf('sb-staff');
      expect((await rt.request('GET', '/api/tasks', { token: streetB })).body.map((t: { id: string }) => t.id)).toEqual(
        [ids['r-group@street-b']!.task],
      );
    });

    it('staff: a task claimed by one member of the group cannot be claimed, unclaimed or completed by another (409)', async () => {
      const { task } = ids['r-group@town-a']!;
      const first = await tokenOf('ta-staff');
      const second = await tokenOf('ta-staff2');
      const claimed = await rt.request('POST', `/api/tasks/${task}/claim`, { token: first });
      expect(claimed.status).toBe(200);
      expect(claimed.body.assignee).toBe('ta-staff');
      for (const [path, code] of [
        ['claim', 'TASK_ALREADY_CLAIMED'],
        ['unclaim', 'TASK_CLAIMED_BY_OTHER'],
        ['complete', 'TASK_CLAIMED_BY_OTHER'],
      ] as const) {
        const r = await rt.request('POST', `/api/tasks/${task}/${path}`, { token: second, body: {} });
        expect(r.status, path).toBe(409);
        expect(r.body.error.code).toBe(code);
      }
      expect((await rt.request('GET', `/api/tasks/${task}`, { token: second })).body).toMatchObject({
        assignee: 'ta-staff',
        status: 'open',
      });
      expect((await rt.request('POST', `/api/tasks/${task}/unclaim`, { token: first })).body.assignee).toBeNull();
    });

    it('supervisor: reads every case and task of its subtree, acts on none of the tasks, and sees nothing outside', async () => {
      const sup = await tokenOf('ta-super');
      const inbox = (await rt.request('GET', '/api/tasks', { token: sup })).body.map((t: { id: string }) => t.id);
      for (const key of ['r-group@town-a', 'r-user@town-a', 'r-assignee@town-a']) {
        expect(inbox).toContain(ids[key]!.task);
        expect((await rt.request('GET', `/api/process-instances/${ids[key]!.instance}`, { token: sup })).status).toBe(
          200,
        );
        expect(
          (await rt.request('GET', `/api/process-instances/${ids[key]!.instance}/history`, { token: sup })).status,
        ).toBe(200);
      }
      const { task } = ids['r-user@town-a']!;
      expect((await rt.request('POST', `/api/tasks/${task}/claim`, { token: sup })).status).toBe(403);
      expect((await rt.request('POST', `/api/tasks/${task}/complete`, { token: sup, body: {} })).status).toBe(403);
      expect(inbox).not.toContain(ids['r-group@street-b']!.task);
      expect(
        (await rt.request('GET', `/api/process-instances/${ids['r-group@street-b']!.instance}`, { token: sup })).status,
      ).toBe(404);
      const users = (await rt.request('GET', '/api/users', { token: sup })).body.map(
        (u: { username: string }) => u.username,
      );
      expect(users).toContain('ta-staff');
      expect(users).not.toContain('sb-staff');
      expect(
        (
          await rt.request('POST', '/api/deployments', {
            token: sup,
            body: { tenant: 'town-a', resources: [{ name: 'a.bpmn', content: linearBpmn('x', []) }] },
          })
        ).status,
      ).toBe(403);
      const cancelled = await rt.request(
        'POST',
        `/api/process-instances/${ids['r-assignee@town-a']!.instance}/cancel`,
        { token: sup, body: { reason: '重复件' } },
      );
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('terminated');
    });

    it('admin password from the configuration works and the admin sees every tenant', async () => {
      const r = await login('admin', ADMIN_PASSWORD);
      expect(r.status).toBe(200);
      const tenants = (await rt.request('GET', '/api/tenants', { token: r.body.token })).body.map(
        (t: { id: string }) => t.id,
      );
      expect(tenants).toEqual(expect.arrayContaining(['city', 'town-a', 'town-a-east', 'street-b', 'park']));
    });
  });
});
