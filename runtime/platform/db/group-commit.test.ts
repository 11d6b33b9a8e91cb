import { describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/databases.js';
import { useMigratedDatabase } from '../../testing/migrated-database.js';
import { Tx, txCounters } from './tx.js';

// Group commit is PostgreSQL's (SQLite has one connection: its commands never overlap).
const onPostgres = (await testDialects()).includes('postgres') ? describe : describe.skip;

const INSERT = 'insert into tenants (id, name, parent_id, created_at) values (?, ?, ?, ?)';
const RENAME = 'update tenants set name = ? where id = ? and name = ?';
const AT = '2026-11-25T00:00:00.000Z';

onPostgres('commits of concurrent commands on PostgreSQL (group commit)', () => {
  const database = useMigratedDatabase('postgres');
  const ids = async (prefix: string) =>
    (
      (await database().knex('tenants').where('id', 'like', `${prefix}%`).orderBy('id').select('id')) as Array<{
        id: string;
      }>
    ).map((r) => r.id);

  /** Opens `n` transactions, lets `work` queue each one's writes, then commits them all at once. */
  async function commitTogether(n: number, work: (tx: Tx, i: number) => void): Promise<PromiseSettledResult<void>[]> {
    const txs: Tx[] = [];
    for (let i = 0; i < n; i++) txs.push(await Tx.open(database()));
    txs.forEach(work);
    return Promise.allSettled(txs.map((tx) => tx.commit()));
  }

  it('commits every one of many concurrent commands, in fewer messages than commands', async () => {
    const trips = txCounters.roundTrips;
    const results = await commitTogether(8, (tx, i) => {
      tx.write(INSERT, [`many-${i}`, `第${i}个`, null, AT]);
      tx.write(INSERT, [`many-${i}-b`, `第${i}个之二`, null, AT]);
    });
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('fulfilled'));
    expect(await ids('many-')).toHaveLength(16);
    expect(txCounters.roundTrips - trips).toBeLessThan(8);
  });

  it('one stale command in a group fails alone with 40001; the others commit', async () => {
    await database().knex('tenants').insert({ id: 'stale-target', name: 'current', parent_id: null, created_at: AT });
    const results = await commitTogether(6, (tx, i) => {
      tx.write(INSERT, [`stale-${i}`, 'x', null, AT]);
      // The last one read an old name: its guarded write touches no row.
      if (i === 5)
        tx.write(RENAME, ['renamed', 'stale-target', 'old name'], { rows: 1, what: 'tenant stale-target changed' });
    });
    expect(results.slice(0, 5).map((r) => r.status)).toEqual(Array(5).fill('fulfilled'));
    expect(results[5]).toMatchObject({ status: 'rejected', reason: { code: '40001' } });
    expect(await ids('stale-')).toEqual(['stale-0', 'stale-1', 'stale-2', 'stale-3', 'stale-4', 'stale-target']);
    expect(await database().knex('tenants').where({ id: 'stale-target' }).first()).toMatchObject({ name: 'current' });
  });

  it('a command that breaks a constraint fails alone with its own error; the others commit', async () => {
    const results = await commitTogether(6, (tx, i) =>
      tx.write(INSERT, [i === 4 ? 'dup-0' : `dup-${i}`, 'x', null, AT]),
    );
    const rejected = results.flatMap((r, i) =>
      r.status === 'rejected' ? [{ i, reason: r.reason as { code?: string; message: string } }] : [],
    );
    // Which of the two dup-0 writers wins is a race; exactly one of them loses, with a unique violation.
    expect(rejected).toHaveLength(1);
    expect([0, 4]).toContain(rejected[0]!.i);
    expect(rejected[0]!.reason.code).toBe('23505');
    expect(await ids('dup-')).toEqual(['dup-0', 'dup-1', 'dup-2', 'dup-3', 'dup-5']);
  });

  it('after a failed group every connection still works, prepared statements included', async () => {
    await commitTogether(6, (tx, i) =>
      tx.write(`${INSERT} -- fresh statement`, [i === 5 ? 'after-0' : `after-${i}`, 'x', null, AT]),
    );
    const results = await commitTogether(6, (tx, i) =>
      tx.write(`${INSERT} -- fresh statement`, [`after-again-${i}`, 'y', null, AT]),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
    expect(await ids('after-again-')).toHaveLength(6);
  });
});
