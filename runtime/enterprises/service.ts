import { isUnifiedSocialCreditCode } from '../../definitions/index.js';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { ApiError, notFound } from '../platform/http/errors.js';
import { newId } from '../platform/ids.js';
import type { EnterpriseRow } from './model.js';

/** A fresh QR code value: random, so a retired code cannot be guessed back from the new one. */
export const newCode = () => randomBytes(10).toString('hex');

export interface EnterpriseInput {
  name: string;
  creditCode?: string | null;
  contact?: string | null;
}

/** Why a credit code cannot be used at a tenant (bad check digit, or another enterprise has it), or null. */
export async function creditCodeProblem(
  knex: Knex,
  tenantId: string,
  creditCode: string,
  exceptId?: string,
): Promise<{ code: string; message: string } | null> {
  if (!isUnifiedSocialCreditCode(creditCode))
    return {
      code: 'CREDIT_CODE_INVALID',
      message: `${creditCode} is not a valid unified social credit code (18 characters with a matching check character); check it against the business licence`,
    };
  let q = knex('enterprises').where({ tenant_id: tenantId, credit_code: creditCode });
  if (exceptId) q = q.whereNot({ id: exceptId });
  const other = (await q.first()) as EnterpriseRow | undefined;
  return other
    ? {
        code: 'ENTERPRISE_EXISTS',
        message: `${other.name} is registered with credit code ${creditCode} already; edit that enterprise instead`,
      }
    : null;
}

/** Names of other enterprises of the tenant called the same (two registrations of one company, most likely). */
export async function sameNameWarnings(
  knex: Knex,
  tenantId: string,
  name: string,
  exceptId?: string,
): Promise<string[]> {
  let q = knex('enterprises').where({ tenant_id: tenantId, name: name.trim() });
  if (exceptId) q = q.whereNot({ id: exceptId });
  const others = (await q.select('credit_code')) as Array<{ credit_code: string | null }>;
  return others.map(
    (o) =>
      `another enterprise of this unit is called ${name.trim()}${o.credit_code ? ` (credit code ${o.credit_code})` : ''}`,
  );
}

async function requireCreditCode(
  knex: Knex,
  tenantId: string,
  creditCode: string | null | undefined,
  exceptId?: string,
): Promise<void> {
  if (!creditCode) return;
  const problem = await creditCodeProblem(knex, tenantId, creditCode, exceptId);
  if (problem) throw new ApiError(problem.code === 'ENTERPRISE_EXISTS' ? 409 : 400, problem.code, problem.message);
}

export async function createEnterprise(
  knex: Knex,
  tenantId: string,
  input: EnterpriseInput,
  now: string,
): Promise<EnterpriseRow> {
  await requireCreditCode(knex, tenantId, input.creditCode);
  const id = newId();
  // The first code is the id (as for enterprises registered before codes could be re-issued); a re-issued one is random.
  const row: EnterpriseRow = {
    id,
    tenant_id: tenantId,
    name: input.name.trim(),
    credit_code: input.creditCode ?? null,
    contact: input.contact ?? null,
    created_at: now,
    code: id,
    active: true,
    updated_at: null,
  };
  await knex('enterprises').insert(row);
  return row;
}

/** The enterprise if it belongs to the caller's subtree; otherwise 404. */
export async function visibleEnterprise(knex: Knex, subtree: ReadonlySet<string>, id: string): Promise<EnterpriseRow> {
  const row = (await knex('enterprises').where({ id }).first()) as EnterpriseRow | undefined;
  if (!row || !subtree.has(row.tenant_id)) throw notFound('enterprise', id);
  return row;
}

export async function updateEnterprise(
  knex: Knex,
  row: EnterpriseRow,
  change: EnterpriseInput | Partial<EnterpriseInput>,
  now: string,
): Promise<EnterpriseRow> {
  if (change.creditCode) await requireCreditCode(knex, row.tenant_id, change.creditCode, row.id);
  const patch = {
    ...(change.name !== undefined ? { name: change.name.trim() } : {}),
    ...(change.creditCode !== undefined ? { credit_code: change.creditCode } : {}),
    ...(change.contact !== undefined ? { contact: change.contact } : {}),
    updated_at: now,
  };
  await knex('enterprises').where({ id: row.id }).update(patch);
  return { ...row, ...patch };
}

export async function setActive(knex: Knex, row: EnterpriseRow, active: boolean, now: string): Promise<EnterpriseRow> {
  await knex('enterprises').where({ id: row.id }).update({ active, updated_at: now });
  return { ...row, active, updated_at: now };
}

/** A new code for the QR; the old one is retired (the public page then says it was replaced). */
export async function reissueCode(knex: Knex, row: EnterpriseRow, actor: string, now: string): Promise<EnterpriseRow> {
  const code = newCode();
  await knex.transaction(async (trx) => {
    await trx('enterprise_retired_codes').insert({
      code: row.code,
      enterprise_id: row.id,
      tenant_id: row.tenant_id,
      retired_at: now,
      retired_by: actor,
    });
    await trx('enterprises').where({ id: row.id, code: row.code }).update({ code, updated_at: now });
  });
  return { ...row, code, updated_at: now };
}

/**
 * The enterprise a public QR code names at a tenant. A replaced code and a deactivated enterprise
 * answer 410 with their own codes, so the page can say which it is; an unknown code is a 404.
 */
export async function enterpriseByCode(
  knex: Knex,
  tenantId: string,
  code: string,
): Promise<{ id: string; name: string }> {
  const row = (await knex('enterprises').where({ code, tenant_id: tenantId }).first()) as EnterpriseRow | undefined;
  if (row) {
    if (!row.active)
      throw new ApiError(
        410,
        'ENTERPRISE_INACTIVE',
        'this enterprise code is no longer in use; ask the centre for help or submit the appeal without it',
      );
    return { id: row.id, name: row.name };
  }
  const retired = await knex('enterprise_retired_codes').where({ code, tenant_id: tenantId }).first();
  if (retired)
    throw new ApiError(
      410,
      'ENTERPRISE_CODE_REPLACED',
      "this QR code was replaced by a new one; scan the enterprise's current code",
    );
  throw notFound('enterprise', code);
}
