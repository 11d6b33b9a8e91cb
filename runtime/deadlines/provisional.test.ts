/**
 * Never stop counting at a year boundary: provisional deadlines for a year without its State
 * Council schedule, loading the schedule from the notice's text (recount + notices), the
 * "refuse" policy, and saying it early (banner status, weekly notice, /api/health).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusinessCalendar, parseHolidayNotice } from '../../engine/index.js';
import type { ControlledClock } from '../platform/clock.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { deploy, setupOrg, sh, startCase, type Org } from '../testing/deadlines.js';

const dialects = await testDialects();
const NOTICE_2027 = readFileSync(
  new URL('../../engine/calendar/fixtures/notice-2027.test-fixture.txt', import.meta.url),
  'utf8',
);
const NOTICE_2026 = readFileSync(new URL('../../engine/calendar/fixtures/notice-2026.txt', import.meta.url), 'utf8');

describe.each(dialects)('provisional deadlines on %s', (dialect) => {
  let rt: TestRuntime;
  let org: Org;
  const clock = () => rt.deps.clock as ControlledClock;
  const get = async (path: string, token = org.admin) => (await rt.request('GET', path, { token })).body;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect);
    org = await setupOrg(rt);
  });
  afterAll(async () => rt?.stop());

  it('a 5-working-day task created on 2026-12-28 gets a provisional deadline that skips 1 January 2027; loading the notice recounts deadlines and timers and tells the handlers', async () => {
    await deploy(rt, org.admin, 'city', 'short', { deadline: '5 workDay' });
    await deploy(rt, org.admin, 'city', 'long', {
      deadline: '30 workDay',
      timers: [{ id: 'Timer_Remind', duration: '30 workDay' }],
    });
    clock().set(sh('2026-12-28 10:00'));
    const short = (await startCase(rt, org.admin, 'city', 'short')).task;
    const long = (await startCase(rt, org.admin, 'city', 'long')).task;

    // 12-29, 12-30, 12-31, (1 Jan 元旦, weekend), 01-04, 01-05.
    expect(short).toMatchObject({ dueAt: '2027-01-05T15:59:59.999Z', provisional: true, provisionalYears: [2027] });
    const detail = await get(`/api/tasks/${long.id}/deadline`);
    expect(detail).toMatchObject({
      provisional: true,
      provisionalYears: [2027],
      timers: [expect.objectContaining({ provisional: true })],
    });
    const provisionalCal = createBusinessCalendar({ id: 'p', missingYears: 'provisional' });
    expect(long.dueAt).toBe(
      new Date(provisionalCal.addDuration('2026-12-28T10:00:00+08:00', '30 workDay')).toISOString(),
    );

    // The notice's 春节 (5–12 February, 20 February worked) differs from the statutory days (4–7 February).
    const schedule = parseHolidayNotice(NOTICE_2027, 2027);
    const loaded = createBusinessCalendar({ id: 'l', extraYears: [schedule] });
    const longDue = new Date(loaded.addDuration('2026-12-28T10:00:00+08:00', '30 workDay')).toISOString();
    expect(longDue).not.toBe(long.dueAt);

    const dry = await rt.request('POST', '/api/calendars/city/years/2027/notice', {
      token: org.admin,
      body: { text: NOTICE_2027, dryRun: true },
    });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({
      saved: false,
      format: 'notice',
      holidays: schedule.holidays,
      makeupWorkdays: schedule.makeupWorkdays,
    });
    expect(dry.body.festivals).toContainEqual({
      title: '春节',
      from: '2027-02-05',
      to: '2027-02-12',
      days: 8,
      makeupWorkdays: ['2027-02-20'],
    });
    expect((await get('/api/calendars/city')).knownYears).not.toContain(2027);
    expect((await get(`/api/tasks/${long.id}`)).dueAt).toBe(long.dueAt);

    const save = await rt.request('POST', '/api/calendars/city/years/2027/notice', {
      token: org.admin,
      body: { text: NOTICE_2027 },
    });
    expect(save.status, JSON.stringify(save.body)).toBe(200);
    expect(save.body).toMatchObject({ saved: true, validThrough: '2027-12-31', recounted: { tasks: 1, timers: 1 } });

    expect(await get(`/api/tasks/${short.id}`)).toMatchObject({ dueAt: '2027-01-05T15:59:59.999Z' });
    expect((await get(`/api/tasks/${short.id}`)).provisional).toBeUndefined();
    const after = await get(`/api/tasks/${long.id}/deadline`);
    expect(after).toMatchObject({
      dueAt: longDue,
      provisional: false,
      timers: [expect.objectContaining({ dueAt: longDue, provisional: false })],
    });
    // Inherited by every tenant below the city.
    expect((await get('/api/calendars/town-a-east')).knownYears).toContain(2027);

    // The handlers (group dept-rs) are told that the due date moved; the short task did not move.
    const notes = (await get('/api/notifications?kind=deadline-moved', await org.login('rs1'))) as Array<{
      taskId: string;
      data: { from: string; to: string };
    }>;
    expect(notes.map((n) => [n.taskId, n.data])).toEqual([[long.id, { from: long.dueAt, to: longDue }]]);
  });

  it('a malformed notice is refused with a Chinese reason and nothing is saved; only administrators load a year', async () => {
    const bad = await rt.request('POST', '/api/calendars/town-b/years/2028/notice', {
      token: org.admin,
      body: { text: '一、清明节：4月4日（周六）至6日（周一）放假，共3天。' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'INVALID_NOTICE',
      message: expect.stringContaining('2028年4月4日是周二，不是周六'),
    });
    const wrongYear = await rt.request('POST', '/api/calendars/town-b/years/2028/notice', {
      token: org.admin,
      body: { text: NOTICE_2026 },
    });
    expect(wrongYear.body.error).toMatchObject({
      code: 'INVALID_NOTICE',
      message: expect.stringContaining('这是2026年的通知'),
    });
    expect((await get('/api/calendars/town-b')).knownYears).not.toContain(2028);
    expect(
      (
        await rt.request('POST', '/api/calendars/town-b/years/2028/notice', {
          token: await org.login('rs1'),
          body: { text: NOTICE_2026 },
        })
      ).status,
    ).toBe(403);
  });

  it('accepts an ICS file of the year', async () => {
    const ics = readFileSync(new URL('../../node_modules/chinese-days/dist/holidays.ics', import.meta.url), 'utf8');
    const r = await rt.request('POST', '/api/calendars/town-b/years/2026/notice', {
      token: org.admin,
      body: { text: ics, dryRun: true },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ format: 'ics', saved: false });
    expect(Object.keys(r.body.holidays)).toHaveLength(33);
  });

  it('a tenant whose policy refuses provisional deadlines gets an incident, never a task without its deadline; after loading the year, retrying creates the task', async () => {
    const put = await rt.request('PUT', '/api/deadline-policies/town-b', {
      token: await org.login('townb-admin'),
      body: { missingCalendar: 'refuse' },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await deploy(rt, org.admin, 'city', 'strict', { deadline: '5 workDay' });
    clock().set(sh('2027-12-27 10:00')); // 2028 has no schedule
    const preview = await rt.request(
      'GET',
      `/api/calendars/town-b/preview?duration=${encodeURIComponent('5 workDay')}`,
      { token: org.admin },
    );
    expect(preview.status).toBe(422);
    expect(preview.body.error.code).toBe('CALENDAR_DATA_MISSING');

    const started = await rt.request('POST', '/api/process-instances', {
      token: org.admin,
      body: { processKey: 'strict', tenant: 'town-b' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(await get(`/api/tasks?processInstanceId=${started.body.id}`)).toEqual([]);
    const [incident] = (await get(`/api/incidents?processInstanceId=${started.body.id}`)) as Array<{
      id: string;
      code: string;
      message: string;
      elementId: string;
    }>;
    expect(incident).toMatchObject({
      elementId: 'Task_Handle',
      code: 'INVALID_VALUE',
      message: expect.stringContaining('缺少2028年节假日数据'),
    });

    // Other tenants keep counting provisionally.
    expect((await startCase(rt, org.admin, 'town-a', 'strict')).task).toMatchObject({
      provisional: true,
      provisionalYears: [2028],
    });

    const year = await rt.request('PUT', '/api/calendars/city/years/2028', {
      token: org.admin,
      body: { holidays: { '2028-01-01': '元旦' } },
    });
    expect(year.status).toBe(200);
    expect(
      (await rt.request('POST', `/api/incidents/${incident!.id}/retry`, { token: org.admin, body: {} })).status,
    ).toBe(200);
    const [task] = await get(`/api/tasks?processInstanceId=${started.body.id}`);
    expect(task).toMatchObject({ dueAt: '2028-01-03T15:59:59.999Z' });
    expect(task.provisional).toBeUndefined();
  });

  it('says it early: from 1 November, while next year is missing, a banner status, a weekly notice to administrators and a health warning', async () => {
    const ladder = () => rt.ladder.runOnce();
    // Earlier tests ran in December 2026 and 2027, when 2027 and 2028 were missing: only 2029's notices count here.
    const calendarNotes = async (user: string) =>
      (
        (await get('/api/notifications?kind=calendar-missing', await org.login(user))) as Array<{
          subject: string;
          data: { year: number };
        }>
      ).filter((n) => n.data.year === 2029);
    // 2028 is loaded (previous test) by the city; 2029 is not.
    clock().set(sh('2028-10-31 10:00'));
    expect((await get('/api/health')).warnings).toEqual([]);
    expect(await get('/api/calendars/town-a/next-year', await org.login('towna-admin'))).toMatchObject({
      nextYear: 2029,
      missing: true,
      warn: false,
    });
    await ladder();
    expect(await calendarNotes('towna-admin')).toEqual([]);

    clock().set(sh('2028-11-01 09:00'));
    expect((await get('/api/health')).warnings).toEqual(['calendar: next year missing']);
    expect(await get('/api/calendars/town-a/next-year', await org.login('towna-admin'))).toMatchObject({
      nextYear: 2029,
      missing: true,
      warn: true,
      watchFrom: '2028-11-01',
    });
    await ladder();
    await ladder();
    // The pass that sees the hour change first (this test's or the background scanner's) writes the notice.
    await expect
      .poll(async () => (await calendarNotes('towna-admin')).map((n) => n.subject))
      .toEqual(['尚未载入2029年节假日安排']);
    expect(await calendarNotes('rs1')).toEqual([]); // staff are not told

    clock().set(sh('2028-11-03 11:00')); // same week
    await ladder();
    expect(await calendarNotes('towna-admin')).toHaveLength(1);
    clock().set(sh('2028-11-08 11:00')); // the next week
    await ladder();
    await expect.poll(async () => (await calendarNotes('towna-admin')).length).toBe(2);

    const year = await rt.request('PUT', '/api/calendars/city/years/2029', {
      token: org.admin,
      body: { holidays: { '2029-01-01': '元旦' } },
    });
    expect(year.status).toBe(200);
    clock().set(sh('2028-11-15 11:00'));
    await ladder();
    expect(await calendarNotes('towna-admin')).toHaveLength(2);
    expect((await get('/api/health')).warnings).toEqual([]);
    expect(await get('/api/calendars/town-a/next-year', await org.login('towna-admin'))).toMatchObject({
      missing: false,
      warn: false,
    });
  });
});
