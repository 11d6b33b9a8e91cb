import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

const APPEAL = {
  applicantName: '王五',
  phone: '13912345678',
  category: '环境污染',
  description: '化工厂夜间排放刺鼻气体',
  channel: '窗口',
};
const CREDIT_CODE = '91320581MA1W8K3X22'; // a valid GB 32100 check character
const ZH = { 'accept-language': 'zh-CN' };

describe.each(dialects)('public intake and 一企一码 on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let towna: string;
  let enterprise: { id: string; intakeUrl: string; name: string };
  const count = async (table: string) =>
    Number(((await rt.deps.db.knex(table).count('* as n').first()) as { n: unknown }).n);

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true, publicIntake: { limitPerMinute: 40 } });
    admin = await rt.login('admin');
    towna = await rt.login('towna-admin');
  });
  afterAll(async () => rt?.stop());

  it('shows a tenant’s intake form without an account; an unknown tenant is not found', async () => {
    const r = await rt.request('GET', '/api/public/intake/town-a');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ tenant: { id: 'town-a', name: 'A镇综治中心' }, enterprise: null });
    expect(r.body.form.schema.properties.category.title).toBe('诉求类别');
    expect((await rt.request('GET', '/api/public/intake/no-such-town')).status).toBe(404);
  });

  it('refuses invalid data with the problems in Chinese and writes nothing', async () => {
    const before = await count('instances');
    const r = await rt.request('POST', '/api/public/intake/town-a', {
      headers: ZH,
      body: { data: { ...APPEAL, phone: '123' } },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('FORM_INVALID');
    expect(r.body.error.message).toMatch(/^表单填写有误/);
    expect(r.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['/phone']);
    expect((await rt.request('POST', '/api/public/intake/town-a', { body: { data: APPEAL, extra: 1 } })).status).toBe(
      400,
    );
    // Only the form's own fields: nothing a later gateway reads (the handling result, say) can be set from outside.
    const smuggled = await rt.request('POST', '/api/public/intake/town-a', {
      headers: ZH,
      body: { data: { ...APPEAL, resolved: true } },
    });
    expect(smuggled).toMatchObject({
      status: 400,
      body: { error: { code: 'FORM_INVALID', problems: [{ path: '/resolved' }] } },
    });
    expect(smuggled.body.error.message).toContain('resolved');
    expect(await count('instances')).toBe(before);
  });

  it('starts a case from a citizen’s appeal: the window sees it filled in; the citizen follows it by number and phone', async () => {
    const r = await rt.request('POST', '/api/public/intake/street-b', { body: { data: APPEAL } });
    expect(r.status).toBe(201);
    expect(r.body.trackingNo).toMatch(/^SQ\d{8}-[0-9A-Z]{8}$/);
    const [c] = (await rt.request('GET', `/api/process-instances?businessKey=${r.body.trackingNo}`, { token: admin }))
      .body;
    expect(c).toMatchObject({
      tenant: 'street-b',
      status: 'active',
      activeElementIds: ['Task_Receive'],
      variables: { ...APPEAL, channel: '网页' },
    });
    const [task] = (await rt.request('GET', `/api/tasks?processInstanceId=${c.id}`, { token: admin })).body;
    expect(task.candidateGroups).toEqual(['window']);
    expect((await rt.request('GET', `/api/tasks/${task.id}/form`, { token: admin })).body.data).toMatchObject({
      applicantName: '王五',
      category: '环境污染',
    });

    const follow = await rt.request('GET', `/api/public/appeals/${r.body.trackingNo}?phone=13912345678`);
    expect(follow.status).toBe(200);
    expect(follow.body).toMatchObject({
      trackingNo: r.body.trackingNo,
      tenant: { name: 'B街道综治中心' },
      status: 'active',
      category: '环境污染',
      steps: [{ name: '受理登记' }],
    });
    expect(JSON.stringify(follow.body)).not.toContain(c.id);
    for (const path of [
      `/api/public/appeals/${r.body.trackingNo}?phone=13900000000`,
      '/api/public/appeals/SQ20260101-AAAAAAAA?phone=13912345678',
    ]) {
      expect(await rt.request('GET', path)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    }
    expect((await rt.request('GET', `/api/public/appeals/not-a-number?phone=13912345678`)).status).toBe(400);
  });

  it('registers an enterprise with its QR code; the code’s form carries the enterprise into the case', async () => {
    const created = await rt.request('POST', '/api/enterprises', {
      token: towna,
      body: { name: '苏州某某化工有限公司', tenantId: 'town-a', creditCode: CREDIT_CODE },
    });
    expect(created.status).toBe(201);
    enterprise = created.body;
    // The QR code carries the enterprise's current code (re-issuing replaces it), not its id.
    const code = new URLSearchParams(enterprise.intakeUrl.split('?')[1]).get('enterprise')!;
    expect(enterprise.intakeUrl).toBe(`${rt.url}/#/intake/town-a?enterprise=${code}`);
    expect(
      (
        await rt.request('POST', '/api/enterprises', {
          token: towna,
          body: { name: '重复', tenantId: 'town-a', creditCode: CREDIT_CODE },
        })
      ).status,
    ).toBe(409);
    expect(
      (await rt.request('POST', '/api/enterprises', { token: towna, body: { name: '别处企业', tenantId: 'street-b' } }))
        .status,
    ).toBe(404);
    expect(
      (
        await rt.request('POST', '/api/enterprises', {
          token: await rt.login('window1'),
          body: { name: '无权', tenantId: 'city' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await rt.request('POST', '/api/enterprises', {
          token: towna,
          body: { name: '坏代码', tenantId: 'town-a', creditCode: '123' },
        })
      ).status,
    ).toBe(400);
    // One wrong character: the GB 32100 check character no longer matches, and the clerk is told so in Chinese.
    const wrongCheck = await rt.request('POST', '/api/enterprises', {
      token: towna,
      headers: ZH,
      body: { name: '校验位错误', tenantId: 'town-a', creditCode: '91320581MA1W8K3X2P' },
    });
    expect(wrongCheck).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'CREDIT_CODE_INVALID',
          message: '统一社会信用代码有误（校验位不符或含有不使用的字母），请按营业执照逐位核对',
        },
      },
    });
    const short = await rt.request('POST', '/api/enterprises', {
      token: towna,
      headers: ZH,
      body: { name: '位数不对', tenantId: 'town-a', creditCode: '91320581MA1W8K3X2' },
    });
    expect(short.body.error.message).toBe('统一社会信用代码应为18位，您填写了17位，请按营业执照核对');

    const qr = await fetch(`${rt.url}/api/enterprises/${enterprise.id}/qr.svg`, {
      headers: { authorization: `Bearer ${towna}` },
    });
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await qr.text()).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"[\s\S]*<path/);

    const form = await rt.request('GET', `/api/public/intake/town-a?enterprise=${code}`);
    expect(form.body.enterprise).toEqual({ id: enterprise.id, name: '苏州某某化工有限公司' });
    expect((await rt.request('GET', `/api/public/intake/street-b?enterprise=${code}`)).status).toBe(404); // not street-b's
    const r = await rt.request('POST', '/api/public/intake/town-a', { body: { data: APPEAL, enterprise: code } });
    const [c] = (await rt.request('GET', `/api/process-instances?businessKey=${r.body.trackingNo}`, { token: admin }))
      .body;
    expect(c.variables).toMatchObject({
      channel: '一企一码',
      enterpriseId: enterprise.id,
      enterpriseName: '苏州某某化工有限公司',
    });
    expect(
      (await rt.request('GET', '/api/enterprises', { token: towna })).body.map((e: { id: string }) => e.id),
    ).toEqual([enterprise.id]);
  });

  it('limits how often one address may use the public endpoints', async () => {
    let limited: { status: number; body: any } | undefined;
    for (let i = 0; i < 41 && !limited; i++) {
      const r = await rt.request('GET', '/api/public/intake/town-a');
      if (r.status === 429) limited = r;
    }
    expect(limited?.body.error.code).toBe('TOO_MANY_REQUESTS');
  });
});
