import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

describe.each(dialects)('finding cases on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let rs1: string;
  let zj1: string;
  let labourCase: string;
  let trackingNo: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
    rs1 = await rt.login('rs1');
    zj1 = await rt.login('zj1');
    const enterprise = (
      await rt.request('POST', '/api/enterprises', {
        token: admin,
        body: { name: '宏达化工有限公司', tenantId: 'town-a' },
      })
    ).body;
    // The enterprise's QR code starts the appeal loop, whose first step has a deadline (the light).
    const qr = await rt.request('PUT', '/api/tenants/town-a/channels', {
      token: admin,
      body: { channels: { 'enterprise-qr': { processKey: 'appeal-loop', formKey: 'appeal-intake' } } },
    });
    expect(qr.status, JSON.stringify(qr.body)).toBe(200);
    const submitted = await rt.request('POST', '/api/public/intake/town-a', {
      body: {
        enterprise: enterprise.id,
        data: {
          applicantName: '王五',
          phone: '13912345678',
          category: '环境污染',
          description: '厂区夜间排放刺鼻气味',
        },
      },
    });
    expect(submitted.status).toBe(201);
    trackingNo = submitted.body.trackingNo;
    // A labour case the window registers at the city: it goes to 人社局 (rs1), never to 住建局 (zj1).
    labourCase = (
      await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: { processKey: 'appeal-loop', tenant: 'city', businessKey: 'CITY-0001' },
      })
    ).body.id;
    const window1 = await rt.login('window1');
    const receive = (await rt.request('GET', `/api/tasks?processInstanceId=${labourCase}`, { token: window1 })).body[0];
    const intake = {
      applicantName: '张三',
      phone: '13800005678',
      category: '劳动纠纷',
      description: '工地拖欠三个月工资',
    };
    expect(
      (await rt.request('POST', `/api/tasks/${receive.id}/complete`, { token: window1, body: { variables: intake } }))
        .status,
    ).toBe(200);
  });
  afterAll(async () => rt?.stop());

  const search = async (token: string, qs: string) => {
    const r = await rt.request('GET', `/api/cases?${qs}`, { token });
    expect(r.status, qs).toBe(200);
    return r.body as {
      total: number;
      items: Array<{
        id: string;
        trackingNo: string;
        title: string;
        phone: string;
        light: string | null;
        status: string;
        enterprise: string | null;
      }>;
    };
  };

  it('finds a case by its tracking number, the phone or its last digits, the appellant and the enterprise', async () => {
    for (const q of [trackingNo, trackingNo.slice(0, 10), '13912345678', '5678', '王五', '宏达化工']) {
      const found = await search(admin, `q=${encodeURIComponent(q)}`);
      expect(
        found.items.map((c) => c.trackingNo),
        q,
      ).toContain(trackingNo);
    }
    const byTail = await search(admin, 'q=5678');
    expect(byTail.items.map((c) => c.trackingNo).sort()).toEqual(['CITY-0001', trackingNo].sort());
    expect((await search(admin, 'q=9999')).items).toEqual([]);
    const [found] = (await search(admin, `q=${trackingNo}`)).items;
    expect(found).toMatchObject({
      title: '王五 · 环境污染 · A镇综治中心',
      enterprise: '宏达化工有限公司',
      status: 'active',
      light: 'green',
      phone: '13912345678',
    });
  });

  it('filters by status, category, tenant, channel and time, pages, and masks phones without pii:read', async () => {
    expect((await search(admin, 'category=劳动纠纷')).items.map((c) => c.id)).toEqual([labourCase]);
    expect((await search(admin, 'channel=一企一码')).items.map((c) => c.trackingNo)).toEqual([trackingNo]);
    expect((await search(admin, 'tenant=town-a')).items.map((c) => c.trackingNo)).toEqual([trackingNo]);
    expect((await search(admin, 'status=completed')).total).toBe(0);
    expect((await search(admin, 'light=red')).total).toBe(0);
    expect((await search(admin, 'from=2999-01-01')).total).toBe(0);
    expect((await search(admin, 'page=2')).items).toEqual([]);
    const dispatcher = await rt.login('dispatcher1');
    expect((await search(dispatcher, 'q=5678')).items.map((c) => c.phone).sort()).toEqual([
      '138****5678',
      '139****5678',
    ]);
  });

  it('shows staff only the cases they work on', async () => {
    expect((await search(rs1, '')).items.map((c) => c.id)).toEqual([labourCase]);
    expect((await search(rs1, 'q=5678')).items.map((c) => [c.id, c.phone])).toEqual([[labourCase, null]]);
    expect((await search(zj1, 'q=5678')).total).toBe(0);
    expect((await rt.request('GET', `/api/cases/${labourCase}`, { token: zj1 })).status).toBe(404);
  });
});
