// The window clerk registers walk-in and phone appeals: a case under a tracking number, with the channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const APPEAL = {
  applicantName: '李四',
  phone: '13900001111',
  category: '物业纠纷',
  description: '小区电梯停运两周无人维修',
};

describe.each(dialects)('front desk on %s', (dialect) => {
  let rt: TestRuntime;
  let window1: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    window1 = await rt.login('window1');
  });
  afterAll(async () => rt?.stop());

  it('registers a phone appeal: a receipt with the tracking number; the case carries the channel and the clerk as actor', async () => {
    const form = await rt.request('GET', '/api/front-desk/intake/town-a', { token: window1 });
    expect(form.body).toMatchObject({
      tenant: { id: 'town-a', name: 'A镇综治中心' },
      channels: ['窗口', '电话'],
      form: { schema: { required: expect.arrayContaining(['phone']) } },
    });
    const r = await rt.request('POST', '/api/front-desk/appeals', {
      token: window1,
      body: { tenant: 'town-a', channel: '电话', data: APPEAL },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      trackingNo: expect.stringMatching(/^SQ\d{8}-[0-9A-Z]{8}$/),
      tenant: { name: 'A镇综治中心' },
      channel: '电话',
      receivedBy: '窗口受理员 王芳',
      data: APPEAL,
    });
    const instance = (await rt.request('GET', `/api/process-instances/${r.body.processInstanceId}`, { token: window1 }))
      .body;
    // The clerk has no pii:read: the case shows the phone masked; the receipt above carried it whole.
    expect(instance).toMatchObject({
      businessKey: r.body.trackingNo,
      variables: { ...APPEAL, phone: '139****1111', channel: '电话' },
    });
    const events = (
      await rt.request('GET', `/api/process-instances/${r.body.processInstanceId}/history`, { token: window1 })
    ).body.events as Array<{ type: string; actor: string }>;
    expect(events.find((e) => e.type === 'instanceStarted')).toMatchObject({ actor: 'window1' });
    const tracked = await rt.request('GET', `/api/public/appeals/${r.body.trackingNo}?phone=${APPEAL.phone}`);
    expect(tracked.body).toMatchObject({ status: 'active', category: '物业纠纷' });
  });

  it('starts the process the township set for the channel: the window and the phone may differ', async () => {
    const townAdmin = await rt.login('towna-admin');
    const channels = (await rt.request('GET', '/api/tenants/town-a/channels', { token: townAdmin })).body
      .channels as Array<{ channel: string; processKey: string; formKey: string }>;
    const window = channels.find((c) => c.channel === 'window')!;
    const processOf = async (channel: string) => {
      const r = await rt.request('POST', '/api/front-desk/appeals', {
        token: window1,
        body: { tenant: 'town-a', channel, data: APPEAL },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return (await rt.request('GET', `/api/process-instances/${r.body.processInstanceId}`, { token: window1 })).body
        .processKey;
    };
    expect(await processOf('窗口')).toBe(window.processKey);
    const put = await rt.request('PUT', '/api/tenants/town-a/channels', {
      token: townAdmin,
      body: { channels: { phone: { processKey: 'appeal-referral', formKey: window.formKey } } },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(await processOf('电话')).toBe('appeal-referral');
    expect(await processOf('窗口')).toBe(window.processKey);
  });

  it('refuses invalid form data in Chinese, another channel, and a township the clerk cannot see', async () => {
    const bad = await rt.request('POST', '/api/front-desk/appeals', {
      token: window1,
      body: { tenant: 'town-a', channel: '窗口', data: { applicantName: '李' } },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('FORM_INVALID');
    expect(bad.body.error.message).toContain('表单填写有误');
    expect(
      (
        await rt.request('POST', '/api/front-desk/appeals', {
          token: window1,
          body: { tenant: 'town-a', channel: '小程序', data: APPEAL },
        })
      ).status,
    ).toBe(400);
    const townAdmin = await rt.login('towna-admin');
    expect(
      (
        await rt.request('POST', '/api/front-desk/appeals', {
          token: townAdmin,
          body: { tenant: 'street-b', channel: '窗口', data: APPEAL },
        })
      ).status,
    ).toBe(404);
  });
});
