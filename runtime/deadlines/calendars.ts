import type { Knex } from 'knex';
import { knexOf, type Queryable } from '../platform/db/tx.js';
import {
  createBusinessCalendar,
  type BusinessCalendar,
  type DayOverride,
  type YearSchedule,
} from '../../engine/index.js';
import type { TenantDirectory } from '../store/tenants.js';

/** An override as stored, with the tenant that set it (a township inherits its parents'). */
export interface StoredOverride {
  date: string;
  kind: 'workday' | 'holiday';
  name: string | null;
  tenant: string;
}

export interface StoredYear extends YearSchedule {
  tenant: string;
}

/** A tenant's business calendar: official data, then its ancestors' days, then its own. */
export interface TenantCalendar {
  tenant: string;
  calendar: BusinessCalendar;
  overrides: Map<string, StoredOverride>;
  years: StoredYear[];
}

const TTL_MS = 5_000;

/**
 * Per-tenant calendars built from `calendar_overrides` and `calendar_years`, walking the
 * tenant chain from the root down (the nearest tenant wins for a date or a year). Built
 * calendars are cached briefly; a write on this node clears the cache at once, other nodes
 * see it within the TTL. Reads take the caller's transaction (SQLite has one connection).
 */
export class CalendarStore {
  private cache = new Map<string, { at: number; value: TenantCalendar }>();

  constructor(
    private readonly tenants: TenantDirectory,
    private readonly ttlMs = TTL_MS,
  ) {}

  invalidate(): void {
    this.cache.clear();
  }

  /**
   * The tenant's calendar. `fresh` reads through `db` and leaves the cache alone: a writer inside
   * its transaction must not see (or cache) what a concurrent reader cached from before its write.
   */
  async forTenant(target: Queryable, tenant: string, options: { fresh?: boolean } = {}): Promise<TenantCalendar> {
    const hit = options.fresh ? undefined : this.cache.get(tenant);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const db = await knexOf(target);
    const chain = await this.tenants.chain(tenant, db);
    const [overrideRows, yearRows] = await Promise.all([
      db('calendar_overrides').whereIn('tenant_id', chain).select('tenant_id', 'date', 'kind', 'name'),
      db('calendar_years')
        .whereIn('tenant_id', chain)
        .select('tenant_id', 'year', 'holidays', 'makeup_workdays', 'source'),
    ]);
    // Root first, so that nearer tenants overwrite.
    const depth = (t: string) => chain.length - chain.indexOf(t);
    const overrides = new Map<string, StoredOverride>();
    for (const r of [...overrideRows].sort((a, b) => depth(b.tenant_id) - depth(a.tenant_id))) {
      overrides.set(r.date, { date: r.date, kind: r.kind, name: r.name ?? null, tenant: r.tenant_id });
    }
    const byYear = new Map<number, StoredYear>();
    for (const r of [...yearRows].sort((a, b) => depth(b.tenant_id) - depth(a.tenant_id))) {
      byYear.set(Number(r.year), {
        year: Number(r.year),
        holidays: JSON.parse(r.holidays) as Record<string, string>,
        makeupWorkdays: JSON.parse(r.makeup_workdays) as Record<string, string>,
        ...(r.source ? { source: r.source as string } : {}),
        tenant: r.tenant_id,
      });
    }
    const years = [...byYear.values()].sort((a, b) => a.year - b.year);
    const value: TenantCalendar = { tenant, overrides, years, calendar: buildCalendar(tenant, overrides, years) };
    if (!options.fresh) this.cache.set(tenant, { at: Date.now(), value });
    return value;
  }
}

/** Builds the engine calendar; throws `CalendarError` (INVALID_CALENDAR_DEFINITION) for bad data. */
export function buildCalendar(
  id: string,
  overrides: Map<string, { kind: 'workday' | 'holiday'; name: string | null }>,
  years: YearSchedule[],
): BusinessCalendar {
  const o: Record<string, DayOverride> = {};
  for (const [date, v] of overrides) o[date] = v.name ? { kind: v.kind, name: v.name } : v.kind;
  return createBusinessCalendar({
    id,
    // A year without its State Council schedule is counted on the statutory holidays, marked provisional.
    missingYears: 'provisional',
    overrides: o,
    extraYears: years.map(({ year, holidays, makeupWorkdays, source }) => ({
      year,
      holidays,
      ...(makeupWorkdays ? { makeupWorkdays } : {}),
      ...(source ? { source } : {}),
    })),
  });
}
