import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** The GB 32100 check character of 17 characters (test data only; the API checks with definitions' isUnifiedSocialCreditCode). */
const usccCheckChar = (first17: string) =>
  CHARS[(31 - ([...first17].reduce((a, c, i) => a + CHARS.indexOf(c) * WEIGHTS[i]!, 0) % 31)) % 31]!;
/** Valid unified social credit codes: 17 characters and their check character. */
const uscc = (first17: string) => `${first17}${usccCheckChar(first17)}`;
const CODE_A = uscc('91320581MA1W8K3X2');
const CODE_B = uscc('91320500MA1XYW0R1');
const APPEAL = {
  applicantName: '李四',
  phone: '13912345678',
  category: '劳动纠纷',
  description: '企业反映：用工纠纷需要调解',
};

const codeOf = (intakeUrl: string) => new URLSearchParams(intakeUrl.split('?')[1]).get('enterprise')!;

describe.each(dialects)('enterprises (一企一码) on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  let towna: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    admin = await rt.login('admin');
    towna = await rt.login('towna-admin');
  });
  afterAll(async () => rt?.stop());

  const as = (token: string, method: string, path: string, body?: unknown) =>
    rt.request(method, path, { token, ...(body !== undefined ? { body } : {}) });

  it('checks the credit code’s check character, keeps it unique per unit (not across the city), warns of a same name', async () => {
    const bad = await as(towna, 'POST', '/api/enterprises', {
      name: '坏代码企业',
      tenantId: 'town-a',
      creditCode: `${CODE_A.slice(0, 17)}${CODE_A[17] === '0' ? '1' : '0'}`,
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'CREDIT_CODE_INVALID' } } });
    const first = await as(towna, 'POST', '/api/enterprises', {
      name: '苏州甲公司',
      tenantId: 'town-a',
      creditCode: CODE_A,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ active: true, warnings: [] });
    expect(
      (await as(towna, 'POST', '/api/enterprises', { name: '另一家', tenantId: 'town-a', creditCode: CODE_A })).body
        .error.code,
    ).toBe('ENTERPRISE_EXISTS');
    // The same code at another unit is that unit's business.
    expect(
      (await as(admin, 'POST', '/api/enterprises', { name: '苏州甲公司', tenantId: 'street-b', creditCode: CODE_A }))
        .status,
    ).toBe(201);
    const twin = await as(towna, 'POST', '/api/enterprises', { name: '苏州甲公司', tenantId: 'town-a' });
    expect(twin.status).toBe(201);
    expect(twin.body.warnings).toEqual([expect.stringContaining(CODE_A)]);

    const edited = await as(towna, 'PUT', `/api/enterprises/${twin.body.id}`, {
      name: '苏州乙公司',
      creditCode: CODE_B,
      contact: '王经理',
    });
    expect(edited.body).toMatchObject({
      name: '苏州乙公司',
      creditCode: CODE_B,
      contact: '王经理',
      intakeUrl: twin.body.intakeUrl,
      warnings: [],
    });
    expect((await as(towna, 'PUT', `/api/enterprises/${twin.body.id}`, { creditCode: CODE_A })).status).toBe(409);
    expect((await as(towna, 'PUT', `/api/enterprises/${twin.body.id}`, { contact: null })).body.contact).toBeNull();
  });

  it('a re-issued code replaces the old one: the old QR is refused and says so; the new one works', async () => {
    const e = (await as(towna, 'POST', '/api/enterprises', { name: '园区丙公司', tenantId: 'town-a' })).body;
    const oldCode = codeOf(e.intakeUrl);
    expect((await rt.request('GET', `/api/public/intake/town-a?enterprise=${oldCode}`)).status).toBe(200);
    const reissued = (await as(towna, 'POST', `/api/enterprises/${e.id}/reissue`, { reason: '张贴单遗失' })).body;
    const newCode = codeOf(reissued.intakeUrl);
    expect(newCode).not.toBe(oldCode);
    expect(await rt.request('GET', `/api/public/intake/town-a?enterprise=${oldCode}`)).toMatchObject({
      status: 410,
      body: { error: { code: 'ENTERPRISE_CODE_REPLACED' } },
    });
    expect(
      (await rt.request('POST', '/api/public/intake/town-a', { body: { data: APPEAL, enterprise: oldCode } })).status,
    ).toBe(410);
    expect((await rt.request('GET', `/api/public/intake/town-a?enterprise=${newCode}`)).body.enterprise).toEqual({
      id: e.id,
      name: '园区丙公司',
    });

    // The purpose chosen on the code's page goes into the case.
    const sent = await rt.request('POST', '/api/public/intake/town-a', {
      body: { data: APPEAL, enterprise: newCode, purpose: 'mediation' },
    });
    expect(sent.status).toBe(201);
    const [c] = (await as(admin, 'GET', `/api/process-instances?businessKey=${sent.body.trackingNo}`)).body;
    expect(c.variables).toMatchObject({ channel: '一企一码', enterpriseId: e.id, purpose: '申请调解' });

    // Deactivated: the code is refused as no longer in use; activated again, it works.
    await as(towna, 'POST', `/api/enterprises/${e.id}/deactivate`, {});
    expect((await rt.request('GET', `/api/public/intake/town-a?enterprise=${newCode}`)).body.error.code).toBe(
      'ENTERPRISE_INACTIVE',
    );
    await as(towna, 'POST', `/api/enterprises/${e.id}/activate`, {});
    expect((await rt.request('GET', `/api/public/intake/town-a?enterprise=${newCode}`)).status).toBe(200);
  });

  it('imports a sheet: bad rows are reported and nothing is written; a clean sheet is written', async () => {
    const count = async () =>
      Number((await rt.deps.db.knex('enterprises').where({ tenant_id: 'park' }).count('* as n'))[0]!.n);
    const before = await count();
    const csv = (rows: string[]) => ['企业名称,统一社会信用代码,联系人,所属单位', ...rows].join('\n');
    const bad = await as(admin, 'POST', '/api/enterprises/import', {
      format: 'csv',
      tenantId: 'park',
      content: csv([
        `园区一号,${uscc('91320500MA1AAAA01')},张,`,
        '园区二号,91320500MA1AAAA02X,,',
        `园区三号,${uscc('91320500MA1AAAA01')},,`,
        '园区四号,,,no-such-unit',
      ]),
    });
    expect(bad.body).toMatchObject({ ok: false, written: false });
    expect(bad.body.rows.map((r: { row: number; problems: string[] }) => [r.row, r.problems.length])).toEqual([
      [2, 0],
      [3, 1],
      [4, 1],
      [5, 1],
    ]);
    expect(bad.body.rows[1].problems[0]).toContain('统一社会信用代码 91320500MA1AAAA02X 不正确');
    expect(bad.body.rows[2].problems[0]).toContain('与第 2 行重复');
    expect(await count()).toBe(before);

    const dry = await as(admin, 'POST', '/api/enterprises/import', {
      format: 'csv',
      tenantId: 'park',
      dryRun: true,
      content: csv([`园区一号,${uscc('91320500MA1AAAA01')},张,`, '园区二号,,,化工园区综治分中心']),
    });
    expect(dry.body).toMatchObject({ ok: true, written: false, enterprises: 2 });
    expect(await count()).toBe(before);
    const done = await as(admin, 'POST', '/api/enterprises/import', {
      format: 'csv',
      tenantId: 'park',
      content: csv([`园区一号,${uscc('91320500MA1AAAA01')},张,`, '园区二号,,,化工园区综治分中心']),
    });
    expect(done.body).toMatchObject({ ok: true, written: true, enterprises: 2 });
    expect(await count()).toBe(before + 2);
    const again = await as(admin, 'POST', '/api/enterprises/import', {
      format: 'csv',
      tenantId: 'park',
      dryRun: true,
      content: csv(['园区二号,,,']),
    });
    expect(again.body.rows[0]).toMatchObject({
      problems: [],
      warnings: [expect.stringContaining('同名企业 园区二号')],
    });

    // A park's batch: one A4 sheet per active enterprise with its QR code and the three purposes.
    const html = await as(admin, 'GET', '/api/enterprises/print?tenant=park');
    expect(html.status).toBe(200);
    expect((html.body as string).match(/class="sheet"/g)).toHaveLength(2);
    for (const text of ['园区一号', '园区二号', '反映诉求', '申请调解', '法律咨询', '<svg', '@page { size: A4'])
      expect(html.body).toContain(text);
  });

  it("another township's enterprise answers 404 to every route", async () => {
    const theirs = (await as(admin, 'POST', '/api/enterprises', { name: 'B街道企业', tenantId: 'street-b' })).body;
    for (const [method, path, body] of [
      ['PUT', `/api/enterprises/${theirs.id}`, { name: '改名' }],
      ['POST', `/api/enterprises/${theirs.id}/deactivate`, {}],
      ['POST', `/api/enterprises/${theirs.id}/reissue`, {}],
      ['GET', `/api/enterprises/${theirs.id}/qr.svg`, undefined],
      ['GET', `/api/enterprises/print?id=${theirs.id}`, undefined],
      ['GET', '/api/enterprises/print?tenant=street-b', undefined],
    ] as const) {
      expect((await as(towna, method, path, body)).status, `${method} ${path}`).toBe(404);
    }
    expect(
      (
        await as(towna, 'POST', '/api/enterprises/import', {
          format: 'csv',
          tenantId: 'street-b',
          content: '企业名称\n偷偷导入',
        })
      ).status,
    ).toBe(404);
    expect(JSON.stringify((await as(towna, 'GET', '/api/enterprises')).body)).not.toContain(theirs.id);
    expect(
      (await as(admin, 'GET', `/api/enterprises?tenant=street-b`)).body.map((e: { id: string }) => e.id),
    ).toContain(theirs.id);
    expect((await rt.deps.db.knex('enterprises').where({ id: theirs.id }).first()).name).toBe('B街道企业');
  });
});
