// Cases started before `case_search` existed (migration 012) get their search rows when the runtime
// starts, the same rows the commands write; a second start finds nothing to do. Also migration 023
// (attachment policies, public uploads) up and down with data around it. Both databases.
import { describe, expect, it } from 'vitest';
import { migrate, migrateTo } from '../platform/db/migrate.js';
import { ADMIN_PASSWORD, restartOn, startTestRuntime, testDialects } from '../testing/databases.js';
import { backfillCaseSearch } from './search-index.js';

const dialects = await testDialects();
const APPEAL = { applicantName: '赵六', phone: '13700001111', category: '物业纠纷', description: '小区电梯长期停运' };

describe.each(dialects)('case search rows for older cases on %s', (dialect) => {
  it('cases from before case_search get their rows at start, as the commands write them; once', async () => {
    const rt = await startTestRuntime(dialect, { loadExamples: true });
    try {
      const admin = await rt.login('admin');
      for (const name of ['赵六', '钱七'])
        expect(
          (
            await rt.request('POST', '/api/public/intake/town-a', {
              body: { data: { ...APPEAL, applicantName: name } },
            })
          ).status,
        ).toBe(201);
      expect(
        (
          await rt.request('POST', '/api/process-instances', {
            token: admin,
            body: { processKey: 'appeal-loop', tenant: 'city' },
          })
        ).status,
      ).toBe(201);
      const knex = rt.deps.db.knex;
      const rowsOf = async (db = knex) =>
        (await db('case_search').orderBy('instance_id')) as Array<Record<string, unknown>>;
      const written = await rowsOf();
      expect(written.length).toBeGreaterThanOrEqual(3);
      expect(written.filter((r) => r.applicant_name === '钱七')).toEqual([
        expect.objectContaining({
          tenant_id: 'town-a',
          phone: '13700001111',
          phone_rev: '11110000731',
          started_by: 'public',
        }),
      ]);

      // The schema as it was before the case file (011), the cases kept; then up again: case_search is empty.
      await migrateTo(knex, '011_provisional_deadlines');
      expect(await knex.schema.hasTable('case_search')).toBe(false);
      await migrate(knex);
      expect(await rowsOf()).toEqual([]);
      await rt.close();

      // The next start writes every case's row, the same as the commands wrote.
      const again = await restartOn(rt.database);
      try {
        expect(await rowsOf(again.deps.db.knex)).toEqual(written);
        expect(await backfillCaseSearch(again.deps.db.knex)).toBe(0);
        // Searching finds an older case by its appellant again.
        const found = await fetch(`${again.url}/api/cases?q=${encodeURIComponent('钱七')}`, {
          headers: { authorization: `Bearer ${await loginTo(again.url)}` },
        });
        expect(
          ((await found.json()) as { items: Array<{ applicantName: string }> }).items.map((i) => i.applicantName),
        ).toEqual(['钱七']);
      } finally {
        await again.close();
      }
    } finally {
      await rt.database.drop();
    }
  });

  it('migration 023 adds the policy, public upload and reader tables and takes them away; the readers are derived again from the work kept', async () => {
    const rt = await startTestRuntime(dialect, { loadExamples: true });
    try {
      const knex = rt.deps.db.knex;
      await knex('attachment_policies').insert({
        tenant_id: 'town-a',
        policy: JSON.stringify({ maxPerCase: 3 }),
        updated_by: 'admin',
        updated_at: '2026-12-07T00:00:00.000Z',
      });
      await knex('case_attachments').insert({
        id: 'att0000000000001',
        instance_id: 'case-1',
        tenant_id: 'town-a',
        file_name: '现场.png',
        media_type: 'image/png',
        size: 68,
        sha256: 'a'.repeat(64),
        storage_key: 'town-a/att0000000000001',
        uploaded_by: 'rs1',
        created_at: '2026-12-07T00:00:00.000Z',
      });
      // Work on a case (the window's intake, a referral, a copy) for case_readers to carry through.
      const admin = await rt.login('admin');
      const c = await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: { processKey: 'appeal-loop', tenant: 'city' },
      });
      const tasks = async () =>
        (await rt.request('GET', `/api/tasks?processInstanceId=${c.body.id}`, { token: admin })).body as Array<{
          id: string;
        }>;
      const window1 = await rt.login('window1');
      const [receive] = await tasks();
      expect(
        (
          await rt.request('POST', `/api/tasks/${receive!.id}/complete`, {
            token: window1,
            body: { variables: { ...APPEAL, category: '劳动纠纷', channel: '窗口' } },
          })
        ).status,
      ).toBe(200);
      const [handle] = await tasks();
      expect(
        (
          await rt.request('POST', `/api/tasks/${handle!.id}/cc`, {
            token: await rt.login('rs1'),
            body: { groups: ['dept-sj'] },
          })
        ).status,
      ).toBeLessThan(300);
      const readers = async () =>
        ((await knex('case_readers').select()) as Array<{ reader: string; instance_id: string }>)
          .map((r) => `${r.reader}|${r.instance_id}`)
          .sort();
      const before = await readers();
      expect(before).toEqual(
        expect.arrayContaining([
          `u:window1|${c.body.id}`,
          `g:window|${c.body.id}`,
          `g:dept-rs|${c.body.id}`,
          `g:dept-sj|${c.body.id}`,
        ]),
      );

      await migrateTo(knex, '021_signals');
      expect(await knex.schema.hasTable('case_readers')).toBe(false);
      expect(await knex.schema.hasTable('attachment_policies')).toBe(false);
      expect(await knex.schema.hasTable('intake_uploads')).toBe(false);
      expect(await knex('case_attachments').pluck('id')).toEqual(['att0000000000001']);
      await migrate(knex);
      // The readers are derived again from the tasks, closed tasks, history and copies kept meanwhile.
      expect(await readers()).toEqual(before);
      expect(await knex('attachment_policies').pluck('tenant_id')).toEqual([]);
      await knex('intake_uploads').insert({
        token_hash: 'b'.repeat(64),
        id: 'att0000000000002',
        tenant_id: 'town-a',
        file_name: 'p.png',
        media_type: 'image/png',
        size: 68,
        sha256: 'c'.repeat(64),
        storage_key: 'town-a/att0000000000002',
        created_at: '2026-12-07T00:00:00.000Z',
      });
      expect(await knex('intake_uploads').pluck('id')).toEqual(['att0000000000002']);
      expect(await knex('case_attachments').pluck('id')).toEqual(['att0000000000001']);
    } finally {
      await rt.stop();
    }
  });
});

async function loginTo(url: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  return ((await r.json()) as { token: string }).token;
}
