// The business calendar in a real headless Chromium: in December, with next year's holiday
// schedule missing, the administrator sees the banner, pastes the State Council notice, checks
// the parsed year as a calendar, confirms, and the calendar shows it; then edits a day.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

// A plausible 2027 notice, clearly marked in the file as a test fixture (not the official text).
const NOTICE_2027 = readFileSync(
  new URL('../engine/calendar/fixtures/notice-2027.test-fixture.txt', import.meta.url),
  'utf8',
);

describe.skipIf(!browserAvailable())('the calendar in Chromium', () => {
  let rt: TestRuntime;
  let page: Page;
  const day = (scope: string, date: string) => page.locator(`${scope} td[data-date="${date}"]`);

  useBrowserApp(async (app) => {
    ({ rt, page } = app);
    const admin = await rt.login('admin');
    const r = await rt.request('POST', '/api/admin/clock', { token: admin, body: { now: '2026-12-07T02:00:00.000Z' } });
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  });

  it('in December, while 2027 is missing, administrators see the banner; the calendar shows 2027 provisionally', async () => {
    await signIn(page, rt.url, 'admin', ADMIN_PASSWORD);
    const banner = page.getByRole('alert').filter({ hasText: '尚未载入2027年节假日安排' });
    await banner.waitFor();
    await banner.getByRole('button', { name: '去载入' }).click();
    await page.getByRole('table', { name: '2026年12月' }).waitFor();
    await page.getByRole('button', { name: '下个月' }).click();
    await page.getByRole('table', { name: '2027年1月' }).waitFor();
    await expect(day('.calendar-month', '2027-01-01').getAttribute('data-kind')).resolves.toBe('holiday');
    await expect(day('.calendar-month', '2027-01-04').getAttribute('class')).resolves.toContain('provisional');
    await page.getByText('2027年的放假安排尚未载入，暂按法定节假日推算').waitFor();
  });

  it('an administrator pastes the 2027 notice, checks the parsed calendar, confirms, and the calendar shows it', async () => {
    const load = page.getByRole('region', { name: '载入年度节假日安排' });
    await expect(load.getByLabel('年份').inputValue()).resolves.toBe('2027');
    await load.getByLabel('通知全文').fill(NOTICE_2027);
    await load.getByRole('button', { name: '解析预览' }).click();
    await load.getByText('2027年：放假 28 天，调休上班 5 天').waitFor();
    await load.getByText('春节：02-05 至 02-12，共 8 天；调休上班：02-20').waitFor();
    await expect(day('.year-preview', '2027-02-12').getAttribute('data-kind')).resolves.toBe('holiday');
    await expect(day('.year-preview', '2027-02-20').getAttribute('data-kind')).resolves.toBe('makeupWorkday');
    // Not saved yet.
    const admin = await rt.login('admin');
    expect((await rt.request('GET', '/api/calendars/city', { token: admin })).body.knownYears).not.toContain(2027);

    await load.getByRole('button', { name: '确认保存2027年安排' }).click();
    await load.getByText('已载入2027年节假日安排').waitFor();
    // The banner and the month ask the server again after the save; wait for their answers.
    await page.getByRole('alert').filter({ hasText: '尚未载入2027年节假日安排' }).waitFor({ state: 'detached' });
    await expect.poll(() => day('.calendar-month', '2027-01-04').getAttribute('class')).not.toContain('provisional');
    await page.getByRole('button', { name: '下个月' }).click();
    await page.getByRole('table', { name: '2027年2月' }).waitFor();
    await expect(day('.calendar-month', '2027-02-12').getAttribute('data-kind')).resolves.toBe('holiday');
    await expect(day('.calendar-month', '2027-02-20').getAttribute('data-kind')).resolves.toBe('makeupWorkday');
    expect(
      (await rt.request('GET', '/api/calendars/town-a/days?from=2027-02-12&to=2027-02-12', { token: admin })).body
        .days[0],
    ).toMatchObject({ kind: 'holiday', source: 'extraYear' });
  });

  it('a malformed notice is refused with the reason, nothing saved', async () => {
    const load = page.getByRole('region', { name: '载入年度节假日安排' });
    await load.getByLabel('年份').fill('2028');
    await load.getByLabel('通知全文').fill('一、清明节：4月4日（周六）至6日（周一）放假，共3天。');
    await load.getByRole('button', { name: '解析预览' }).click();
    await load.getByText('无法载入：“清明节”：2028年4月4日是周二，不是周六').waitFor();
  });

  it('edits a day: a local day off', async () => {
    await day('.calendar-month', '2027-02-22').getByRole('button').click();
    const form = page.getByRole('form', { name: '调整 2027-02-22' });
    await form.getByLabel('类型').selectOption('holiday');
    await form.getByLabel('名称').fill('抗洪放假');
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存 2027-02-22').waitFor();
    await expect(day('.calendar-month', '2027-02-22').getAttribute('class')).resolves.toContain('override');
    await expect(day('.calendar-month', '2027-02-22').getAttribute('data-kind')).resolves.toBe('holiday');
  });
});
