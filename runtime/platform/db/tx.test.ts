import { describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/databases.js';
import { useMigratedDatabase } from '../../testing/migrated-database.js';
import { knexOf, StaleWrite, Tx, txCounters } from './tx.js';

const dialects = await testDialects();

const INSERT = 'insert into tenants (id, name, parent_id, created_at) values (?, ?, ?, ?)';
const RENAME = 'update tenants set name = ? where id = ? and name = ?';
const AT = '2026-11-25T00:00:00.000Z';

describe.each(dialects)('Tx on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  const names = async (prefix: string) =>
    (await database().knex('tenants').where('id', 'like', `${prefix}%`).orderBy('id').select('id', 'name')) as Array<{
      id: string;
      name: string;
    }>;

  async function inTx(work: (tx: Tx) => Promise<void> | void): Promise<void> {
    const tx = await Tx.open(database());
    try {
      await work(tx);
      await tx.commit();
    } catch (err) {
      await tx.rollback();
      throw err;
    }
  }

  it('commits a command’s writes together, the same statement several times included', async () => {
    await inTx((tx) => {
      for (const id of ['a1', 'a2', 'a3']) tx.write(INSERT, [id, `名称 ${id} 'quoted' \\ back`, null, AT]);
    });
    expect(await names('a')).toEqual(['a1', 'a2', 'a3'].map((id) => ({ id, name: `名称 ${id} 'quoted' \\ back` })));
  });

  it('writes nothing when one write of the batch fails, and the connection stays usable', async () => {
    await inTx((tx) => tx.write(INSERT, ['b-existing', 'x', null, AT]));
    for (let round = 0; round < 12; round++) {
      // A statement this process has not prepared yet on this connection, then a duplicate key.
      await expect(
        inTx((tx) => {
          tx.write(`${INSERT} -- round ${round}`, [`b${round}`, 'x', null, AT]);
          tx.write(INSERT, ['b-existing', 'duplicate', null, AT]);
        }),
      ).rejects.toThrow();
    }
    expect(await names('b')).toEqual([{ id: 'b-existing', name: 'x' }]);
    await inTx((tx) => tx.write(`${INSERT} -- round 3`, ['b3', 'after', null, AT]));
    expect(await names('b')).toEqual([
      { id: 'b-existing', name: 'x' },
      { id: 'b3', name: 'after' },
    ]);
  });

  it('fails a guarded write that touched another number of rows with a retryable 40001, writing nothing', async () => {
    await inTx((tx) => tx.write(INSERT, ['g1', 'old', null, AT]));
    const failure = await inTx((tx) => {
      tx.write(INSERT, ['c1', 'new', null, AT]);
      tx.write(RENAME, ['renamed', 'g1', 'not its name'], { rows: 1, what: 'tenant g1 changed' });
    }).catch((err: unknown) => err);
    expect((failure as { code?: string }).code).toBe('40001');
    if (dialect === 'sqlite') expect(failure).toBeInstanceOf(StaleWrite);
    expect(String((failure as Error).message)).toMatch(/tenant g1 changed/);
    expect(await names('c')).toEqual([]);
    await inTx((tx) => tx.write(RENAME, ['renamed', 'g1', 'old'], { rows: 1, what: 'tenant g1 changed' }));
    expect(await names('g')).toEqual([{ id: 'g1', name: 'renamed' }]);
  });

  it('reads its own writes, through raw reads and through the bound query builder', async () => {
    await inTx(async (tx) => {
      tx.write(INSERT, ['d1', 'one', null, AT]);
      expect(await tx.all<{ name: string }>('select name from tenants where id = ?', ['d1'])).toEqual([
        { name: 'one' },
      ]);
      tx.write(INSERT, ['d2', 'two', 'd1', AT]);
      const knex = await knexOf(tx);
      expect(await knex('tenants').where({ parent_id: 'd1' }).select('id')).toEqual([{ id: 'd2' }]);
      await knex('tenants').insert({ id: 'd3', name: 'three', parent_id: null, created_at: AT });
      tx.write(INSERT, ['d4', 'four', null, AT]);
    });
    expect((await names('d')).map((r) => r.id)).toEqual(['d1', 'd2', 'd3', 'd4']);
  });

  it('rolls back everything on rollback, whatever was already sent', async () => {
    const tx = await Tx.open(database());
    tx.write(INSERT, ['e1', 'one', null, AT]);
    await tx.all('select 1 as one');
    tx.write(INSERT, ['e2', 'two', null, AT]);
    await tx.rollback();
    expect(await names('e')).toEqual([]);
  });

  it('sends a read-then-write command in two round trips on PostgreSQL', async () => {
    const before = { ...txCounters };
    await inTx(async (tx) => {
      await tx.first('select id from tenants where id = ?', ['f1']);
      tx.write(INSERT, ['f1', 'one', null, AT]);
      tx.write(RENAME, ['uno', 'f1', 'one']);
      tx.write(RENAME, ['eins', 'f1', 'uno'], { rows: 1, what: 'f1' });
    });
    expect(txCounters.statements - before.statements).toBe(4);
    if (dialect === 'postgres') expect(txCounters.roundTrips - before.roundTrips).toBe(2);
    expect(await names('f')).toEqual([{ id: 'f1', name: 'eins' }]);
  });

  it('runs after-commit work only when the transaction committed', async () => {
    const ran: string[] = [];
    await expect(
      inTx((tx) => {
        tx.afterCommit(() => ran.push('rolled back'));
        tx.write(INSERT, ['h1', 'one', null, AT]);
        tx.write(INSERT, ['h1', 'again', null, AT]);
      }),
    ).rejects.toThrow();
    await inTx((tx) => {
      tx.afterCommit(() => ran.push('committed'));
      tx.write(INSERT, ['h2', 'two', null, AT]);
    });
    expect(ran).toEqual(['committed']);
  });

  it('writes parts together: all of them, or none when the guarded one is stale', async () => {
    await inTx((tx) =>
      tx.writeTogether([
        { sql: INSERT, params: ['k1', 'one', null, AT] },
        { sql: INSERT, params: ['k2', 'two', 'k1', AT] },
      ]),
    );
    expect((await names('k')).map((r) => r.id)).toEqual(['k1', 'k2']);
    const stale = await inTx((tx) =>
      tx.writeTogether([
        { sql: INSERT, params: ['k3', 'three', null, AT] },
        { sql: RENAME, params: ['renamed', 'k1', 'not its name'], expect: { rows: 1, what: 'k1 changed' } },
      ]),
    ).catch((err: unknown) => err);
    expect((stale as { code?: string }).code).toBe('40001');
    await inTx((tx) =>
      tx.writeTogether([
        { sql: RENAME, params: ['uno', 'k1', 'one'], expect: { rows: 1, what: 'k1 changed' } },
        { sql: INSERT, params: ['k4', 'four', null, AT] },
      ]),
    );
    expect(await names('k')).toEqual([
      { id: 'k1', name: 'uno' },
      { id: 'k2', name: 'two' },
      { id: 'k4', name: 'four' },
    ]);
  });
});
