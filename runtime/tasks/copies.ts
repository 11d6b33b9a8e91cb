import type { Knex } from 'knex';

// The tasks feature writes `case_cc`: 抄送 adds the copies (operations.ts), and a recipient's first
// reading is recorded here.

/** Records the first reading of a copy (a later one leaves who read it first and when). */
export async function markCopyRead(db: Knex, id: number, reader: string, now: string): Promise<void> {
  await db('case_cc').where({ id }).whereNull('read_at').update({ read_at: now, read_by: reader });
}
