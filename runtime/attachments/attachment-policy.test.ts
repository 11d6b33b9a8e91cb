// 附件规则 and photos with a public appeal, over HTTP on both databases: a unit's policy inherited down
// the tree and overridable within the server's bounds, enforced on staff uploads; a citizen's photos
// uploaded before submitting, claimed once by the submission, kept as the case's attachments and
// printed; a step's file field holding only the case's own attachments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const BOUNDS = { maxFileBytes: 100_000, maxPerCase: 5, maxBytesPerTenant: 1_000_000 };
const ZH = { 'accept-language': 'zh-CN' };
const APPEAL = {
  applicantName: '王五',
  phone: '13912345678',
  category: '环境污染',
  description: '化工厂夜间排放刺鼻气体',
};
const INTAKE = { ...APPEAL, channel: '窗口' };
/** The department's form with a file field (现场材料): its values are the case's attachment ids. */
const HANDLE_FORM = {
  id: 'appeal-handle',
  name: '部门办理',
  schema: {
    type: 'object',
    required: ['result', 'resolved'],
    properties: {
      result: { type: 'string', title: '办理结果', minLength: 5, maxLength: 2000 },
      resolved: { type: 'boolean', title: '是否已解决' },
      evidence: {
        type: 'array',
        title: '现场材料',
        maxItems: 5,
        items: { type: 'string', format: 'civic-attachment' },
      },
    },
  },
  uiSchema: { result: { 'ui:widget': 'textarea' }, evidence: { 'ui:widget': 'attachments' } },
};

const form = (bytes: Buffer, name: string) => {
  const f = new FormData();
  f.append('file', new Blob([bytes]), name);
  return f;
};
const bigPng = (size: number) => Buffer.concat([PNG, Buffer.alloc(size - PNG.length)]);

describe.each(dialects)('attachment policies and public photos on %s', (dialect) => {
  let rt: TestRuntime;
  const tokens: Record<string, string> = {};
  const as = async (user: string) => (tokens[user] ??= await rt.login(user));
  const get = async (user: string, path: string) => rt.request('GET', path, { token: await as(user), headers: ZH });
  const put = async (user: string, tenant: string, body: unknown) =>
    rt.request('PUT', `/api/attachment-policies/${tenant}`, { token: await as(user), body, headers: ZH });
  const upload = async (user: string, path: string, bytes: Buffer, name: string) =>
    rt.request('POST', path, { token: await as(user), body: form(bytes, name), headers: ZH });
  const publicUpload = (tenant: string, bytes: Buffer, name: string) =>
    rt.request('POST', `/api/public/intake/${tenant}/attachments`, { body: form(bytes, name), headers: ZH });
  const submit = (tenant: string, data: Record<string, unknown>) =>
    rt.request('POST', `/api/public/intake/${tenant}`, { body: { data }, headers: ZH });
  /** A town-a case referred to 人社局: rs1 holds its task. */
  const referred = async (tenant = 'town-a') => {
    const c = await rt.request('POST', '/api/process-instances', {
      token: await as('admin'),
      body: { processKey: 'appeal-loop', tenant },
    });
    const [receive] = (await get('admin', `/api/tasks?processInstanceId=${c.body.id}`)).body as Array<{ id: string }>;
    await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
      token: await as('window1'),
      body: { variables: { ...INTAKE, category: '劳动纠纷' } },
    });
    const [handle] = (await get('admin', `/api/tasks?processInstanceId=${c.body.id}`)).body as Array<{ id: string }>;
    return { caseId: c.body.id as string, handleId: handle!.id };
  };

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, {
      loadExamples: true,
      attachmentLimits: BOUNDS,
      publicIntake: { limitPerMinute: 200 },
    });
    const deployed = await rt.request('POST', '/api/deployments', {
      token: await as('admin'),
      body: { tenant: 'city', resources: [{ name: 'appeal-handle.form.json', content: JSON.stringify(HANDLE_FORM) }] },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
  });
  afterAll(async () => rt?.stop());

  it('a policy set at the city is inherited by a township, which overrides part of it; within the server bounds', async () => {
    const fresh = await get('towna-admin', '/api/attachment-policies/town-a');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual({
      tenant: 'town-a',
      effective: {
        kinds: ['photo', 'pdf', 'office'],
        maxFileBytes: 100_000,
        maxPerCase: 5,
        publicKinds: ['photo'],
        publicMaxFiles: 5,
      },
      setBy: {},
      own: {},
      bounds: BOUNDS,
    });
    expect((await put('city-admin', 'city', { kinds: ['photo', 'pdf'], maxPerCase: 4 })).status).toBe(200);
    const inherited = (await get('towna-admin', '/api/attachment-policies/town-a')).body;
    expect(inherited.effective).toMatchObject({ kinds: ['photo', 'pdf'], maxPerCase: 4, publicMaxFiles: 4 });
    expect(inherited.setBy).toEqual({ kinds: 'city', maxPerCase: 'city' });

    const own = await put('towna-admin', 'town-a', { maxFileBytes: 50_000, publicMaxFiles: 2 });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.effective).toEqual({
      kinds: ['photo', 'pdf'],
      maxFileBytes: 50_000,
      maxPerCase: 4,
      publicKinds: ['photo'],
      publicMaxFiles: 2,
    });
    expect(own.body.setBy).toEqual({
      kinds: 'city',
      maxPerCase: 'city',
      maxFileBytes: 'town-a',
      publicMaxFiles: 'town-a',
    });
    // The village below inherits the township's values, the city's where the township set none.
    expect((await get('admin', '/api/attachment-policies/town-a-east')).body.effective.maxFileBytes).toBe(50_000);

    const over = await put('towna-admin', 'town-a', { maxFileBytes: 200_000 });
    expect(over.status).toBe(422);
    expect(over.body.error).toEqual({
      code: 'ATTACHMENT_POLICY_OVER_BOUND',
      message: '单个文件大小不能超过服务器上限 98 KB，请改小后再保存',
    });
    expect((await put('towna-admin', 'town-a', { maxPerCase: 6 })).body.error.code).toBe(
      'ATTACHMENT_POLICY_OVER_BOUND',
    );
    const publicOffice = await put('towna-admin', 'town-a', { publicKinds: ['office'] });
    expect(publicOffice.status).toBe(422);
    expect(publicOffice.body.error.code).toBe('ATTACHMENT_POLICY_PUBLIC_KIND');
    // Staff may read the policy of their unit but not change it; another township's is not theirs to see.
    expect((await put('rs1', 'city', { maxPerCase: 1 })).status).toBe(403);
    expect((await put('towna-admin', 'park', { maxPerCase: 1 })).status).toBe(404);
    expect((await get('towna-admin', '/api/attachment-policies/park')).status).toBe(404);
    // The unsuccessful attempts changed nothing.
    expect((await get('towna-admin', '/api/attachment-policies/town-a')).body.own).toEqual({
      maxFileBytes: 50_000,
      publicMaxFiles: 2,
    });
  });

  it('the policy is enforced on staff uploads: kinds, size per file, files per case', async () => {
    // street-b follows the city: photos only, 2 a case.
    await put('city-admin', 'city', { kinds: ['photo'], maxPerCase: 2 });
    const { caseId, handleId } = await referred('street-b');
    const pdf = await upload('rs1', `/api/tasks/${handleId}/attachments`, PDF, '说明.pdf');
    expect(pdf.status).toBe(415);
    expect(pdf.body.error).toEqual({
      code: 'ATTACHMENT_TYPE_NOT_ALLOWED',
      message: '不支持此类文件；本单位只接受：照片',
    });
    expect((await upload('rs1', `/api/cases/${caseId}/attachments`, PNG, '1.png')).status).toBe(201);
    expect((await upload('rs1', `/api/cases/${caseId}/attachments`, PNG, '2.png')).status).toBe(201);
    const full = await upload('rs1', `/api/cases/${caseId}/attachments`, PNG, '3.png');
    expect(full.status).toBe(409);
    expect(full.body.error.message).toBe('本案附件已达上限（2 个），请先整理后再上传');
    // town-a: 50,000 bytes a file (its own), below the server's 100,000.
    const town = await referred('town-a');
    const big = await upload('rs1', `/api/cases/${town.caseId}/attachments`, bigPng(60_000), 'big.png');
    expect(big.status).toBe(413);
    expect(big.body.error.message).toBe('文件超过大小上限 49 KB，请压缩或拆分后再上传');
    // Back to inheriting everything: PDF is accepted again.
    expect((await put('city-admin', 'city', {})).body.own).toEqual({});
    expect((await upload('rs1', `/api/tasks/${handleId}/attachments`, PDF, '说明.pdf')).status).toBe(201);
  });

  it('a citizen attaches photos to a public appeal: uploaded first, claimed once by the submission, the case’s attachments', async () => {
    const page = await rt.request('GET', '/api/public/intake/town-a');
    expect(page.body.attachments).toEqual({
      kinds: ['photo'],
      accept: expect.stringContaining('image/*'),
      maxFiles: 2,
      maxFileBytes: 50_000,
    });
    expect(page.body.form.schema.properties.photos).toMatchObject({
      type: 'array',
      items: { format: 'civic-attachment' },
    });

    const a = await publicUpload('town-a', PNG, '污水.png');
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      fileName: '污水.png',
      mediaType: 'image/png',
      size: PNG.length,
    });
    const b = await publicUpload('town-a', PNG, '烟囱.png');
    // Same byte checks as staff uploads, and the public kinds: a PDF, a text file named .png are refused.
    expect((await publicUpload('town-a', PDF, '材料.pdf')).body.error).toEqual({
      code: 'ATTACHMENT_TYPE_NOT_ALLOWED',
      message: '不支持此类文件；本单位只接受：照片',
    });
    expect((await publicUpload('town-a', Buffer.from('不是图片'.repeat(30)), 'x.png')).body.error.code).toBe(
      'ATTACHMENT_TYPE_UNKNOWN',
    );
    expect((await publicUpload('town-a', bigPng(60_000), 'big.png')).status).toBe(413);

    const sent = await submit('town-a', { ...APPEAL, photos: [a.body.token, b.body.token] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const instance = await rt.deps.db.knex('instances').where({ business_key: sent.body.trackingNo }).first();
    const list = (await get('towna-admin', `/api/cases/${instance.id}/attachments`)).body as Array<
      Record<string, unknown>
    >;
    expect(list.map((x) => [x.fileName, x.stepName, x.uploadedBy, x.mediaType])).toEqual([
      ['污水.png', '群众上报（网页）', 'public', 'image/png'],
      ['烟囱.png', '群众上报（网页）', 'public', 'image/png'],
    ]);
    // The case's variable holds the attachment ids, never the tokens.
    const vars = (await get('admin', `/api/process-instances/${instance.id}`)).body.variables;
    expect(vars.photos).toEqual(list.map((x) => x.id));
    const res = await fetch(`${rt.url}/api/attachments/${list[0]!.id}`, {
      headers: { authorization: `Bearer ${await as('towna-admin')}` },
    });
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    const file = (await get('towna-admin', `/api/cases/${instance.id}`)).body;
    expect(file.timeline.map((e: { text: string }) => e.text)).toContain('上传附件「污水.png」');

    // A token is used once; another unit's token, or none that exists, is refused; nothing is started.
    const before = Number(((await rt.deps.db.knex('instances').count('* as n').first()) as { n: unknown }).n);
    const again = await submit('town-a', { ...APPEAL, photos: [a.body.token] });
    expect(again.status).toBe(400);
    expect(again.body.error).toEqual({
      code: 'INTAKE_UPLOAD_UNKNOWN',
      message: '照片上传已失效或已被使用，请重新上传后再提交',
    });
    const parkPhoto = await publicUpload('park', PNG, 'p.png');
    expect((await submit('town-a', { ...APPEAL, photos: [parkPhoto.body.token] })).body.error.code).toBe(
      'INTAKE_UPLOAD_UNKNOWN',
    );
    expect((await submit('town-a', { ...APPEAL, photos: ['x'.repeat(32)] })).status).toBe(400);
    const many = await Promise.all([1, 2, 3].map((i) => publicUpload('town-a', PNG, `${i}.png`)));
    const tooMany = await submit('town-a', { ...APPEAL, photos: many.map((m) => m.body.token) });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.message).toBe('照片最多 2 张，请删掉多余的再提交');
    expect(Number(((await rt.deps.db.knex('instances').count('* as n').first()) as { n: unknown }).n)).toBe(before);
    // A submission that fails validation gives its photos back: they may be named again.
    const bad = await submit('town-a', { ...APPEAL, phone: '123', photos: [many[0]!.body.token] });
    expect(bad.body.error.code).toBe('FORM_INVALID');
    expect((await submit('town-a', { ...APPEAL, photos: [many[0]!.body.token] })).status).toBe(201);

    // A unit that takes no public files says so at the upload.
    await put('towna-admin', 'town-a', { publicMaxFiles: 0 });
    const closed = await publicUpload('town-a', PNG, 'late.png');
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('INTAKE_UPLOADS_CLOSED');
    await put('towna-admin', 'town-a', { maxFileBytes: 50_000, publicMaxFiles: 2 });
  });

  it('the printed case record lists the attachments with step, who and when, and shows the photos', async () => {
    const photo = await publicUpload('town-a', PNG, '现场.png');
    const sent = await submit('town-a', { ...APPEAL, photos: [photo.body.token] });
    const instance = await rt.deps.db.knex('instances').where({ business_key: sent.body.trackingNo }).first();
    expect((await upload('towna-admin', `/api/cases/${instance.id}/attachments`, PDF, '情况说明.pdf')).status).toBe(
      201,
    );
    const print = await get('towna-admin', `/api/cases/${instance.id}/print`);
    expect(print.status).toBe(200);
    const html = String(print.body);
    expect(html).toContain('<h2>附件</h2>');
    expect(html).toMatch(
      /<td>1<\/td><td>现场\.png<\/td><td>照片<\/td><td>\d+ B<\/td><td>群众上报（网页）<\/td><td>群众<\/td><td>\d{4}-\d\d-\d\d \d\d:\d\d<\/td>/,
    );
    // Uploaded on the case page (no step), by the township's administrator under their name.
    expect(html).toMatch(/<td>2<\/td><td>情况说明\.pdf<\/td><td>PDF<\/td><td>\d+ B<\/td><td><\/td><td>[^<a-z]+<\/td>/);
    expect(html).toContain(`<img src="data:image/png;base64,${PNG.toString('base64')}" alt="现场.png">`);
    expect(html).not.toContain(instance.id);
  });

  it('a step’s file field holds attachments uploaded at that step of that case, shown by their names', async () => {
    const one = await referred('street-b');
    const other = await referred('street-b');
    const mine = await upload('rs1', `/api/tasks/${one.handleId}/attachments`, PNG, '整改照片.png');
    const theirs = await upload('rs1', `/api/tasks/${other.handleId}/attachments`, PNG, '别案.png');
    const form = (await get('rs1', `/api/tasks/${one.handleId}/form`)).body;
    expect(form.schema.properties.evidence).toMatchObject({ items: { format: 'civic-attachment' } });
    const wrong = await rt.request('POST', `/api/tasks/${one.handleId}/complete`, {
      token: await as('rs1'),
      headers: ZH,
      body: { variables: { result: '已督促企业整改完毕', resolved: true, evidence: [theirs.body.id] } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('ATTACHMENT_NOT_OF_CASE');
    expect(wrong.body.error.problems).toEqual([
      { path: '/evidence', keyword: 'format', message: '附件不属于本案件，请重新上传' },
    ]);
    const done = await rt.request('POST', `/api/tasks/${one.handleId}/complete`, {
      token: await as('rs1'),
      body: { variables: { result: '已督促企业整改完毕', resolved: true, evidence: [mine.body.id] } },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const file = (await get('admin', `/api/cases/${one.caseId}`)).body;
    const fields = file.data.flatMap((g: { fields: Array<{ key: string; value: unknown }> }) => g.fields);
    expect(fields.find((f: { key: string }) => f.key === 'evidence')).toEqual({
      key: 'evidence',
      label: '现场材料',
      value: ['整改照片.png'],
    });
  });
});
