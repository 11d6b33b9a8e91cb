import type { Knex } from 'knex';
import { select, type Queryable } from '../platform/db/tx.js';
import { ApiError } from '../platform/http/errors.js';

export interface TenantRow {
  id: string;
  name: string;
  parent_id: string | null;
}

const TTL_MS = 5_000;

/**
 * The tenant tree (city → township/street → village/community), cached briefly: definitions
 * resolve up the chain and access reaches down the subtree.
 *
 * Callers inside a transaction pass it as `db`: a refresh must read through the transaction,
 * because SQLite has one connection and a read beside the open transaction would wait for it
 * forever (until the pool's acquire timeout).
 */
export class TenantDirectory {
  private byId = new Map<string, TenantRow>();
  private loadedAt = 0;

  constructor(
    private readonly knex: Knex,
    private readonly ttlMs = TTL_MS,
  ) {}

  async refresh(db: Queryable = this.knex): Promise<void> {
    const rows = await select<TenantRow>(db, 'select id, name, parent_id from tenants');
    this.byId = new Map(rows.map((r) => [r.id, r]));
    this.loadedAt = Date.now();
  }

  private async ensure(id?: string, db?: Queryable): Promise<void> {
    if (Date.now() - this.loadedAt > this.ttlMs || (id !== undefined && !this.byId.has(id))) await this.refresh(db);
  }

  async get(id: string, db?: Queryable): Promise<TenantRow | undefined> {
    await this.ensure(id, db);
    return this.byId.get(id);
  }

  async require(id: string, db?: Queryable): Promise<TenantRow> {
    const t = await this.get(id, db);
    if (!t) throw new ApiError(404, 'TENANT_NOT_FOUND', `tenant "${id}" does not exist`);
    return t;
  }

  /** The tenant and its ancestors, nearest first. */
  async chain(id: string, db?: Queryable): Promise<string[]> {
    await this.require(id, db);
    const out: string[] = [];
    let cur: TenantRow | undefined = this.byId.get(id);
    while (cur && out.length < 64) {
      out.push(cur.id);
      cur = cur.parent_id ? this.byId.get(cur.parent_id) : undefined;
    }
    return out;
  }

  /** The tenant and all its descendants. */
  async subtree(id: string, db?: Queryable): Promise<Set<string>> {
    await this.require(id, db);
    const children = new Map<string, string[]>();
    for (const t of this.byId.values()) {
      if (t.parent_id) children.set(t.parent_id, [...(children.get(t.parent_id) ?? []), t.id]);
    }
    const out = new Set<string>([id]);
    const stack = [id];
    while (stack.length > 0)
      for (const c of children.get(stack.pop()!) ?? []) if (!out.has(c)) out.add(c), stack.push(c);
    return out;
  }

  async all(db?: Queryable): Promise<TenantRow[]> {
    await this.ensure(undefined, db);
    return [...this.byId.values()];
  }
}
