// Tenant business calendars: override days, whole years from the State Council notice, previews.
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { CalendarError, parseWorkDuration, type DayInfo } from '../../../engine/index.js';
import { requireVisibleTenant } from '../../auth/index.js';
import { ApiError } from '../../platform/http/errors.js';
import { addTo, durationText, warnBefore, warningThreshold } from '../rules.js';
import { calendarApiError } from '../service.js';
import { changeCalendar } from '../calendar-changes.js';
import { provisionalOf, refusedError, refusesProvisional } from '../provisional.js';
import type { JsonSchema } from '../../platform/http/api.js';
import type { Deps, RuntimeApi } from '../../platform/http/deps.js';
import { kitOf, requireCalendarAdmin } from '../access.js';
import {
  arrayOf,
  booleanType,
  integerType,
  nullable,
  numberType,
  objectOf,
  stringOrNull,
  stringType,
} from '../../platform/http/schemas.js';

const CALENDAR_DAY = objectOf({
  date: stringType,
  weekday: integerType,
  kind: { enum: ['workday', 'weekend', 'holiday', 'makeupWorkday', 'unknown'] },
  working: nullable(booleanType),
  source: stringType,
  'name?': stringType,
  'nameEn?': stringType,
  'inLieu?': booleanType,
  'setBy?': stringType,
  'provisional?': booleanType,
});
/** A calendar change: what changed, the calendar's data range after it, and the open deadlines counted again. */
const calendarChange = (changed: Record<string, JsonSchema>) =>
  objectOf({
    tenant: stringType,
    ...changed,
    validThrough: stringType,
    knownYears: arrayOf(integerType),
    recounted: objectOf({ tasks: integerType, timers: integerType }),
  });

const dateSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const MAX_LIST_DAYS = 400;

export function calendarRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/calendars/:tenant',
      tag: 'calendars',
      summary: "A tenant's business calendar: data range, its own and inherited override days and years",
      response: objectOf({
        tenant: stringType,
        zone: stringType,
        validFrom: stringType,
        validThrough: stringType,
        knownYears: arrayOf(integerType),
        overrides: arrayOf(objectOf({ date: stringType, kind: stringType, name: stringOrNull, setBy: stringType })),
        years: arrayOf(
          objectOf({
            year: integerType,
            source: stringOrNull,
            setBy: stringType,
            holidays: integerType,
            makeupWorkdays: integerType,
          }),
        ),
      }),
      async handler({ deps, principal, params }) {
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        const tc = await kitOf(deps).calendars.forTenant(deps.db.knex, params.tenant!);
        return {
          tenant: tc.tenant,
          zone: tc.calendar.zone,
          validFrom: tc.calendar.validFrom(),
          validThrough: tc.calendar.validThrough(),
          knownYears: tc.calendar.knownYears(),
          overrides: [...tc.overrides.values()]
            .sort((a, b) => a.date.localeCompare(b.date))
            .map((o) => ({ date: o.date, kind: o.kind, name: o.name, setBy: o.tenant })),
          years: tc.years.map((y) => ({
            year: y.year,
            source: y.source ?? null,
            setBy: y.tenant,
            holidays: Object.keys(y.holidays).length,
            makeupWorkdays: Object.keys(y.makeupWorkdays ?? {}).length,
          })),
        };
      },
    },
    {
      method: 'get',
      path: '/api/calendars/:tenant/days',
      tag: 'calendars',
      summary:
        'The days of a range with their kind and name (days of a year without data are "unknown", never guessed)',
      response: objectOf({
        tenant: stringType,
        validFrom: stringType,
        validThrough: stringType,
        missingYears: arrayOf(integerType),
        days: arrayOf(CALENDAR_DAY),
      }),
      query: { required: ['from', 'to'], properties: { from: dateSchema, to: dateSchema } },
      async handler({ deps, principal, params, query }) {
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        const tc = await kitOf(deps).calendars.forTenant(deps.db.knex, params.tenant!);
        const from = DateTime.fromISO(query.from!, { zone: 'UTC' });
        const to = DateTime.fromISO(query.to!, { zone: 'UTC' });
        if (!from.isValid || !to.isValid)
          throw new ApiError(400, 'INVALID_DATE', 'from and to must be real dates (YYYY-MM-DD)');
        const count = Math.round(to.diff(from, 'days').days) + 1;
        if (count < 1 || count > MAX_LIST_DAYS)
          throw new ApiError(
            400,
            'INVALID_RANGE',
            `list 1 to ${MAX_LIST_DAYS} days at a time (to must not be before from)`,
          );
        const missing = new Set<number>();
        const days: Array<Record<string, unknown>> = [];
        for (let i = 0; i < count; i++) {
          const d = from.plus({ days: i });
          const date = d.toISODate()!;
          try {
            const info: DayInfo = tc.calendar.dayInfo(date);
            if (info.provisional) missing.add(d.year);
            const o = tc.overrides.get(date);
            days.push({ ...info, ...(o ? { setBy: o.tenant } : {}) });
          } catch (err) {
            if (!(err instanceof CalendarError) || err.code !== 'CALENDAR_DATA_MISSING') throw err;
            missing.add(d.year);
            days.push({ date, weekday: d.weekday, kind: 'unknown', working: null, source: 'missing' });
          }
        }
        return {
          tenant: tc.tenant,
          validFrom: tc.calendar.validFrom(),
          validThrough: tc.calendar.validThrough(),
          missingYears: [...missing],
          days,
        };
      },
    },
    {
      method: 'put',
      path: '/api/calendars/:tenant/days',
      tag: 'calendars',
      summary:
        "Override days for a tenant and everything below it (kind 'inherit' removes the tenant's own override); open deadlines are recounted",
      response: calendarChange({ updated: integerType }),
      body: {
        type: 'object',
        required: ['days'],
        additionalProperties: false,
        properties: {
          days: {
            type: 'array',
            minItems: 1,
            maxItems: 400,
            items: {
              type: 'object',
              required: ['date', 'kind'],
              additionalProperties: false,
              properties: {
                date: dateSchema,
                kind: { enum: ['workday', 'holiday', 'inherit'] },
                name: { type: 'string', minLength: 1, maxLength: 100 },
              },
            },
          },
        },
      },
      async handler({ deps, principal, params, body }) {
        const tenant = params.tenant!;
        await requireCalendarAdmin(deps, principal, tenant);
        const days = body.days as Array<{ date: string; kind: 'workday' | 'holiday' | 'inherit'; name?: string }>;
        for (const d of days)
          if (!DateTime.fromISO(d.date).isValid)
            throw new ApiError(400, 'INVALID_DATE', `"${d.date}" is not a real date`);
        const now = deps.clock.now();
        return changeCalendar(deps, tenant, days.map((d) => d.date).sort()[0]!, async (trx) => {
          for (const d of days) {
            if (d.kind === 'inherit')
              await trx('calendar_overrides').where({ tenant_id: tenant, date: d.date }).delete();
            else {
              await trx('calendar_overrides')
                .insert({
                  tenant_id: tenant,
                  date: d.date,
                  kind: d.kind,
                  name: d.name ?? null,
                  updated_by: principal.username,
                  updated_at: now,
                })
                .onConflict(['tenant_id', 'date'])
                .merge(['kind', 'name', 'updated_by', 'updated_at']);
            }
          }
          return { updated: days.length };
        });
      },
    },
    {
      method: 'put',
      path: '/api/calendars/:tenant/years/:year',
      tag: 'calendars',
      summary:
        "A whole year's schedule from the State Council notice (makes the year known for this tenant and below); open deadlines are recounted",
      response: calendarChange({ year: integerType }),
      body: {
        type: 'object',
        required: ['holidays'],
        additionalProperties: false,
        properties: {
          holidays: {
            type: 'object',
            maxProperties: 80,
            propertyNames: dateSchema,
            additionalProperties: { type: 'string', minLength: 1, maxLength: 100 },
          },
          makeupWorkdays: {
            type: 'object',
            maxProperties: 40,
            propertyNames: dateSchema,
            additionalProperties: { type: 'string', minLength: 1, maxLength: 100 },
          },
          source: { type: 'string', maxLength: 500 },
        },
      },
      async handler({ deps, principal, params, body }) {
        const tenant = params.tenant!;
        const year = Number(params.year);
        if (!/^\d{4}$/.test(params.year!) || year < 2004 || year > 2100)
          throw new ApiError(400, 'INVALID_YEAR', `year "${params.year}" must be 2004–2100`);
        await requireCalendarAdmin(deps, principal, tenant);
        const now = deps.clock.now();
        return changeCalendar(deps, tenant, `${year - 1}-12-01`, async (trx) => {
          await trx('calendar_years')
            .insert({
              tenant_id: tenant,
              year,
              holidays: JSON.stringify(body.holidays),
              makeup_workdays: JSON.stringify(body.makeupWorkdays ?? {}),
              source: body.source ?? null,
              updated_by: principal.username,
              updated_at: now,
            })
            .onConflict(['tenant_id', 'year'])
            .merge(['holidays', 'makeup_workdays', 'source', 'updated_by', 'updated_at']);
          return { year };
        });
      },
    },
    {
      method: 'delete',
      path: '/api/calendars/:tenant/years/:year',
      tag: 'calendars',
      summary: "Remove a tenant's own schedule for a year",
      response: calendarChange({ deleted: integerType }),
      async handler({ deps, principal, params }) {
        const tenant = params.tenant!;
        await requireCalendarAdmin(deps, principal, tenant);
        const year = Number(params.year);
        return changeCalendar(deps, tenant, `${year - 1}-12-01`, async (trx) => ({
          deleted: await trx('calendar_years').where({ tenant_id: tenant, year }).delete(),
        }));
      },
    },
    {
      method: 'get',
      path: '/api/calendars/:tenant/preview',
      tag: 'calendars',
      summary: 'The due instant a duration gives from a start on the tenant calendar (and the warning instant)',
      response: objectOf({
        tenant: stringType,
        start: stringType,
        duration: objectOf({ amount: numberType, unit: stringType, text: stringType }),
        dueAt: stringType,
        dueAtLocal: stringType,
        warnAt: stringType,
        warnAtLocal: stringType,
        zone: stringType,
        validThrough: stringType,
        provisional: booleanType,
        'provisionalYears?': arrayOf(integerType),
      }),
      query: {
        required: ['duration'],
        properties: {
          start: { type: 'string', maxLength: 40 },
          duration: { type: 'string', minLength: 1, maxLength: 40 },
          warning: { type: 'string', maxLength: 40 },
        },
      },
      async handler({ deps, principal, params, query }) {
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        const { calendar } = await kitOf(deps).calendars.forTenant(deps.db.knex, params.tenant!);
        const start = query.start ?? deps.clock.now();
        try {
          const duration = parseWorkDuration(query.duration!);
          const dueAt = addTo(calendar, start, duration);
          const warnAt = warnBefore(calendar, dueAt, warningThreshold(query.warning, duration));
          const provisional = provisionalOf(calendar, start, dueAt);
          if (provisional && (await refusesProvisional(deps.db.knex, kitOf(deps), params.tenant!)))
            throw refusedError(provisional);
          const local = (iso: string) => DateTime.fromISO(iso, { zone: calendar.zone }).toISO()!;
          return {
            tenant: params.tenant,
            start: local(calendar.addDuration(start, { amount: 0, unit: 'minute' })),
            duration: { ...duration, text: durationText(duration) },
            dueAt,
            dueAtLocal: local(dueAt),
            warnAt,
            warnAtLocal: local(warnAt),
            zone: calendar.zone,
            validThrough: calendar.validThrough(),
            provisional: provisional !== null,
            ...(provisional ? { provisionalYears: provisional.split(',').map(Number) } : {}),
          };
        } catch (err) {
          if (err instanceof CalendarError) throw calendarApiError(err);
          throw err;
        }
      },
    },
  );
}
