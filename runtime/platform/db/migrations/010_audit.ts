import type { Knex } from 'knex';

/**
 * The audit trail (全程留痕): one append-only row per command or administrative action, chained
 * per tenant by hashes (see runtime/audit). `audit_heads` holds each chain's last position: a
 * writer locks its tenant's head row, so two commits of one tenant never fork the chain, and
 * verification notices a chain cut short at its end.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.string('tenant_id', 64).notNullable(); // the chain: a tenant, or "-" for what belongs to none (an unknown user's sign-in)
    t.integer('seq').notNullable();
    t.string('at', 32).notNullable();
    t.string('actor', 64).nullable();
    t.string('client', 64).nullable();
    t.string('action', 200).notNullable();
    t.string('case_id', 40).nullable();
    t.text('reason').nullable();
    t.text('data').notNullable();
    t.string('content_hash', 64).notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.primary(['tenant_id', 'seq']);
    t.index(['case_id'], 'audit_log_case');
  });
  await knex.schema.createTable('audit_heads', (t) => {
    t.string('tenant_id', 64).primary();
    t.integer('seq').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      create function civic_audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only: rows cannot be changed or removed' using errcode = 'insufficient_privilege';
      end $$;
      create trigger audit_log_append_only before update or delete on audit_log for each row execute function civic_audit_append_only();
      create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function civic_audit_append_only();`);
  } else {
    await knex.raw(
      `create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`,
    );
    await knex.raw(
      `create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_heads');
  await knex.schema.dropTable('audit_log');
  if (knex.client.config.client === 'pg') await knex.raw('drop function if exists civic_audit_append_only()');
}
