import type { Knex } from 'knex';

/**
 * 整改反馈: the answers of the unit a supervision order (督办单) was issued to, and the
 * supervisor's verdict on each — accepted (办结) or returned (要求重新整改). An answered order
 * waits for the verdict with status `answered` (beside `open` and `closed`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('supervision_replies', (t) => {
    t.string('id', 40).primary();
    t.string('order_id', 40).notNullable();
    t.string('tenant_id', 64).notNullable();
    t.string('instance_id', 40).notNullable();
    t.text('body').notNullable();
    t.text('attachment_ids').notNullable(); // JSON list of case_attachments ids
    t.string('created_by', 64).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('verdict', 12).nullable(); // accepted | returned
    t.text('verdict_note').nullable();
    t.string('decided_by', 64).nullable();
    t.string('decided_at', 32).nullable();
    t.index(['order_id', 'created_at'], 'supervision_replies_order');
  });
}

export async function down(knex: Knex): Promise<void> {
  // An order waiting for its verdict is open again: the answer goes with the table.
  await knex('supervision_orders').where({ status: 'answered' }).update({ status: 'open' });
  await knex.schema.dropTable('supervision_replies');
}
