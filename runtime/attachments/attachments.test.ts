// 附件 over HTTP on both databases: the type is the bytes' (a text file named .png is refused), the
// bounds per file, case and tenant, the case's visibility for downloads, the timeline.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A minimal PDF. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const MAX_FILE = 100_000;
const ZH = { 'accept-language': 'zh-CN' };
const INTAKE = {
  applicantName: '张三',
  phone: '13800138000',
  description: '小区电梯长期故障',
  channel: '窗口',
  category: '劳动纠纷',
};

const form = (bytes: Buffer, name: string) => {
  const f = new FormData();
  f.append('file', new Blob([bytes]), name);
  return f;
};
/** The PNG padded to `size` bytes: still a PNG by its magic bytes. */
const bigPng = (size: number) => Buffer.concat([PNG, Buffer.alloc(size - PNG.length)]);

describe.each(dialects)('attachments on %s', (dialect) => {
  let rt: TestRuntime;
  const attachmentsDir = mkdtempSync(join(tmpdir(), 'civicflow-attachments-'));
  const tokens: Record<string, string> = {};
  const as = async (user: string) => (tokens[user] ??= await rt.login(user));
  const upload = async (user: string, path: string, bytes: Buffer, name: string) =>
    rt.request('POST', path, { token: await as(user), body: form(bytes, name), headers: ZH });
  const get = async (user: string, path: string) => rt.request('GET', path, { token: await as(user), headers: ZH });
  const download = async (user: string, id: string) =>
    fetch(`${rt.url}/api/attachments/${id}`, { headers: { authorization: `Bearer ${await as(user)}` } });
  /** A case of `tenant` the window received and referred to 人社局: rs1 holds its task. */
  const referred = async (tenant = 'town-a') => {
    const c = await rt.request('POST', '/api/process-instances', {
      token: await as('admin'),
      body: { processKey: 'appeal-loop', tenant },
    });
    const [receive] = (await get('admin', `/api/tasks?processInstanceId=${c.body.id}`)).body as Array<{ id: string }>;
    expect(
      (
        await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
          token: await as('window1'),
          body: { variables: INTAKE },
        })
      ).status,
    ).toBe(200);
    const [handle] = (await get('admin', `/api/tasks?processInstanceId=${c.body.id}`)).body as Array<{
      id: string;
      elementId: string;
    }>;
    return { caseId: c.body.id as string, receiveId: receive!.id, handle: handle! };
  };
  const incoming = () => readdirSync(join(attachmentsDir, '.incoming'));

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, {
      loadExamples: true,
      attachmentsDir,
      attachmentLimits: { maxFileBytes: MAX_FILE, maxPerCase: 3, maxBytesPerTenant: 200_000 },
    });
  });
  afterAll(async () => rt?.stop());

  it('a handler attaches a real photo at the step: listed with its step and uploader, downloadable as the same bytes, in the timeline', async () => {
    const { caseId, handle } = await referred();
    const r = await upload('rs1', `/api/tasks/${handle.id}/attachments`, PNG, '现场照片.png');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual({
      id: expect.any(String),
      taskId: handle.id,
      stepName: '人社局办理',
      fileName: '现场照片.png',
      mediaType: 'image/png',
      size: PNG.length,
      uploadedBy: 'rs1',
      uploadedByName: '人社局 张敏',
      createdAt: expect.any(String),
    });
    const list = (await get('rs1', `/api/cases/${caseId}/attachments`)).body;
    expect(list).toEqual([r.body]);

    const res = await download('rs1', r.body.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment;.*filename\*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87\.png/,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

    const file = (await get('rs1', `/api/cases/${caseId}`)).body;
    expect(file.timeline.map((e: { text: string }) => e.text)).toContain('在「人社局办理」上传附件「现场照片.png」');
    // The window that registered the case may see it too (and a PDF on the case itself).
    const pdf = await upload('window1', `/api/cases/${caseId}/attachments`, PDF, '情况说明.PDF');
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(201);
    expect(pdf.body).toMatchObject({ taskId: null, stepName: null, mediaType: 'application/pdf' });
  });

  it('refuses by the bytes: a text file named .png, a PNG named .pdf, an HTML page; nothing is kept', async () => {
    const { caseId, handle } = await referred();
    const text = await upload(
      'rs1',
      `/api/tasks/${handle.id}/attachments`,
      Buffer.from('这不是图片，只是一段文字。'.repeat(20)),
      '照片.png',
    );
    expect(text.status).toBe(415);
    expect(text.body.error).toEqual({
      code: 'ATTACHMENT_TYPE_UNKNOWN',
      message: '无法识别文件类型；本单位只接受：照片、PDF、Office 文档',
    });
    const renamed = await upload('rs1', `/api/tasks/${handle.id}/attachments`, PNG, '合同.pdf');
    expect(renamed.status).toBe(415);
    expect(renamed.body.error.code).toBe('ATTACHMENT_TYPE_MISMATCH');
    const html = await upload(
      'rs1',
      `/api/tasks/${handle.id}/attachments`,
      Buffer.from('<!doctype html><html><script>alert(1)</script></html>'),
      'page.html',
    );
    expect(html.status).toBe(415);
    const zip = await upload(
      'rs1',
      `/api/tasks/${handle.id}/attachments`,
      Buffer.from('504b0304140000000000', 'hex'),
      'a.zip',
    );
    expect(zip.status).toBe(415);
    expect((await get('rs1', `/api/cases/${caseId}/attachments`)).body).toEqual([]);
    expect(incoming()).toEqual([]);
  });

  it('bounds: a file over the size limit (413), a case over its count (409), a tenant over its storage (409)', async () => {
    const { caseId, handle } = await referred();
    const big = await upload('rs1', `/api/tasks/${handle.id}/attachments`, bigPng(MAX_FILE + 1), 'big.png');
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({
      code: 'ATTACHMENT_TOO_LARGE',
      message: '文件超过大小上限 98 KB，请压缩或拆分后再上传',
    });
    const huge = await upload('rs1', `/api/tasks/${handle.id}/attachments`, bigPng(MAX_FILE * 3), 'huge.png');
    expect(huge.status).toBe(413);
    expect(incoming()).toEqual([]);
    for (let i = 1; i <= 3; i++)
      expect((await upload('rs1', `/api/tasks/${handle.id}/attachments`, PNG, `${i}.png`)).status).toBe(201);
    const full = await upload('rs1', `/api/tasks/${handle.id}/attachments`, PNG, '4.png');
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({
      code: 'ATTACHMENT_CASE_FULL',
      message: '本案附件已达上限（3 个），请先整理后再上传',
    });
    expect((await get('rs1', `/api/cases/${caseId}/attachments`)).body).toHaveLength(3);

    // park's storage: 200,000 bytes; two files of 90,000 fit, a third does not.
    const park = [await referred('park'), await referred('park'), await referred('park')];
    expect((await upload('rs1', `/api/tasks/${park[0]!.handle.id}/attachments`, bigPng(90_000), 'a.png')).status).toBe(
      201,
    );
    expect((await upload('rs1', `/api/tasks/${park[1]!.handle.id}/attachments`, bigPng(90_000), 'b.png')).status).toBe(
      201,
    );
    const over = await upload('rs1', `/api/tasks/${park[2]!.handle.id}/attachments`, bigPng(90_000), 'c.png');
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('ATTACHMENT_TENANT_FULL');
  });

  it('isolation: another township or an uninvolved department gets 404 for the list, the download and an upload', async () => {
    const { caseId } = await referred('street-b');
    const mine = await upload('rs1', `/api/cases/${caseId}/attachments`, PNG, 'x.png');
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    for (const user of ['towna-admin', 'zz1', 'park1']) {
      expect((await get(user, `/api/cases/${caseId}/attachments`)).status).toBe(404);
      expect((await download(user, mine.body.id)).status).toBe(404);
      expect((await upload(user, `/api/cases/${caseId}/attachments`, PNG, 'y.png')).status).toBe(404);
    }
    expect((await download('admin', 'no-such-attachment')).status).toBe(404);
    expect((await get('city-admin', `/api/cases/${caseId}/attachments`)).body).toHaveLength(1);
  });

  it('a closed case takes no more files; a body that is not multipart is 415; a missing field 400', async () => {
    const { caseId, handle } = await referred();
    const json = await rt.request('POST', `/api/tasks/${handle.id}/attachments`, {
      token: await as('rs1'),
      body: { file: 'x' },
    });
    expect(json.status).toBe(415);
    const empty = new FormData();
    empty.append('note', 'no file');
    expect(
      (await rt.request('POST', `/api/tasks/${handle.id}/attachments`, { token: await as('rs1'), body: empty })).body
        .error.code,
    ).toBe('ATTACHMENT_REQUIRED');
    expect(
      (
        await rt.request('POST', `/api/process-instances/${caseId}/cancel`, {
          token: await as('admin'),
          body: { reason: '重复登记' },
        })
      ).status,
    ).toBe(200);
    const closed = await upload('admin', `/api/cases/${caseId}/attachments`, PNG, 'late.png');
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('ATTACHMENT_CASE_CLOSED');
  });

  it('a file missing from storage is reported (410), not a 500', async () => {
    const { caseId } = await referred();
    const r = await upload('admin', `/api/cases/${caseId}/attachments`, PNG, 'gone.png');
    const { rm } = await import('node:fs/promises');
    const row = await rt.deps.db.knex('case_attachments').where({ id: r.body.id }).first();
    await rm(join(attachmentsDir, row.storage_key));
    const res = await download('admin', r.body.id);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ATTACHMENT_FILE_MISSING');
  });

  it('抄送 is read-only: a CC recipient reads the case and its files but may not upload (403 ATTACHMENT_READ_ONLY); the handler may', async () => {
    const { caseId, handle } = await referred();
    expect((await upload('rs1', `/api/cases/${caseId}/attachments`, PNG, '现场.png')).status).toBe(201);
    const cc = await rt.request('POST', `/api/tasks/${handle.id}/cc`, {
      token: await as('rs1'),
      body: { users: ['zj1'], note: '请知悉' },
    });
    expect(cc.status, JSON.stringify(cc.body)).toBe(200);
    const file = await get('zj1', `/api/cases/${caseId}`);
    expect(file.status).toBe(200);
    expect(file.body.canAttach).toBe(false);
    expect((await get('rs1', `/api/cases/${caseId}`)).body.canAttach).toBe(true);
    expect(((await get('zj1', `/api/cases/${caseId}/attachments`)).body as unknown[]).length).toBe(1);
    const refused = await upload('zj1', `/api/cases/${caseId}/attachments`, PNG, '补充.png');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ATTACHMENT_READ_ONLY');
    expect(refused.body.error.message).toContain('抄送');
    // Nor at the step: the copy gives no task.
    expect((await upload('zj1', `/api/tasks/${handle.id}/attachments`, PNG, '补充.png')).status).toBe(404);
    expect(((await get('rs1', `/api/cases/${caseId}/attachments`)).body as unknown[]).length).toBe(1);
  });
});
