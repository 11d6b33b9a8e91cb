/**
 * Calendar administration beyond the day and year endpoints: loading a year from the State
 * Council notice's text (or an ICS/JSON file), and whether next year's schedule is missing.
 */
import { CalendarError, createBusinessCalendar, parseYearFile, type YearFileFormat } from '../../../engine/index.js';
import { requireVisibleTenant } from '../../auth/index.js';
import { ApiError } from '../../platform/http/errors.js';
import type { RuntimeApi } from '../../platform/http/deps.js';
import { requireCalendarAdmin } from '../access.js';
import { changeCalendar } from '../calendar-changes.js';
import { nextYearStatus } from '../calendar-watch.js';
import { arrayOf, booleanType, integerType, objectOf, stringOrNull, stringType } from '../../platform/http/schemas.js';

const dayNames = { type: 'object', additionalProperties: stringType };
const FESTIVAL = objectOf({
  title: stringType,
  from: stringType,
  to: stringType,
  days: integerType,
  makeupWorkdays: arrayOf(stringType),
});
const PARSED_YEAR = objectOf({
  tenant: stringType,
  year: integerType,
  format: { enum: ['notice', 'ics', 'json'] },
  source: stringOrNull,
  holidays: dayNames,
  makeupWorkdays: dayNames,
  'festivals?': arrayOf(FESTIVAL),
  saved: booleanType,
  'validThrough?': stringType,
  'knownYears?': arrayOf(integerType),
  'recounted?': objectOf({ tasks: integerType, timers: integerType }),
});

const MAX_TEXT = 200_000;

export function calendarNoticeRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'post',
      path: '/api/calendars/:tenant/years/:year/notice',
      tag: 'calendars',
      summary:
        "Load a year's schedule from the State Council notice's text (or an ICS or JSON file of the year): answers the parsed holidays and make-up days; without dryRun saves them for the tenant and everything below it, and recounts open deadlines",
      response: PARSED_YEAR,
      body: {
        type: 'object',
        required: ['text'],
        additionalProperties: false,
        properties: {
          text: { type: 'string', minLength: 1, maxLength: MAX_TEXT },
          dryRun: { type: 'boolean' },
          format: { enum: ['notice', 'ics', 'json'] },
        },
      },
      async handler({ deps, principal, params, body }) {
        const tenant = params.tenant!;
        const year = Number(params.year);
        if (!/^\d{4}$/.test(params.year!) || year < 2004 || year > 2099)
          throw new ApiError(400, 'INVALID_YEAR', `year "${params.year}" must be 2004–2099`);
        await requireCalendarAdmin(deps, principal, tenant);
        let parsed: ReturnType<typeof parseYearFile>;
        try {
          parsed = parseYearFile(body.text as string, year, body.format as YearFileFormat | undefined);
          // The same checks as a saved year (dates near the year, no day both off and worked).
          createBusinessCalendar({ id: tenant, extraYears: [parsed.schedule] });
        } catch (err) {
          if (!(err instanceof CalendarError)) throw err;
          throw new ApiError(400, err.code, err.messageZh, [
            { code: err.code, message: err.message, messageZh: err.messageZh, ...err.details },
          ]);
        }
        const { schedule, festivals, format } = parsed;
        const answer = {
          tenant,
          year,
          format,
          source: schedule.source ?? null,
          holidays: schedule.holidays,
          makeupWorkdays: schedule.makeupWorkdays,
          ...(festivals ? { festivals } : {}),
        };
        if (body.dryRun) return { ...answer, saved: false };
        const now = deps.clock.now();
        const saved = await changeCalendar(deps, tenant, `${year - 1}-12-01`, async (trx) => {
          await trx('calendar_years')
            .insert({
              tenant_id: tenant,
              year,
              holidays: JSON.stringify(schedule.holidays),
              makeup_workdays: JSON.stringify(schedule.makeupWorkdays),
              source: schedule.source ?? null,
              updated_by: principal.username,
              updated_at: now,
            })
            .onConflict(['tenant_id', 'year'])
            .merge(['holidays', 'makeup_workdays', 'source', 'updated_by', 'updated_at']);
          return { year };
        });
        return {
          ...answer,
          saved: true,
          validThrough: saved.validThrough,
          knownYears: saved.knownYears,
          recounted: saved.recounted,
        };
      },
    },
    {
      method: 'get',
      path: '/api/calendars/:tenant/next-year',
      tag: 'calendars',
      summary:
        "Whether next year's holiday schedule is missing for the tenant, and whether to warn (from 1 November): the administrators' banner",
      response: objectOf({
        tenant: stringType,
        today: stringType,
        nextYear: integerType,
        watchFrom: stringType,
        missing: booleanType,
        warn: booleanType,
      }),
      async handler({ deps, principal, params }) {
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        return {
          tenant: params.tenant,
          ...(await nextYearStatus(deps.db.knex, deps.tenants, params.tenant!, deps.clock.now())),
        };
      },
    },
  );
}
