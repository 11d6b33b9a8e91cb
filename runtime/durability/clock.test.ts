import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import * as b from '../testing/bpmn.js';
import { createTenants, deploy, startCase, waitFor } from '../testing/durability.js';

const dialects = await testDialects();
const HOUR = 3_600_000;

describe.each(dialects)('controlled clock endpoint on %s', (dialect) => {
  describe('without CIVICFLOW_CONTROLLED_CLOCK', () => {
    let rt: TestRuntime;
    beforeAll(async () => {
      rt = await startTestRuntime(dialect, { controlledClock: false, runJobs: false });
    });
    afterAll(async () => rt?.stop());

    it('answers 404', async () => {
      const admin = await rt.login('admin');
      for (const body of [{ advance: 'PT1H' }, { now: '2030-01-01T00:00:00Z' }, {}]) {
        const res = await rt.request('POST', '/api/admin/clock', { token: admin, body });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
      const health = await rt.request('GET', '/api/health');
      expect(Math.abs(Date.parse(health.body.now) - Date.now())).toBeLessThan(HOUR);
    });
  });

  describe('with CIVICFLOW_CONTROLLED_CLOCK=true', () => {
    let rt: TestRuntime;
    let admin: string;
    beforeAll(async () => {
      // The production poll interval: what became due fires on the next poll.
      rt = await startTestRuntime(dialect, { controlledClock: true, jobPollMs: 250 });
      admin = await rt.login('admin');
    });
    afterAll(async () => rt?.stop());

    it('sets and advances the time for administrators only', async () => {
      const set = await rt.request('POST', '/api/admin/clock', {
        token: admin,
        body: { now: '2026-03-02T09:00:00+08:00' },
      });
      expect(set.status).toBe(200);
      const at = Date.parse(set.body.now);
      expect(at - Date.parse('2026-03-02T01:00:00Z')).toBeGreaterThanOrEqual(0);
      expect(at - Date.parse('2026-03-02T01:00:00Z')).toBeLessThan(HOUR);
      const moved = await rt.request('POST', '/api/admin/clock', { token: admin, body: { advance: 'P3D' } });
      expect(moved.status).toBe(200);
      expect(Date.parse(moved.body.now) - at).toBeGreaterThanOrEqual(72 * HOUR);
      expect(Date.parse(moved.body.now) - at).toBeLessThan(73 * HOUR);
      const health = await rt.request('GET', '/api/health');
      expect(Date.parse(health.body.now)).toBeGreaterThanOrEqual(Date.parse(moved.body.now));

      for (const body of [{ now: 'yesterday' }, { advance: '-PT1H' }, { advance: 'soon' }]) {
        const bad = await rt.request('POST', '/api/admin/clock', { token: admin, body });
        expect(bad.status).toBe(400);
        expect(bad.body.error.code).toBe('CLOCK_INVALID');
      }
      expect((await rt.request('POST', '/api/admin/clock', { body: { advance: 'PT1H' } })).status).toBe(401);
      await createTenants(rt, admin, [['town-c', 'city']]);
      await rt.request('POST', '/api/users', {
        token: admin,
        body: {
          username: 'clerk-c',
          password: 'clerk-password-1',
          displayName: 'clerk',
          tenantId: 'town-c',
          groups: [],
          roles: ['tenant-admin'],
        },
      });
      const clerk = await rt.login('clerk-c', 'clerk-password-1');
      expect((await rt.request('POST', '/api/admin/clock', { token: clerk, body: { advance: 'PT1H' } })).status).toBe(
        403,
      );
    });

    it('the executor fires what the move made due', async () => {
      await deploy(rt, admin, 'city', {
        'three-days.bpmn': b.chainProcess('three-days', [b.start(), b.timerCatch('P3D'), b.userTask('Overdue')]),
      });
      const c = await startCase(rt, admin, 'three-days');
      // Nothing happens on its own.
      await new Promise((r) => setTimeout(r, 600));
      expect(
        (await rt.request('GET', `/api/process-instances/${c.id}`, { token: admin })).body.activeElementIds,
      ).toEqual(['Timer_Wait']);
      expect((await rt.request('POST', '/api/admin/clock', { token: admin, body: { advance: 'P3DT1M' } })).status).toBe(
        200,
      );
      await waitFor(
        async () => {
          const view = (await rt.request('GET', `/api/process-instances/${c.id}`, { token: admin })).body;
          return view.activeElementIds[0] === 'Overdue';
        },
        { timeoutMs: 10_000, what: 'the three-day timer to fire' },
      );
      const fired = (
        await rt.request('GET', `/api/process-instances/${c.id}/history`, { token: admin })
      ).body.events.filter((e: { type: string }) => e.type === 'timerFired');
      expect(fired).toHaveLength(1);
      expect(fired[0].actor).toBe('system:timer');
    });
  });
});
