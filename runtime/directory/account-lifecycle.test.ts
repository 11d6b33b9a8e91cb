import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const PASSWORD = 'correct-horse-9';
const NEW_PASSWORD = 'river-lantern-42';

describe.each(dialects)('account lifecycle on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let towna: string;
  const login = (username: string, password = PASSWORD) =>
    rt.request('POST', '/api/auth/login', { body: { username, password } });
  const create = (token: string, username: string, tenantId: string, extra: Record<string, unknown> = {}) =>
    rt.request('POST', '/api/users', {
      token,
      body: { username, password: PASSWORD, displayName: username, tenantId, ...extra },
    });
  const eventsOf = async (subject: string) =>
    (await rt.request('GET', `/api/account-events?subject=${encodeURIComponent(subject)}`, { token: admin }))
      .body as Array<{ actor: string; action: string; data: Record<string, unknown> }>;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, loginThrottle: { addressFree: 10_000 } });
    admin = await rt.login('admin');
    towna = await rt.login('towna-admin');
    for (const [username, tenantId, groups] of [
      ['own-pw', 'town-a', []],
      ['reset-me', 'town-a', []],
      ['off-on', 'town-a', []],
      ['move-me', 'town-a', []],
      ['b-clerk', 'street-b', []],
    ] as const) {
      expect((await create(admin, username, tenantId, { groups })).status).toBe(201);
    }
  }, 60_000);
  afterAll(async () => rt?.stop());

  describe('passwords', () => {
    it('changes its own password only with the current one; the new one must pass the policy; old tokens end', async () => {
      const first = (await login('own-pw')).body.token as string;
      const wrongOld = await rt.request('PUT', '/api/me/password', {
        token: first,
        body: { password: 'not-it-at-all', newPassword: NEW_PASSWORD },
      });
      expect(wrongOld.status).toBe(401);
      const weak = await rt.request('PUT', '/api/me/password', {
        token: first,
        body: { password: PASSWORD, newPassword: '1234567890' },
      });
      expect(weak.status).toBe(400);
      expect(weak.body.error.code).toBe('PASSWORD_WEAK');
      expect(weak.body.error.message).toContain('只有数字');
      expect(weak.body.error.message).toContain('常见密码');
      const english = await rt.request('PUT', '/api/me/password', {
        token: first,
        headers: { 'accept-language': 'en' },
        body: { password: PASSWORD, newPassword: 'short' },
      });
      expect(english.body.error.message).toMatch(/too short: at least 10 characters/);
      const changed = await rt.request('PUT', '/api/me/password', {
        token: first,
        body: { password: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expect(changed.status).toBe(200);
      expect((await rt.request('GET', '/api/me', { token: first })).status).toBe(401);
      expect((await rt.request('GET', '/api/me', { token: changed.body.token })).status).toBe(200);
      expect((await login('own-pw')).status).toBe(401);
      expect((await login('own-pw', NEW_PASSWORD)).status).toBe(200);
      expect(await eventsOf('user:own-pw')).toEqual([
        expect.objectContaining({ actor: 'own-pw', action: 'password.changed' }),
        expect.objectContaining({ actor: 'admin', action: 'account.created' }),
      ]);
      expect(JSON.stringify(await eventsOf('user:own-pw'))).not.toContain(NEW_PASSWORD);
    });

    it('an administrator reset forces a change at the next sign-in (403 PASSWORD_CHANGE_REQUIRED), done with the temporary password', async () => {
      const before = (await login('reset-me')).body.token as string;
      const reset = await rt.request('POST', '/api/users/reset-me/password-reset', { token: towna, body: {} });
      expect(reset.status).toBe(200);
      const temporary = reset.body.temporaryPassword as string;
      expect(temporary.length).toBeGreaterThanOrEqual(12);
      expect((await rt.request('GET', '/api/me', { token: before })).status).toBe(401);
      expect((await login('reset-me')).status).toBe(401);
      const due = await login('reset-me', temporary);
      expect(due.status).toBe(403);
      expect(due.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      expect(due.body.token).toBeUndefined();
      const changed = await rt.request('POST', '/api/auth/password', {
        body: { username: 'reset-me', password: temporary, newPassword: NEW_PASSWORD },
      });
      expect(changed.status).toBe(200);
      expect((await rt.request('GET', '/api/me', { token: changed.body.token })).body.username).toBe('reset-me');
      expect((await login('reset-me', NEW_PASSWORD)).status).toBe(200);
      expect((await eventsOf('user:reset-me')).map((e) => [e.actor, e.action])).toEqual([
        ['reset-me', 'password.changed'],
        ['towna-admin', 'password.reset'],
        ['admin', 'account.created'],
      ]);
    });

    it('the public password change is throttled like a sign-in', async () => {
      for (let i = 0; i < 5; i++)
        expect(
          (
            await rt.request('POST', '/api/auth/password', {
              body: { username: 'move-me', password: `guess-${i}`, newPassword: NEW_PASSWORD },
            })
          ).status,
        ).toBe(401);
      const r = await rt.request('POST', '/api/auth/password', {
        body: { username: 'move-me', password: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expect(r.status).toBe(429);
      expect(r.body.error.code).toBe('LOGIN_THROTTLED');
      expect((await rt.request('POST', '/api/users/move-me/unlock', { token: towna, body: {} })).status).toBe(204);
    });
  });

  describe('disable, roles, groups', () => {
    it('a disabled account cannot sign in and its tokens stop working at once; enabling restores sign-in', async () => {
      const token = (await login('off-on')).body.token as string;
      expect((await rt.request('GET', '/api/me', { token })).status).toBe(200);
      expect((await rt.request('POST', '/api/users/off-on/disable', { token: towna, body: {} })).status).toBe(204);
      expect((await rt.request('GET', '/api/me', { token })).status).toBe(401);
      const refused = await login('off-on');
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');
      // A wrong password does not learn the account is disabled.
      expect((await login('off-on', 'wrong-password')).body.error.code).toBe('INVALID_CREDENTIALS');
      expect((await rt.request('GET', '/api/users/off-on', { token: towna })).body).toMatchObject({ disabled: true });
      expect((await rt.request('POST', '/api/users/off-on/enable', { token: towna, body: {} })).status).toBe(204);
      expect((await login('off-on')).status).toBe(200);
      expect((await eventsOf('user:off-on')).map((e) => e.action)).toEqual([
        'account.enabled',
        'account.disabled',
        'account.created',
      ]);
    });

    it('roles and groups change at once for the next request, audited with before and after', async () => {
      const token = (await login('off-on')).body.token as string;
      expect(
        (
          await rt.request('POST', '/api/groups', {
            token: towna,
            body: { id: 'ta-office', name: 'A镇办公室', tenantId: 'town-a' },
          })
        ).status,
      ).toBe(201);
      expect(
        (await rt.request('PUT', '/api/users/off-on/roles', { token: towna, body: { roles: ['staff', 'supervisor'] } }))
          .body,
      ).toEqual({ roles: ['staff', 'supervisor'] });
      expect(
        (await rt.request('PUT', '/api/users/off-on/groups', { token: towna, body: { groups: ['ta-office'] } })).body,
      ).toEqual({ groups: ['ta-office'] });
      expect((await rt.request('GET', '/api/me', { token })).body).toMatchObject({
        roles: ['staff', 'supervisor'],
        groups: ['ta-office'],
      });
      const [groups, roles] = await eventsOf('user:off-on');
      expect(groups).toMatchObject({ action: 'account.groups', data: { before: [], after: ['ta-office'] } });
      expect(roles).toMatchObject({
        action: 'account.roles',
        data: { before: ['staff'], after: ['staff', 'supervisor'] },
      });
    });

    it("only within the administrator's subtree; no admin grants or admin accounts for a tenant-admin; not its own access", async () => {
      for (const [method, path, body] of [
        ['POST', '/api/users/b-clerk/disable', {}],
        ['POST', '/api/users/b-clerk/password-reset', {}],
        ['PUT', '/api/users/b-clerk/roles', { roles: ['staff'] }],
        ['PUT', '/api/users/b-clerk/groups', { groups: [] }],
        ['PUT', '/api/users/b-clerk/display-name', { displayName: 'x' }],
        ['GET', '/api/users/b-clerk', undefined],
        ['POST', '/api/users/no-such-user/disable', {}],
      ] as const) {
        const r = await rt.request(method, path, { token: towna, ...(body ? { body } : {}) });
        expect(r.status, path).toBe(404);
      }
      expect(
        (await rt.request('PUT', '/api/users/off-on/roles', { token: towna, body: { roles: ['admin'] } })).status,
      ).toBe(403);
      expect((await rt.request('POST', '/api/users/admin/disable', { token: towna, body: {} })).status).toBe(404);
      expect((await rt.request('POST', '/api/users/admin/disable', { token: admin, body: {} })).body.error.code).toBe(
        'OWN_ACCOUNT',
      );
      expect(
        (await rt.request('PUT', '/api/users/towna-admin/roles', { token: towna, body: { roles: ['staff'] } })).body
          .error.code,
      ).toBe('OWN_ACCOUNT');
      const staff = (await login('off-on')).body.token as string;
      expect((await rt.request('POST', '/api/users/move-me/disable', { token: staff, body: {} })).status).toBe(403);
      expect((await rt.request('GET', '/api/users/b-clerk', { token: admin })).body).toMatchObject({
        username: 'b-clerk',
        disabled: false,
        mustChangePassword: false,
      });
    });
  });

  describe('display names', () => {
    it('refuses bidirectional overrides and zero-width characters', async () => {
      for (const name of ['王\u202E芳', 'admin\u200B', '\u2066李强\u2069', 'zero\uFEFFwidth', '张\u200D敏']) {
        const created = await create(
          towna,
          `dn-${Math.abs([...name].reduce((h, c) => h * 31 + c.codePointAt(0)!, 7) % 1e6)}`,
          'town-a',
          { displayName: name },
        );
        expect(created.status, JSON.stringify(name)).toBe(400);
        expect(created.body.error.code).toBe('DISPLAY_NAME_INVALID');
        expect(created.body.error.message).toContain('看不见的字符');
        const renamed = await rt.request('PUT', '/api/users/move-me/display-name', {
          token: towna,
          body: { displayName: name },
        });
        expect(renamed.body.error.code).toBe('DISPLAY_NAME_INVALID');
      }
    });

    it('are unique per tenant (width, case and spacing aside), not across tenants', async () => {
      expect((await create(towna, 'wang-a', 'town-a', { displayName: '受理员 王芳' })).status).toBe(201);
      for (const [username, name] of [
        ['wang-b', '受理员 王芳'],
        ['wang-c', '受理员  王芳 '],
        ['wang-d', '受理员\u3000王芳'],
      ] as const) {
        const r = await create(towna, username, 'town-a', { displayName: name });
        expect(r.status, name).toBe(409);
        expect(r.body.error.code).toBe('DISPLAY_NAME_TAKEN');
      }
      expect((await create(admin, 'wang-e', 'street-b', { displayName: '受理员 王芳' })).status).toBe(201);
      expect(
        (await rt.request('PUT', '/api/users/move-me/display-name', { token: towna, body: { displayName: 'WANG-A' } }))
          .status,
      ).toBe(200);
      expect(
        (
          await rt.request('PUT', '/api/users/reset-me/display-name', {
            token: towna,
            body: { displayName: 'ｗａｎｇ－ａ' },
          })
        ).body.error.code,
      ).toBe('DISPLAY_NAME_TAKEN');
      expect(
        (await rt.request('PUT', '/api/users/move-me/display-name', { token: towna, body: { displayName: 'wang-a' } }))
          .status,
      ).toBe(200);
    });
  });

  describe('departments and the tenant tree', () => {
    it('renames a department and replaces its members (leaders who stay keep the flag), within the subtree', async () => {
      expect(
        (
          await rt.request('POST', '/api/groups', {
            token: towna,
            body: { id: 'ta-mediation', name: '调解室', tenantId: 'town-a' },
          })
        ).status,
      ).toBe(201);
      expect(
        (await rt.request('PUT', '/api/groups/ta-mediation', { token: towna, body: { name: 'A镇人民调解委员会' } }))
          .body,
      ).toEqual({ id: 'ta-mediation', name: 'A镇人民调解委员会', tenantId: 'town-a' });
      expect(
        (
          await rt.request('PUT', '/api/groups/ta-mediation/members', {
            token: towna,
            body: { usernames: ['move-me', 'off-on'] },
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await rt.request('PUT', '/api/groups/ta-mediation/leaders', {
            token: towna,
            body: { usernames: ['move-me'] },
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await rt.request('PUT', '/api/groups/ta-mediation/members', {
            token: towna,
            body: { usernames: ['move-me', 'reset-me'] },
          })
        ).status,
      ).toBe(200);
      expect((await rt.request('GET', '/api/groups/ta-mediation/members', { token: towna })).body).toEqual([
        { username: 'move-me', displayName: 'wang-a', leader: true },
        { username: 'reset-me', displayName: 'reset-me', leader: false },
      ]);
      const stranger = await rt.request('PUT', '/api/groups/ta-mediation/members', {
        token: towna,
        body: { usernames: ['b-clerk'] },
      });
      expect(stranger.body.error.code).toBe('USER_UNKNOWN');
      expect((await rt.request('PUT', '/api/groups/window', { token: towna, body: { name: 'x' } })).status).toBe(404);
      expect((await eventsOf('group:ta-mediation')).map((e) => e.action)).toEqual([
        'group.members',
        'group.members',
        'group.renamed',
        'group.created',
      ]);
    });

    it('adds, renames and moves tenants within the subtree, never under themselves', async () => {
      expect(
        (
          await rt.request('POST', '/api/tenants', {
            token: towna,
            body: { id: 'ta-north', name: '北村', parentId: 'town-a' },
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await rt.request('POST', '/api/tenants', {
            token: towna,
            body: { id: 'ta-north-1', name: '北村一组', parentId: 'ta-north' },
          })
        ).status,
      ).toBe(201);
      expect(
        (await rt.request('PUT', '/api/tenants/ta-north', { token: towna, body: { name: '北村村综治中心' } })).body,
      ).toEqual({ id: 'ta-north', name: '北村村综治中心', parentId: 'town-a' });
      expect(
        (await rt.request('PUT', '/api/tenants/ta-north-1', { token: towna, body: { parentId: 'town-a-east' } })).body,
      ).toEqual({ id: 'ta-north-1', name: '北村一组', parentId: 'town-a-east' });
      expect(
        (await rt.request('PUT', '/api/tenants/ta-north', { token: towna, body: { parentId: 'ta-north' } })).body.error
          .code,
      ).toBe('TENANT_CYCLE');
      expect(
        (await rt.request('PUT', '/api/tenants/town-a-east', { token: towna, body: { parentId: 'ta-north-1' } })).body
          .error.code,
      ).toBe('TENANT_CYCLE');
      expect(
        (await rt.request('PUT', '/api/tenants/ta-north', { token: towna, body: { parentId: 'street-b' } })).status,
      ).toBe(404);
      expect((await rt.request('PUT', '/api/tenants/street-b', { token: towna, body: { name: 'x' } })).status).toBe(
        404,
      );
      expect(
        (await rt.request('PUT', '/api/tenants/town-a', { token: towna, body: { parentId: 'park' } })).status,
      ).toBe(403);
      // The moved village is reachable from its new parent's administrators at once.
      const tenants = (await rt.request('GET', '/api/tenants', { token: towna })).body as Array<{
        id: string;
        parentId: string;
      }>;
      expect(tenants).toContainEqual({ id: 'ta-north-1', name: '北村一组', parentId: 'town-a-east' });
      expect((await eventsOf('tenant:ta-north-1')).map((e) => e.action)).toEqual(['tenant.moved', 'tenant.created']);
    });
  });
});
