import { select, type Queryable } from '../platform/db/tx.js';

/** A `leave_proxies` row (migration 036). */
export interface LeaveProxyRow {
  id: number;
  tenant_id: string;
  username: string;
  proxy: string;
  starts_on: string;
  ends_on: string | null;
  reason: string | null;
  handover: boolean | number;
  handed_over_at: string | null;
  created_by: string;
  created_at: string;
  cancelled_at: string | null;
  cancelled_by: string | null;
}

const TTL_MS = 5_000;
const BEIJING_MS = 8 * 3_600_000;

/** The Beijing calendar day (`YYYY-MM-DD`) of an instant. */
export function beijingDay(at: string): string {
  return new Date(Date.parse(at) + BEIJING_MS).toISOString().slice(0, 10);
}

/** Whether a period covers `day` (an open end runs until cancelled). */
export function coversDay(p: Pick<LeaveProxyRow, 'starts_on' | 'ends_on' | 'cancelled_at'>, day: string): boolean {
  return p.cancelled_at === null && p.starts_on <= day && (p.ends_on === null || day <= p.ends_on);
}

/**
 * Who stands in for whom today, for the task creation path: the periods not cancelled and not over,
 * by absent user, kept for a few seconds. A change on this node forgets them at once (`forget`); one
 * made on another node (PostgreSQL, several nodes) is seen within the TTL. A task is looked up only
 * when it is assigned to a person, and then in memory: creating tasks costs no statement while
 * nobody is away, and one read every few seconds at most while someone is.
 */
export class LeaveProxyDirectory {
  private byUser = new Map<string, LeaveProxyRow[]>();
  private loadedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly ttlMs = TTL_MS) {}

  forget(): void {
    this.loadedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * The period under which `username`'s tasks go to a proxy at `at`, if any. A proxy whose account has
   * been disabled since gets nothing: the task stays with its assignee (read fresh, only when a period applies).
   */
  async activeFor(db: Queryable, username: string, at: string): Promise<LeaveProxyRow | undefined> {
    if (Date.now() - this.loadedAt > this.ttlMs) await this.load(db, beijingDay(at));
    const day = beijingDay(at);
    const period = this.byUser.get(username)?.find((p) => coversDay(p, day));
    if (!period) return undefined;
    const [proxy] = await select<{ disabled: boolean | number }>(db, 'select disabled from users where username = ?', [
      period.proxy,
    ]);
    return proxy && !proxy.disabled ? period : undefined;
  }

  private async load(db: Queryable, today: string): Promise<void> {
    const rows = await select<LeaveProxyRow>(
      db,
      'select * from leave_proxies where cancelled_at is null and (ends_on is null or ends_on >= ?)',
      [today],
    );
    const byUser = new Map<string, LeaveProxyRow[]>();
    for (const r of rows) byUser.set(r.username, [...(byUser.get(r.username) ?? []), r]);
    this.byUser = byUser;
    this.loadedAt = Date.now();
  }
}
