// Photos uploaded on the public page and never submitted go after a day, in the background (not
// only at the unit's next upload): row and file, on both databases, with the controlled clock;
// a submitted appeal's photos stay.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const APPEAL = {
  applicantName: '王五',
  phone: '13912345678',
  category: '环境污染',
  description: '化工厂夜间排放刺鼻气体',
};

describe.each(dialects)('unsubmitted public intake photos on %s', (dialect) => {
  let rt: TestRuntime;
  const dir = mkdtempSync(join(tmpdir(), 'civicflow-intake-sweep-'));
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, {
      loadExamples: true,
      publicIntake: { limitPerMinute: 200 },
      attachmentsDir: dir,
      intakeSweepPollMs: 50,
    });
    const admin = await rt.login('admin');
    await rt.request('POST', '/api/admin/clock', { token: admin, body: { now: '2026-03-02T01:00:00.000Z' } });
  });
  afterAll(async () => rt?.stop());

  const upload = async (tenant: string, name: string) => {
    const f = new FormData();
    f.append('file', new Blob([PNG]), name);
    const r = await rt.request('POST', `/api/public/intake/${tenant}/attachments`, { body: f });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.token as string;
  };
  const rows = async () =>
    (await rt.deps.db
      .knex('intake_uploads')
      .orderBy('file_name')
      .select('file_name', 'storage_key', 'used_at')) as Array<{
      file_name: string;
      storage_key: string;
      used_at: string | null;
    }>;

  it('removes the rows and files of photos never submitted within a day; a case’s photos and fresh ones stay', async () => {
    const submitted = await upload('town-a', 'a-submitted.png');
    await upload('town-a', 'b-forgotten.png');
    await upload('park', 'c-forgotten.png');
    const sent = await rt.request('POST', '/api/public/intake/town-a', {
      body: { data: { ...APPEAL, photos: [submitted] } },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const before = await rows();
    expect(before.map((r) => r.file_name)).toEqual(['a-submitted.png', 'b-forgotten.png', 'c-forgotten.png']);
    for (const r of before) expect(existsSync(join(dir, r.storage_key)), r.file_name).toBe(true);

    // Within the day nothing goes, however often the cleanup looks.
    await rt.request('POST', '/api/admin/clock', { token: await rt.login('admin'), body: { advance: 'PT23H' } });
    expect(await rt.intakeSweeper.runOnce()).toBe(0);
    const fresh = await upload('street-b', 'd-fresh.png');
    expect(fresh).toBeTruthy();

    // A day on, the background cleanup removes the two forgotten ones, with no upload to trigger it.
    await rt.request('POST', '/api/admin/clock', { token: await rt.login('admin'), body: { advance: 'PT2H' } });
    await vi.waitFor(
      async () => expect((await rows()).map((r) => r.file_name)).toEqual(['a-submitted.png', 'd-fresh.png']),
      {
        timeout: 10_000,
        interval: 50,
      },
    );
    for (const r of before)
      expect(existsSync(join(dir, r.storage_key)), r.file_name).toBe(r.file_name === 'a-submitted.png');
    const kept = (await rows()).find((r) => r.file_name === 'd-fresh.png')!;
    expect(existsSync(join(dir, kept.storage_key))).toBe(true);

    // The case's photo still opens.
    const instance = await rt.deps.db.knex('instances').where({ business_key: sent.body.trackingNo }).first();
    const token = await rt.login('towna-admin');
    const list = (await rt.request('GET', `/api/cases/${instance.id}/attachments`, { token })).body as Array<{
      id: string;
      fileName: string;
    }>;
    expect(list.map((a) => a.fileName)).toEqual(['a-submitted.png']);
    const file = await rt.request('GET', `/api/attachments/${list[0]!.id}`, { token });
    expect(file.status).toBe(200);
  });
});
