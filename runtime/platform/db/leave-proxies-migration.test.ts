// Migration 036 (离岗代理's `leave_proxies`) up and down, and the task creation path's lookup over it
// (`LeaveProxyDirectory`): Beijing days, one read per few seconds at most, none again until a change
// on this node forgets what it read. Both databases.
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import { migrateTo } from './migrate.js';
import { beijingDay, LeaveProxyDirectory } from '../../store/leave-proxies.js';
import { freshDatabase, testDialects } from '../../testing/databases.js';

const dialects = await testDialects();
const row = (username: string, proxy: string, starts_on: string, ends_on: string | null) => ({
  tenant_id: 'city',
  username,
  proxy,
  starts_on,
  ends_on,
  handover: true,
  created_by: username,
  created_at: '2026-12-07T02:00:00.000Z',
});

describe('Beijing days', () => {
  it('turns at 16:00 UTC', () => {
    expect(beijingDay('2026-12-07T15:59:59.000Z')).toBe('2026-12-07');
    expect(beijingDay('2026-12-07T16:00:00.000Z')).toBe('2026-12-08');
  });
});

describe.each(dialects)('migration 036 on %s', (dialect) => {
  it('adds leave_proxies and takes it away again; the directory reads it once until told of a change', async () => {
    const fresh = await freshDatabase(dialect);
    const db = openDatabase(fresh.url, fresh.schema);
    const knex = db.knex;
    try {
      await migrateTo(knex, '035_counters_count_appeals');
      expect(await knex.schema.hasTable('leave_proxies')).toBe(false);
      await migrateTo(knex, '036_leave_proxies');
      // The proxies are accounts (a disabled one gets nothing).
      const at = '2026-12-01T00:00:00.000Z';
      if (!(await knex('tenants').where({ id: 'city' }).first()))
        await knex('tenants').insert({ id: 'city', name: '市综治中心', parent_id: null, created_at: at });
      for (const username of ['rs2', 'zz1'])
        await knex('users')
          .insert({
            username,
            password_hash: '-',
            display_name: username,
            tenant_id: 'city',
            roles: '[]',
            created_at: at,
          })
          .onConflict('username')
          .ignore();
      await knex('leave_proxies').insert([
        row('rs1', 'rs2', '2026-12-08', '2026-12-12'),
        row('zj1', 'zz1', '2026-12-01', '2026-12-03'),
      ]);

      let reads = 0;
      knex.on('query', (q: { sql: string }) => {
        if (q.sql.includes('leave_proxies')) reads++;
      });
      const directory = new LeaveProxyDirectory(60_000);
      // Monday 7 December, 23:30 in Beijing: not yet.
      expect(await directory.activeFor(knex, 'rs1', '2026-12-07T15:30:00.000Z')).toBeUndefined();
      expect(reads).toBe(1);
      // Tuesday 00:30 in Beijing: away; nobody else is, and none of it is read again.
      expect(await directory.activeFor(knex, 'rs1', '2026-12-07T16:30:00.000Z')).toMatchObject({ proxy: 'rs2' });
      expect(await directory.activeFor(knex, 'zj1', '2026-12-07T16:30:00.000Z')).toBeUndefined();
      expect(await directory.activeFor(knex, 'window1', '2026-12-07T16:30:00.000Z')).toBeUndefined();
      expect(await directory.activeFor(knex, 'rs1', '2026-12-12T15:59:00.000Z')).toMatchObject({ proxy: 'rs2' });
      expect(await directory.activeFor(knex, 'rs1', '2026-12-12T16:00:00.000Z')).toBeUndefined();
      expect(reads).toBe(1);

      await knex('leave_proxies').where({ username: 'rs1' }).update({ cancelled_at: '2026-12-08T01:00:00.000Z' });
      reads = 0;
      directory.forget();
      expect(await directory.activeFor(knex, 'rs1', '2026-12-08T02:00:00.000Z')).toBeUndefined();
      expect(reads).toBe(1);

      await migrateTo(knex, '035_counters_count_appeals');
      expect(await knex.schema.hasTable('leave_proxies')).toBe(false);
    } finally {
      await db.close();
      await fresh.drop();
    }
  });
});
