import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from '../testing/http.js';
import { ADMIN_PASSWORD, startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const PASSWORD = 'correct-horse-9';
/** Each sign-in costs a bcrypt comparison: dozens of them take a while on a loaded machine. */
const SLOW = 120_000;

/** Moves every running wait of a key into the past, as if it had run out (sign-ins run on real time). */
const expireWait = (rt: TestRuntime, key: string) =>
  rt.deps.db
    .knex('login_throttles')
    .where({ key })
    .update({ blocked_until: new Date(Date.now() - 1000).toISOString() });

describe.each(dialects)('sign-in throttling on %s', (dialect) => {
  describe('per account', () => {
    let rt: TestRuntime;
    const login = (username: string, password = PASSWORD) =>
      rt.request('POST', '/api/auth/login', { body: { username, password } });
    const loginRaw = (username: string, password: string) =>
      fetch(`${rt.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });

    beforeAll(async () => {
      // The address limit is lifted here: these tests all come from 127.0.0.1.
      rt = await startTestRuntime(dialect, { loginThrottle: { addressFree: 10_000 } });
      await seedUsers(
        rt.deps.db.knex,
        PASSWORD,
        ['grow-me', 'unlock-me', 'burst-me'].map((username) => ({ username, tenantId: 'city', roles: ['staff'] })),
      );
    });
    afterAll(async () => rt?.stop());

    it(
      '5 wrong guesses for admin make it wait (429 LOGIN_THROTTLED, retryAfter and Retry-After) — the right password too — but only until the wait ends',
      async () => {
        for (let i = 1; i <= 5; i++) expect((await login('admin', `wrong-${i}`)).status).toBe(401);
        const waiting = await loginRaw('admin', ADMIN_PASSWORD);
        expect(waiting.status).toBe(429);
        const body = (await waiting.json()) as { error: { code: string; retryAfter: number } };
        expect(body.error.code).toBe('LOGIN_THROTTLED');
        expect(body.error.retryAfter).toBeGreaterThan(25);
        expect(body.error.retryAfter).toBeLessThanOrEqual(30);
        expect(waiting.headers.get('retry-after')).toBe(String(body.error.retryAfter));
        await expireWait(rt, 'user:admin');
        expect((await login('admin', ADMIN_PASSWORD)).status).toBe(200);
        // A success starts the count from zero: four more failures do not make it wait.
        for (let i = 1; i <= 4; i++) expect((await login('admin', `wrong-${i}`)).status).toBe(401);
        expect((await login('admin', ADMIN_PASSWORD)).status).toBe(200);
      },
      SLOW,
    );

    it(
      'each failure after a wait doubles the next wait, up to a cap',
      async () => {
        for (let i = 1; i <= 5; i++) await login('grow-me', 'wrong');
        const waits: number[] = [];
        for (let round = 0; round < 7; round++) {
          const r = await login('grow-me', 'wrong');
          expect(r.status).toBe(429);
          waits.push(r.body.error.retryAfter);
          await expireWait(rt, 'user:grow-me');
          expect((await login('grow-me', 'wrong')).status).toBe(401); // one guess after each wait, then a longer wait
        }
        expect(waits.slice(0, 6).map((w) => Math.round(w / 30))).toEqual([1, 2, 4, 8, 16, 30]);
        expect(waits[6]).toBeLessThanOrEqual(900);
        await expireWait(rt, 'user:grow-me');
        expect((await login('grow-me')).status).toBe(200);
      },
      SLOW,
    );

    it(
      'an administrator lifts a wait at once (audited); others cannot',
      async () => {
        for (let i = 1; i <= 5; i++) await login('unlock-me', 'wrong');
        expect((await login('unlock-me')).status).toBe(429);
        const admin = await rt.login('admin');
        const staff = await (async () => {
          await seedUsers(rt.deps.db.knex, PASSWORD, [{ username: 'plain-staff', tenantId: 'city', roles: ['staff'] }]);
          return (await login('plain-staff')).body.token as string;
        })();
        expect((await rt.request('POST', '/api/users/unlock-me/unlock', { token: staff, body: {} })).status).toBe(403);
        expect((await rt.request('POST', '/api/users/unlock-me/unlock', { token: admin, body: {} })).status).toBe(204);
        expect((await login('unlock-me')).status).toBe(200);
        const events = (await rt.request('GET', '/api/account-events?subject=user:unlock-me', { token: admin })).body;
        expect(events).toEqual([
          expect.objectContaining({ actor: 'admin', action: 'account.unlocked', subject: 'user:unlock-me' }),
        ]);
      },
      SLOW,
    );

    it(
      'lets at most 5 of many concurrent guesses be checked',
      async () => {
        const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login('burst-me', `guess-${i}`)));
        const statuses = answers.map((a) => a.status);
        expect(statuses.filter((s) => s === 401).length).toBe(5);
        expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true);
      },
      SLOW,
    );

    it(
      'throttles unknown user names exactly like real ones',
      async () => {
        for (let i = 1; i <= 5; i++) expect((await login('ghost-user', `wrong-${i}`)).status).toBe(401);
        await seedUsers(rt.deps.db.knex, PASSWORD, [{ username: 'real-user', tenantId: 'city', roles: ['staff'] }]);
        for (let i = 1; i <= 5; i++) expect((await login('real-user', `wrong-${i}`)).status).toBe(401);
        const ghost = await login('ghost-user', PASSWORD);
        const real = await login('real-user', PASSWORD);
        expect(ghost.status).toBe(429);
        expect(ghost.body.error.code).toBe(real.body.error.code);
        expect(Math.abs(ghost.body.error.retryAfter - real.body.error.retryAfter)).toBeLessThanOrEqual(2);
      },
      SLOW,
    );
  });

  describe('per client address', () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await startTestRuntime(dialect);
      await seedUsers(rt.deps.db.knex, PASSWORD, [{ username: 'office-clerk', tenantId: 'city', roles: ['staff'] }]);
    });
    afterAll(async () => rt?.stop());

    it(
      '60 different user names from one address get throttled, and the address waits whatever name it tries next',
      async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 60; i++)
          statuses.push(
            (await rt.request('POST', '/api/auth/login', { body: { username: `spray-${i}`, password: 'Winter2026!' } }))
              .status,
          );
        expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
        expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
        const next = await rt.request('POST', '/api/auth/login', {
          body: { username: 'office-clerk', password: PASSWORD },
        });
        expect(next.status).toBe(429);
        expect(next.body.error).toMatchObject({ code: 'LOGIN_THROTTLED', retryAfter: expect.any(Number) });
        // Not for good: once the address's wait ends, the right password works.
        await expireWait(rt, 'addr:127.0.0.1');
        expect(
          (await rt.request('POST', '/api/auth/login', { body: { username: 'office-clerk', password: PASSWORD } }))
            .status,
        ).toBe(200);
      },
      SLOW,
    );

    it(
      'successful sign-ins from a shared address do not count against it',
      async () => {
        await rt.deps.db.knex('login_throttles').delete();
        for (let i = 0; i < 40; i++)
          expect(
            (await rt.request('POST', '/api/auth/login', { body: { username: 'office-clerk', password: PASSWORD } }))
              .status,
          ).toBe(200);
        expect((await rt.deps.db.knex('login_throttles').where({ key: 'addr:127.0.0.1' }).first()).failures).toBe(0);
      },
      SLOW,
    );
  });
});
