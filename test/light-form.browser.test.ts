// The public page's light renderer (no rjsf) draws a township's choices as rjsf would: a single choice
// and a 是/否 as radio groups, a multiple choice as tick boxes; what is picked is what is sent.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestRuntime } from '../runtime/testing/databases.js';
import { browserAvailable } from './browser.js';
import { useBrowserApp } from './browser-app.js';

describe.skipIf(!browserAvailable())('the public page’s light form, in Chromium', () => {
  let rt: TestRuntime;
  let browser: Browser;

  useBrowserApp((app) => {
    ({ rt, browser } = app);
  });

  it('radio groups and tick boxes: one choice each, several ticked in the form’s order, sent as picked', async () => {
    const admin = await rt.login('admin');
    const form = {
      id: 'choices-intake',
      name: '选择题诉求表',
      schema: {
        type: 'object',
        required: ['way', 'urgent'],
        properties: {
          way: { type: 'string', title: '反映方式', enum: ['来电', '来访', '网上'] },
          urgent: { type: 'boolean', title: '是否紧急' },
          topics: { type: 'array', title: '涉及事项', items: { type: 'string', enum: ['噪声', '占道', '垃圾'] } },
        },
      },
      uiSchema: {
        way: { 'ui:widget': 'radio' },
        urgent: { 'ui:widget': 'radio' },
        topics: { 'ui:widget': 'checkboxes' },
      },
    };
    const deployed = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: { tenant: 'town-a', resources: [{ name: 'choices-intake.form.json', content: form }] },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const current = (await rt.request('GET', '/api/tenants/town-a/channels', { token: admin })).body.channels.find(
      (c: { channel: string }) => c.channel === 'web',
    );
    const set = await rt.request('PUT', '/api/tenants/town-a/channels', {
      token: admin,
      body: { channels: { web: { processKey: current.processKey, formKey: 'choices-intake' } } },
    });
    expect(set.status).toBe(200);

    const citizen = await browser.newPage({ viewport: { width: 390, height: 900 }, locale: 'zh-CN' });
    await citizen.goto(`${rt.url}/#/intake/town-a`);
    await citizen.locator('form.light-form').waitFor();
    const way = citizen.getByRole('radiogroup', { name: '反映方式' });
    await expect(way.getByRole('radio').count()).resolves.toBe(3);
    await way.getByRole('radio', { name: '来访' }).check();
    await way.getByRole('radio', { name: '网上' }).check();
    await expect(way.getByRole('radio', { name: '来访' }).isChecked()).resolves.toBe(false);
    const urgent = citizen.getByRole('radiogroup', { name: '是否紧急' });
    await expect(urgent.getByRole('radio').count()).resolves.toBe(2);
    await urgent.getByRole('radio', { name: '是' }).waitFor();
    await urgent.getByRole('radio', { name: '否' }).check();
    const topics = citizen.locator('#root_topics');
    await expect.poll(() => topics.getByRole('radiogroup').count()).toBe(0);
    await topics.getByRole('checkbox', { name: '垃圾' }).check();
    await topics.getByRole('checkbox', { name: '噪声' }).check();
    await topics.getByRole('checkbox', { name: '占道' }).check();
    await topics.getByRole('checkbox', { name: '占道' }).uncheck();

    const sent = citizen.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/public/intake/town-a'));
    await citizen.getByRole('button', { name: '提交诉求' }).click();
    expect((await sent).postDataJSON().data).toEqual({ way: '网上', urgent: false, topics: ['噪声', '垃圾'] });
    await citizen.close();
  });
});
