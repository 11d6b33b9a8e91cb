import type { Knex } from 'knex';
import { select, Tx } from '../platform/db/tx.js';
import { canonicalJson, chainHash, contentHash, type AuditContent } from './canonical.js';

/** One audited action, as its writer describes it. */
export interface AuditEntry {
  /** The chain it joins: the tenant it concerns ("-" for none). */
  tenant: string;
  at: string;
  actor: string | null;
  client: string | null;
  action: string;
  caseId?: string | null;
  reason?: string | null;
  data: unknown;
}

export interface AuditRow extends AuditContent {
  seq: number;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

/** The chain that an action concerning no tenant joins. */
export const NO_TENANT = '-';

const clip = (text: string | null | undefined, max: number) =>
  text == null ? null : text.length > max ? text.slice(0, max) : text;

function contentOf(entry: AuditEntry): AuditContent {
  return {
    tenant_id: clip(entry.tenant, 64)!,
    at: entry.at,
    actor: clip(entry.actor, 64),
    client: clip(entry.client, 64),
    action: clip(entry.action, 200)!,
    case_id: entry.caseId ?? null,
    reason: entry.reason ?? null,
    data: canonicalJson(entry.data ?? null),
  };
}

const COLUMNS = 'tenant_id, seq, at, actor, client, action, case_id, reason, data, content_hash, prev_hash, hash';

/**
 * PostgreSQL: the chain's next link in one statement, so it rides in the command's write batch
 * (no round trip of its own). The upsert locks the tenant's head row until commit: a second
 * writer of the tenant waits and then links to this row, never to the same predecessor. A
 * chain's first row has the empty previous hash, whose link the caller computes.
 */
const PG_APPEND = `with h as (
    insert into audit_heads as a (tenant_id, seq, prev_hash, hash) values (?::text, 1, '', ?::text)
    on conflict (tenant_id) do update set seq = a.seq + 1, prev_hash = a.hash, hash = encode(sha256(convert_to(a.hash || ?::text, 'UTF8')), 'hex')
    returning seq, prev_hash, hash)
  insert into audit_log (${COLUMNS})
  select ?::text, h.seq, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, h.prev_hash, h.hash from h`;

/**
 * SQLite: the head moves and answers its new position in one statement (civic_sha256 is
 * registered on every connection, platform/db/connection.ts), then the row is written.
 */
const SQLITE_ADVANCE_HEAD = `insert into audit_heads (tenant_id, seq, prev_hash, hash) values (?, 1, '', ?)
  on conflict (tenant_id) do update set seq = audit_heads.seq + 1, prev_hash = audit_heads.hash, hash = civic_sha256(audit_heads.hash || ?)
  returning seq, prev_hash, hash`;
const SQLITE_INSERT = `insert into audit_log (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Appends one audit row inside the caller's transaction (`Tx` of the command path, or a knex
 * transaction): the action and its audit row commit or roll back together. SQLite has one
 * writer, so reading the head inside the transaction is enough there.
 */
export async function record(db: Tx | Knex, entry: AuditEntry): Promise<void> {
  const row = contentOf(entry);
  const content = contentHash(row);
  const dialect = db instanceof Tx ? db.dialect : db.client.config.client === 'pg' ? 'postgres' : 'sqlite';
  if (dialect === 'postgres') {
    const params = [
      row.tenant_id,
      chainHash('', content),
      content,
      row.tenant_id,
      row.at,
      row.actor,
      row.client,
      row.action,
      row.case_id,
      row.reason,
      row.data,
      content,
    ];
    if (db instanceof Tx) {
      db.write(PG_APPEND, params);
      db.lockOrder = row.tenant_id;
    } else await db.raw(PG_APPEND, params as Knex.RawBinding[]);
    return;
  }
  const [head] = await select<{ seq: number; prev_hash: string; hash: string }>(db, SQLITE_ADVANCE_HEAD, [
    row.tenant_id,
    chainHash('', content),
    content,
  ]);
  const params = [
    row.tenant_id,
    head!.seq,
    row.at,
    row.actor,
    row.client,
    row.action,
    row.case_id,
    row.reason,
    row.data,
    content,
    head!.prev_hash,
    head!.hash,
  ];
  if (db instanceof Tx) db.write(SQLITE_INSERT, params);
  else await db.raw(SQLITE_INSERT, params as Knex.RawBinding[]);
}

/** The first row of a chain that does not hold, and why. */
export interface BrokenLink {
  tenant: string;
  seq: number;
  problem: string;
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  rows: number;
  broken: BrokenLink[];
}

const PAGE = 2000;

/**
 * Re-computes every chain: each row's content hash from its columns, its link from the previous
 * row's hash, the sequence without gaps, and the chain's end against its head. Names the first
 * broken row of each broken chain.
 */
export async function verify(knex: Knex): Promise<VerifyResult> {
  const heads = (await knex('audit_heads').select('tenant_id', 'seq', 'hash')) as Array<{
    tenant_id: string;
    seq: number;
    hash: string;
  }>;
  const tenants = new Set([
    ...heads.map((h) => h.tenant_id),
    ...((await knex('audit_log').distinct('tenant_id')) as Array<{ tenant_id: string }>).map((r) => r.tenant_id),
  ]);
  const result: VerifyResult = { ok: true, chains: tenants.size, rows: 0, broken: [] };
  for (const tenant of [...tenants].sort()) {
    const head = heads.find((h) => h.tenant_id === tenant);
    const broken = await verifyChain(knex, tenant, head, (n) => (result.rows += n));
    if (broken) result.broken.push(broken);
  }
  result.ok = result.broken.length === 0;
  return result;
}

async function verifyChain(
  knex: Knex,
  tenant: string,
  head: { seq: number; hash: string } | undefined,
  counted: (n: number) => void,
): Promise<BrokenLink | undefined> {
  let prev = '';
  let expected = 1;
  for (;;) {
    const rows = (await knex('audit_log')
      .where({ tenant_id: tenant })
      .where('seq', '>=', expected)
      .orderBy('seq')
      .limit(PAGE)) as AuditRow[];
    counted(rows.length);
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected)
        return { tenant, seq: expected, problem: `row ${expected} is missing (the next row is ${seq})` };
      if (contentHash(r) !== r.content_hash)
        return { tenant, seq, problem: 'its content was changed after it was written (content hash differs)' };
      if (r.prev_hash !== prev)
        return { tenant, seq, problem: 'it does not follow the row before it (previous hash differs)' };
      if (chainHash(prev, r.content_hash) !== r.hash)
        return { tenant, seq, problem: 'its hash was changed (chain hash differs)' };
      prev = r.hash;
      expected++;
    }
    if (rows.length < PAGE) break;
  }
  const last = expected - 1;
  if (!head) return last > 0 ? { tenant, seq: 1, problem: 'the chain has no head row' } : undefined;
  if (Number(head.seq) !== last || head.hash !== prev)
    return {
      tenant,
      seq: last + 1,
      problem: `the chain ends at row ${last} but its head says ${head.seq}: rows were removed`,
    };
  return undefined;
}
