import { createHash } from 'node:crypto';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** JSON with object keys sorted at every level and no `undefined`: one text per value, so one hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/** The columns of an audit row that its content hash covers. */
export interface AuditContent {
  tenant_id: string;
  at: string;
  actor: string | null;
  client: string | null;
  action: string;
  case_id: string | null;
  reason: string | null;
  /** Canonical JSON. */
  data: string;
}

/** The hash of a row's content: every column but the chain's own. */
export function contentHash(row: AuditContent): string {
  return sha256(
    `${canonicalJson([row.tenant_id, row.at, row.actor, row.client, row.action, row.case_id, row.reason])}\n${row.data}`,
  );
}

/** A chain link: the previous row's hash (empty for a chain's first row) followed by this row's content hash. */
export const chainHash = (prevHash: string, content: string): string => sha256(prevHash + content);
