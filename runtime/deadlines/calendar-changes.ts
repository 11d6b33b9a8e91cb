import type { Knex } from 'knex';
import { CalendarError } from '../../engine/index.js';
import type { Deps } from '../platform/http/deps.js';
import { kitOf } from './access.js';
import { calendarApiError, recountDeadlines } from './service.js';

/** Writes calendar data, checks the result builds, and recounts open deadlines below the tenant — one transaction. */
export async function changeCalendar(
  deps: Deps,
  tenant: string,
  sinceDate: string,
  write: (trx: Knex.Transaction) => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const kit = kitOf(deps);
  const now = deps.clock.now();
  try {
    return await deps.db.knex.transaction(async (trx) => {
      const result = await write(trx);
      let calendar: Awaited<ReturnType<typeof kit.calendars.forTenant>>['calendar'];
      try {
        calendar = (await kit.calendars.forTenant(trx, tenant, { fresh: true })).calendar;
      } catch (err) {
        if (err instanceof CalendarError) throw calendarApiError(err);
        throw err;
      }
      const below = [...(await deps.tenants.subtree(tenant, trx))];
      const recount = await recountDeadlines(trx, kit, below, `${sinceDate}T00:00:00.000Z`, now);
      return {
        tenant,
        ...result,
        validThrough: calendar.validThrough(),
        knownYears: calendar.knownYears(),
        recounted: recount,
      };
    });
  } finally {
    kit.calendars.invalidate();
  }
}
