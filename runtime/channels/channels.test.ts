// Every channel starts the tenant's own intake process: a township's change to its process or
// 派单目录 reaches its citizens' next appeal from the public page and from an enterprise's QR code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'appeal');
const APPEAL = {
  applicantName: '赵六',
  phone: '13700001111',
  category: '环境污染',
  description: '河道上游有工厂夜间排污',
};
const REFERRAL = { processKey: 'appeal-referral', formKey: 'referral-intake' };
const CITY = { processKey: 'city-appeal', formKey: 'city-intake' };

describe.each(dialects)('intake channels per tenant on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let towna: string;
  type Task = { id: string; elementId: string; candidateGroups: string[]; deadline?: string };

  const caseOf = async (trackingNo: string) =>
    (await rt.request('GET', `/api/process-instances?businessKey=${trackingNo}`, { token: admin })).body[0] as {
      id: string;
      processKey: string;
      tenant: string;
      variables: Record<string, unknown>;
    };
  const tasksOf = async (caseId: string) =>
    (await rt.request('GET', `/api/tasks?processInstanceId=${caseId}`, { token: admin })).body as Task[];
  /** The window receives the appeal as submitted; answers the task the case was referred to. */
  const referredTo = async (caseId: string) => {
    const [intake] = await tasksOf(caseId);
    const data = (await rt.request('GET', `/api/tasks/${intake!.id}/form`, { token: admin })).body.data;
    const done = await rt.request('POST', `/api/tasks/${intake!.id}/complete`, {
      token: admin,
      body: { variables: data },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    return (await tasksOf(caseId))[0]!;
  };
  const submit = async (tenant: string, body: Record<string, unknown>) => {
    const r = await rt.request('POST', `/api/public/intake/${tenant}`, { body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return caseOf(r.body.trackingNo);
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 1000 } });
    admin = await rt.login('admin');
    towna = await rt.login('towna-admin');
  });
  afterAll(async () => rt?.stop());

  it('shows each channel’s setting and whose it is: the city’s own, inherited below it', async () => {
    const city = await rt.request('GET', '/api/tenants/city/channels', { token: admin });
    expect(city.status).toBe(200);
    expect(city.body.channels).toEqual(
      ['web', 'mini-program', 'enterprise-qr', 'window', 'phone'].map((channel) =>
        expect.objectContaining({ channel, ...CITY, setBy: 'city', inherited: false }),
      ),
    );
    const east = (await rt.request('GET', '/api/tenants/town-a-east/channels', { token: towna })).body.channels;
    expect(east[0]).toMatchObject({ channel: 'web', name: '网页', setBy: 'town-a', inherited: true });
    expect(
      (await rt.request('GET', '/api/tenants/street-b/channels', { token: admin })).body.channels[0],
    ).toMatchObject({ ...CITY, setBy: 'city', inherited: true });
    expect((await rt.request('GET', '/api/tenants/street-b/channels', { token: towna })).status).toBe(404);
  });

  it('records the channel as it was: the web page, the mini-program, a QR code, the window, the phone', async () => {
    expect((await submit('street-b', { data: APPEAL })).variables.channel).toBe('网页');
    expect((await submit('street-b', { data: APPEAL, via: 'mini-program' })).variables.channel).toBe('小程序');
    for (const channel of ['window', 'phone'] as const) {
      const r = await rt.request('POST', '/api/tenants/city/appeals', {
        token: await rt.login('window1'),
        body: { channel, data: APPEAL },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect((await caseOf(r.body.trackingNo)).variables.channel).toBe(channel === 'window' ? '窗口' : '电话');
    }
    expect(
      (await rt.request('POST', '/api/tenants/city/appeals', { token: admin, body: { channel: 'web', data: APPEAL } }))
        .status,
    ).toBe(400);
  });

  it('a township’s process and 派单目录 reach its citizens’ next appeal from the public page and from a QR code; its village inherits, other townships keep the city’s', async () => {
    const enterprise = (
      await rt.request('POST', '/api/enterprises', {
        token: towna,
        body: { name: 'A镇某化工有限公司', tenantId: 'town-a' },
      })
    ).body as { id: string };
    expect((await submit('town-a', { data: APPEAL })).processKey).toBe('town-a-appeal'); // the example's own variant

    const put = await rt.request('PUT', '/api/tenants/town-a/channels', {
      token: towna,
      body: { channels: { web: REFERRAL, 'mini-program': REFERRAL, 'enterprise-qr': REFERRAL } },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.channels.find((c: { channel: string }) => c.channel === 'window')).toMatchObject({
      processKey: 'town-a-appeal',
      setBy: 'town-a',
      inherited: false,
    });
    const own = readFileSync(join(EXAMPLES, 'referral.dmn'), 'utf8')
      .replace('<text>"dept-sh"</text>', '<text>"dept-zz"</text>')
      .replace(/"3 workDay"/, '"2 workDay"');
    expect(
      (
        await rt.request('POST', '/api/deployments', {
          token: towna,
          body: { tenant: 'town-a', resources: [{ name: 'referral.dmn', content: own }] },
        })
      ).status,
    ).toBe(201);

    // The public page shows the township's form and starts its process with its catalogue.
    const form = (await rt.request('GET', '/api/public/intake/town-a')).body.form;
    expect(form.schema.properties.category.enum).toContain('法律援助'); // referral-intake, not appeal-intake
    const web = await submit('town-a', { data: APPEAL });
    expect(web).toMatchObject({ processKey: 'appeal-referral', tenant: 'town-a', variables: { channel: '网页' } });
    expect(await referredTo(web.id)).toMatchObject({
      elementId: 'Task_Handle',
      candidateGroups: ['dept-zz'],
      deadline: '2 workDay',
    });
    const qr = await submit('town-a', { data: APPEAL, enterprise: enterprise.id });
    expect(qr).toMatchObject({
      processKey: 'appeal-referral',
      variables: { channel: '一企一码', enterpriseName: 'A镇某化工有限公司' },
    });
    expect(await referredTo(qr.id)).toMatchObject({ candidateGroups: ['dept-zz'], deadline: '2 workDay' });

    const village = await submit('town-a-east', { data: APPEAL });
    expect(village.processKey).toBe('appeal-referral');
    expect(await referredTo(village.id)).toMatchObject({ candidateGroups: ['dept-zz'] });
    expect((await submit('street-b', { data: APPEAL })).processKey).toBe('city-appeal');

    // Cleared, the township inherits the city's again.
    const cleared = await rt.request('PUT', '/api/tenants/town-a/channels', {
      token: towna,
      body: { channels: { web: null } },
    });
    expect(cleared.body.channels.find((c: { channel: string }) => c.channel === 'web')).toMatchObject({
      ...CITY,
      setBy: 'city',
      inherited: true,
    });
    expect((await submit('town-a', { data: APPEAL })).processKey).toBe('city-appeal');
  });

  it('refuses a channel that leads nowhere, and lets only the tenant’s administrators set it', async () => {
    const missing = await rt.request('PUT', '/api/tenants/town-a/channels', {
      token: towna,
      body: { channels: { phone: { processKey: 'no-such-process', formKey: 'appeal-intake' } } },
    });
    expect(missing).toMatchObject({ status: 422, body: { error: { code: 'PROCESS_NOT_FOUND' } } });
    const noForm = await rt.request('PUT', '/api/tenants/town-a/channels', {
      token: towna,
      body: { channels: { phone: { processKey: 'appeal-loop', formKey: 'no-such-form' } } },
    });
    expect(noForm).toMatchObject({ status: 422, body: { error: { code: 'FORM_NOT_FOUND' } } });
    expect(
      (await rt.request('PUT', '/api/tenants/street-b/channels', { token: towna, body: { channels: { web: CITY } } }))
        .status,
    ).toBe(404);
    expect(
      (
        await rt.request('PUT', '/api/tenants/city/channels', {
          token: await rt.login('window1'),
          body: { channels: { web: CITY } },
        })
      ).status,
    ).toBe(403);
    expect(
      (await rt.request('PUT', '/api/tenants/town-a/channels', { token: towna, body: { channels: { fax: CITY } } }))
        .status,
    ).toBe(400);
  });

  it('a tenant whose chain set no channel says so instead of starting a default', async () => {
    expect(
      (await rt.request('POST', '/api/tenants', { token: admin, body: { id: 'other-root', name: '另一城市' } })).status,
    ).toBe(201);
    const r = await rt.request('GET', '/api/public/intake/other-root');
    expect(r).toMatchObject({ status: 404, body: { error: { code: 'CHANNEL_NOT_CONFIGURED' } } });
  });
});
