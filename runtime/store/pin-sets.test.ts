import { describe, expect, it } from 'vitest';
import { Tx } from '../platform/db/tx.js';
import { testDialects } from '../testing/databases.js';
import { useMigratedDatabase } from '../testing/migrated-database.js';
import { PinSets } from './pin-sets.js';

const dialects = await testDialects();

describe.each(dialects)('pin sets on %s', (dialect) => {
  const database = useMigratedDatabase(dialect);

  const pinned = { decisions: { rule: 'd1' }, forms: { b: 'f2', a: 'f1' } };
  const rows = async () =>
    (await database().knex('pin_sets').select('id', 'pinned')) as Array<{ id: string; pinned: string }>;

  it('stores one row per distinct set under a content key, whatever the key order', async () => {
    const pins = new PinSets();
    const tx = await Tx.open(database());
    const key = pins.store(tx, pinned);
    expect(pins.store(tx, { decisions: { rule: 'd1' }, forms: { a: 'f1', b: 'f2' } })).toBe(key);
    await tx.commit();
    expect(await rows()).toEqual([
      { id: key, pinned: JSON.stringify({ decisions: { rule: 'd1' }, forms: { a: 'f1', b: 'f2' } }) },
    ]);
    expect(await new PinSets().read(database().knex, key)).toEqual({
      decisions: { rule: 'd1' },
      forms: { a: 'f1', b: 'f2' },
    });
    expect(await new PinSets().read(database().knex, JSON.stringify(pinned))).toEqual(pinned);
  });

  it('writes a set again after the transaction that first wrote it rolled back', async () => {
    const pins = new PinSets();
    const other = { decisions: {}, forms: { x: 'f9' } };
    const lost = await Tx.open(database());
    const key = pins.store(lost, other);
    await lost.rollback();
    expect((await rows()).map((r) => r.id)).not.toContain(key);
    const tx = await Tx.open(database());
    expect(pins.store(tx, other)).toBe(key);
    await tx.commit();
    expect((await rows()).map((r) => r.id)).toContain(key);
  });
});
