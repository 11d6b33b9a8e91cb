// The inbox on a phone (390×844) in a real headless Chromium: the 待办 list and a task page fit the
// screen (nothing runs off sideways), and each row names the case and its step, never an id.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable, signIn } from './browser.js';
import { useBrowserApp } from './browser-app.js';

/**
 * Elements whose right edge runs past the viewport (tag.class and text), and the page's scroll width;
 * run in the page (a string: the tests are type-checked without the DOM's types).
 */
const OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    // Inside a box that scrolls or clips sideways and itself fits (the app bar's tabs): not off the screen.
    let clipped = false;
    for (let up = el.parentElement; up && !clipped; up = up.parentElement)
      clipped = getComputedStyle(up).overflowX !== 'visible' && up.getBoundingClientRect().right <= width + 1;
    if (r.width > 0 && r.right > width + 1 && !clipped && getComputedStyle(el).position !== 'fixed')
      out.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(r.right) + ': ' + (el.textContent || '').slice(0, 30));
  }
  return { scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 15) };
})()`;
const overflow = (page: Page) => page.evaluate(OVERFLOW);

describe.skipIf(!browserAvailable())('the inbox on a 390 px phone', () => {
  let rt: TestRuntime;
  let page: Page;
  let caseId: string;

  useBrowserApp(async (app) => {
    rt = app.rt;
    await app.page.close();
    page = await app.browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const admin = await rt.login('admin');
    const started = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'appeal-loop', tenant: 'town-a', businessKey: 'A-2026-390' },
    });
    expect(started.status).toBe(201);
    caseId = started.body.id;
    const [receive] = (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin }))
      .body as Array<{ id: string }>;
    const done = await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
      token: await rt.login('window1'),
      body: {
        variables: {
          applicantName: '钱七',
          phone: '13800000390',
          channel: '窗口',
          category: '劳动纠纷',
          description: '建筑工地拖欠农民工工资三个月未发放，多次讨要无果，请求协调处理',
        },
      },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  });

  it('the 待办 list fits the screen and names the case and the step', async () => {
    await signIn(page, rt.url, 'rs1');
    const row = page.locator('[data-task]').first();
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('钱七');
    expect(text).toMatch(/办理|承办|处置/);
    expect(text).not.toContain(caseId);
    expect(text).not.toMatch(/Task_|[0-9a-f]{8}-[0-9a-f]{4}/);
    expect(await overflow(page)).toEqual({ scroll: 390, width: 390, out: [] });
  });

  it('a task page fits the screen', async () => {
    await page.locator('[data-task]').first().click();
    await page.getByTestId('task-title').waitFor();
    await page.getByRole('button', { name: '签收', exact: true }).waitFor();
    expect(await overflow(page)).toEqual({ scroll: 390, width: 390, out: [] });
  });
});
