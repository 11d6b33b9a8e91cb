import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlledClock } from '../platform/clock.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { deploy, setupOrg, sh, startCase, type Org } from '../testing/deadlines.js';

const dialects = await testDialects();

describe.each(dialects)('tenant calendars over HTTP on %s', (dialect) => {
  let rt: TestRuntime;
  let org: Org;
  const preview = async (tenant: string, start: string, duration: string, token = org.admin) =>
    rt.request(
      'GET',
      `/api/calendars/${tenant}/preview?start=${encodeURIComponent(start)}&duration=${encodeURIComponent(duration)}`,
      { token },
    );
  const dueOf = async (tenant: string, start: string, duration: string) => {
    const r = await preview(tenant, start, duration);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.dueAtLocal as string;
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect);
    org = await setupOrg(rt);
  });
  afterAll(async () => rt?.stop());

  it('lists days with kind and festival name; days of a year without data are provisional (statutory holidays, Monday–Friday)', async () => {
    const rs1 = await org.login('rs1');
    const r = await rt.request('GET', '/api/calendars/city/days?from=2026-02-13&to=2026-02-24', { token: rs1 });
    expect(r.status).toBe(200);
    const kinds = Object.fromEntries(r.body.days.map((d: { date: string; kind: string }) => [d.date, d.kind]));
    expect(kinds).toMatchObject({
      '2026-02-13': 'workday',
      '2026-02-14': 'makeupWorkday',
      '2026-02-15': 'holiday',
      '2026-02-23': 'holiday',
      '2026-02-24': 'workday',
    });
    expect(r.body.days.find((d: { date: string }) => d.date === '2026-02-17')).toMatchObject({
      name: '春节',
      working: false,
      source: 'official',
    });
    expect(r.body.validThrough).toBe('2026-12-31');

    const edge = await rt.request('GET', '/api/calendars/city/days?from=2026-12-31&to=2027-01-01', { token: rs1 });
    expect(edge.body.missingYears).toEqual([2027]);
    expect(edge.body.days).toEqual([
      expect.objectContaining({ date: '2026-12-31', kind: 'workday', working: true }),
      expect.objectContaining({
        date: '2027-01-01',
        weekday: 5,
        kind: 'holiday',
        name: '元旦',
        working: false,
        source: 'provisional',
        provisional: true,
      }),
    ]);
    expect(
      (await rt.request('GET', '/api/calendars/city/days?from=2026-03-01&to=2027-06-01', { token: rs1 })).status,
    ).toBe(400);
  });

  it('previews a due instant on the tenant calendar, provisionally across a year without data', async () => {
    const r = await preview('city', '2026-02-12T10:00:00+08:00', '5 workDay');
    expect(r.body).toMatchObject({
      dueAt: '2026-02-26T15:59:59.999Z',
      dueAtLocal: '2026-02-26T23:59:59.999+08:00',
      warnAtLocal: '2026-02-25T23:59:59.999+08:00',
      validThrough: '2026-12-31',
      duration: { amount: 5, unit: 'workDay' },
    });
    expect(r.body.provisional).toBe(false);
    const missing = await preview('city', '2026-12-28T10:00:00+08:00', '5个工作日');
    expect(missing.status).toBe(200);
    expect(missing.body).toMatchObject({
      dueAtLocal: '2027-01-05T23:59:59.999+08:00',
      provisional: true,
      provisionalYears: [2027],
    });
    expect((await preview('city', '2026-12-28T10:00:00+08:00', '5 weeks')).body.error.code).toBe('INVALID_DURATION');
  });

  it('override days: only administrators of that tenant subtree; a township inherits its parent and adds its own', async () => {
    const townA = await org.login('towna-admin');
    const body = { days: [{ date: '2026-02-25', kind: 'holiday', name: '三月三' }] };
    expect(
      (await rt.request('PUT', '/api/calendars/town-a/days', { token: await org.login('rs1'), body })).status,
    ).toBe(403);
    expect(
      (await rt.request('PUT', '/api/calendars/town-a/days', { token: await org.login('townb-admin'), body })).status,
    ).toBe(404);
    expect((await rt.request('PUT', '/api/calendars/city/days', { token: townA, body })).status).toBe(404);
    expect(
      (
        await rt.request('PUT', '/api/calendars/town-a/days', {
          token: townA,
          body: { days: [{ date: '2026-02-30', kind: 'holiday' }] },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await rt.request('PUT', '/api/calendars/town-a/days', {
          token: townA,
          body: { days: [{ date: '2026-02-20', kind: 'weekend' }] },
        })
      ).status,
    ).toBe(400);

    const put = await rt.request('PUT', '/api/calendars/town-a/days', { token: townA, body });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const start = '2026-02-12T10:00:00+08:00';
    expect(await dueOf('city', start, '5 workDay')).toBe('2026-02-26T23:59:59.999+08:00');
    expect(await dueOf('town-a', start, '5 workDay')).toBe('2026-02-27T23:59:59.999+08:00');
    expect(await dueOf('town-a-east', start, '5 workDay')).toBe('2026-02-27T23:59:59.999+08:00');
    expect(await dueOf('town-b', start, '5 workDay')).toBe('2026-02-26T23:59:59.999+08:00');

    // The village adds its own day off; day 5 becomes the make-up Saturday 02-28.
    expect(
      (
        await rt.request('PUT', '/api/calendars/town-a-east/days', {
          token: townA,
          body: { days: [{ date: '2026-02-26', kind: 'holiday', name: '村庙会' }] },
        })
      ).status,
    ).toBe(200);
    expect(await dueOf('town-a-east', start, '5 workDay')).toBe('2026-02-28T23:59:59.999+08:00');
    const days = await rt.request('GET', '/api/calendars/town-a-east/days?from=2026-02-25&to=2026-02-26', {
      token: townA,
    });
    expect(days.body.days).toEqual([
      expect.objectContaining({
        date: '2026-02-25',
        kind: 'holiday',
        name: '三月三',
        source: 'override',
        setBy: 'town-a',
      }),
      expect.objectContaining({
        date: '2026-02-26',
        kind: 'holiday',
        name: '村庙会',
        source: 'override',
        setBy: 'town-a-east',
      }),
    ]);

    // 'inherit' removes a tenant's own override.
    expect(
      (
        await rt.request('PUT', '/api/calendars/town-a/days', {
          token: townA,
          body: { days: [{ date: '2026-02-25', kind: 'inherit' }] },
        })
      ).status,
    ).toBe(200);
    expect(await dueOf('town-a', start, '5 workDay')).toBe('2026-02-26T23:59:59.999+08:00');
    expect(await dueOf('town-a-east', start, '5 workDay')).toBe('2026-02-27T23:59:59.999+08:00');
    const summary = await rt.request('GET', '/api/calendars/town-a-east', { token: townA });
    expect(summary.body.overrides).toEqual([
      { date: '2026-02-26', kind: 'holiday', name: '村庙会', setBy: 'town-a-east' },
    ]);
  });

  it('a calendar correction recounts open deadlines and their working-unit timers below the tenant, in the same transaction', async () => {
    await deploy(rt, org.admin, 'city', 'corrected', {
      deadline: '5 workDay',
      timers: [{ id: 'Timer_Escalate', duration: '5 workDay' }],
    });
    (rt.deps.clock as ControlledClock).set(sh('2026-02-12 10:00'));
    const inB = await startCase(rt, org.admin, 'town-b', 'corrected');
    const inCity = await startCase(rt, org.admin, 'city', 'corrected');
    const due = '2026-02-26T15:59:59.999Z';
    const timerOf = async (taskId: string) =>
      (await rt.request('GET', `/api/tasks/${taskId}/deadline`, { token: org.admin })).body.timers[0].dueAt as string;
    expect([inB.task.dueAt, await timerOf(inB.task.id), inCity.task.dueAt]).toEqual([due, due, due]);

    const put = await rt.request('PUT', '/api/calendars/town-b/days', {
      token: await org.login('townb-admin'),
      body: { days: [{ date: '2026-02-25', kind: 'holiday', name: '抗洪放假' }] },
    });
    expect(put.body.recounted).toEqual({ tasks: 1, timers: 1 });
    const moved = '2026-02-27T15:59:59.999Z';
    expect((await rt.request('GET', `/api/tasks/${inB.task.id}`, { token: org.admin })).body).toMatchObject({
      dueAt: moved,
      warnAt: '2026-02-26T15:59:59.999Z',
    });
    expect(await timerOf(inB.task.id)).toBe(moved);
    // The city's case is not under town-b: unchanged.
    expect((await rt.request('GET', `/api/tasks/${inCity.task.id}`, { token: org.admin })).body.dueAt).toBe(due);
    expect(await timerOf(inCity.task.id)).toBe(due);
  });

  it("next year's notice typed in makes 2027 known and recounts an open provisional deadline", async () => {
    await deploy(rt, org.admin, 'city', 'year-end', { deadline: '5 workDay' });
    (rt.deps.clock as ControlledClock).set(sh('2026-12-28 10:00'));
    const { task } = await startCase(rt, org.admin, 'city', 'year-end');
    expect(task).toMatchObject({ dueAt: '2027-01-05T15:59:59.999Z', provisional: true, provisionalYears: [2027] });
    expect(task.deadlineError).toBeUndefined();

    const bad = await rt.request('PUT', '/api/calendars/city/years/2027', {
      token: org.admin,
      body: { holidays: { '2027-01-01': '元旦' }, makeupWorkdays: { '2027-01-01': '元旦' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_CALENDAR_DEFINITION');
    expect(
      (
        await rt.request('PUT', '/api/calendars/city/years/2027', {
          token: await org.login('towna-admin'),
          body: { holidays: {} },
        })
      ).status,
    ).toBe(404);

    // A hypothetical schedule with 4 January off as well: the deadline moves one working day.
    const put = await rt.request('PUT', '/api/calendars/city/years/2027', {
      token: org.admin,
      body: { holidays: { '2027-01-01': '元旦', '2027-01-04': '元旦' }, source: '国办发明电〔2026〕N号' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ validThrough: '2027-12-31', recounted: { tasks: 1 } });
    const after = (await rt.request('GET', `/api/tasks/${task.id}`, { token: org.admin })).body;
    expect(after).toMatchObject({
      dueAt: '2027-01-06T15:59:59.999Z',
      warnAt: '2027-01-05T15:59:59.999Z',
      light: 'green',
    });
    expect(after.provisional).toBeUndefined();
    expect(await dueOf('town-a-east', '2026-12-28T10:00:00+08:00', '5 workDay')).toBe('2027-01-06T23:59:59.999+08:00');
    const history = (
      await rt.request('GET', `/api/process-instances/${task.processInstanceId}/history`, { token: org.admin })
    ).body.events;
    expect(history.filter((e: { type: string }) => e.type === 'deadlineRecounted')).toEqual([
      expect.objectContaining({
        actor: 'system:calendar',
        data: expect.objectContaining({ from: '2027-01-05T15:59:59.999Z', to: '2027-01-06T15:59:59.999Z' }),
      }),
    ]);

    expect((await rt.request('DELETE', '/api/calendars/city/years/2027', { token: org.admin })).body).toMatchObject({
      deleted: 1,
      validThrough: '2026-12-31',
    });
    expect((await preview('city', '2026-12-28T10:00:00+08:00', '5 workDay')).body).toMatchObject({
      provisional: true,
      dueAtLocal: '2027-01-05T23:59:59.999+08:00',
    });
    expect((await rt.request('GET', `/api/tasks/${task.id}`, { token: org.admin })).body).toMatchObject({
      dueAt: '2027-01-05T15:59:59.999Z',
      provisional: true,
    });
  });

  it('deadline policies merge down the tenant tree', async () => {
    const townA = await org.login('towna-admin');
    const put = await rt.request('PUT', '/api/deadline-policies/town-a', {
      token: townA,
      body: { maxExtensions: 2, supervisionDeadline: '2 workDay' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const east = await rt.request('GET', '/api/deadline-policies/town-a-east', { token: townA });
    expect(east.body.effective).toMatchObject({
      maxExtensions: 2,
      supervisionDeadline: '2 workDay',
      redDaysToSupervise: 2,
    });
    expect(east.body.setBy).toEqual({ maxExtensions: 'town-a', supervisionDeadline: 'town-a' });
    expect(
      (await rt.request('GET', '/api/deadline-policies/city', { token: org.admin })).body.effective.maxExtensions,
    ).toBe(1);
    expect(
      (
        await rt.request('PUT', '/api/deadline-policies/town-a', {
          token: townA,
          body: { supervisionDeadline: '2 weeks' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await rt.request('PUT', '/api/deadline-policies/town-a', { token: await org.login('rs1'), body: {} })).status,
    ).toBe(403);
  });
});
