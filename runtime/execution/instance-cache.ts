import type { InstanceRow } from './instance-row.js';

const DEFAULT_LIMIT = 10_000;

/**
 * Instance rows as the last committed transaction of this process saw or wrote them, so the
 * next command on a case needs no read. The cache is optimistic: a row may be stale when another
 * process changed the case, which every use must allow for — a command on a cached row writes
 * with a version guard (stale: the transaction fails and runs again on a fresh read), and a
 * refusal based on a cached row is checked against a fresh read first (see UnitOfWork).
 */
export class InstanceCache {
  private readonly rows = new Map<string, InstanceRow>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  get(id: string): InstanceRow | undefined {
    const row = this.rows.get(id);
    if (row) {
      // Least recently used goes first.
      this.rows.delete(id);
      this.rows.set(id, row);
    }
    return row;
  }

  set(row: InstanceRow): void {
    this.rows.delete(row.id);
    if (row.status !== 'active') return;
    if (this.rows.size >= this.limit) this.rows.delete(this.rows.keys().next().value!);
    this.rows.set(row.id, row);
  }

  delete(id: string): void {
    this.rows.delete(id);
  }
}
