import { intakeFormOf, startAppeal, type Channel } from '../channels/index.js';
import { enterpriseByCode, PURPOSES, type Purpose } from '../enterprises/index.js';
import { parseState } from '../execution/instance-row.js';
import { ApiError, notFound } from '../platform/http/errors.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import { RateLimit } from '../platform/http/rate-limit.js';
import {
  anyObject,
  arrayOf,
  idSchema,
  nullable,
  objectOf,
  stringOrNull,
  stringType,
} from '../platform/http/schemas.js';

const NAMED = objectOf({ id: stringType, name: stringType });

/**
 * What citizens and enterprises can do without an account: see a tenant's intake form, submit an
 * appeal, follow it. Which process and form a channel uses is the tenant's setting (`channels/`).
 */
export interface PublicIntakeConfig {
  /** Requests per client address and minute on the public endpoints. */
  limitPerMinute: number;
}

const DEFAULT_LIMIT: PublicIntakeConfig = { limitPerMinute: 20 };
/** What the front desk registers an appeal with (the public pages follow the tenant's channels instead). */
/** The mini-program says it is the mini-program; everything else on the public page is the web. */
const viaSchema = { enum: ['web', 'mini-program'] } as const;

const TRACKING = '^SQ[0-9]{8}-[0-9A-Z]{8}$';
const NOT_FOUND_APPEAL = 'no appeal with this tracking number and phone number';

export function publicIntakeRoutes(api: RuntimeApi, config: PublicIntakeConfig = DEFAULT_LIMIT): void {
  const limit = new RateLimit(config.limitPerMinute);
  api.add(
    {
      method: 'get',
      path: '/api/public/intake/:tenant',
      tag: 'public',
      public: true,
      params: { tenant: idSchema },
      response: objectOf({
        tenant: NAMED,
        enterprise: nullable(NAMED),
        form: objectOf({ schema: anyObject, uiSchema: anyObject }),
      }),
      summary:
        'The appeal form a tenant (township, street …) shows citizens; with ?enterprise= the enterprise of a 一企一码 QR code',
      query: { properties: { enterprise: idSchema, via: viaSchema } },
      async handler({ deps, params, query, koa }) {
        limit.take(koa.ip);
        const { tenant, form, enterprise } = await channelIntakeOf(deps, params.tenant!, query.enterprise, query.via);
        return { tenant, enterprise, form: { schema: form.schema, uiSchema: form.uiSchema ?? {} } };
      },
    },
    {
      method: 'post',
      path: '/api/public/intake/:tenant',
      tag: 'public',
      public: true,
      params: { tenant: idSchema },
      status: 201,
      response: objectOf({ trackingNo: stringType, tenant: NAMED }),
      summary: 'Submit an appeal (诉求): validated against the form, started as a case; answers the tracking number',
      body: {
        type: 'object',
        required: ['data'],
        additionalProperties: false,
        properties: {
          data: { type: 'object', maxProperties: 200 },
          enterprise: idSchema,
          via: viaSchema,
          purpose: { enum: Object.keys(PURPOSES) },
        },
      },
      async handler({ deps, params, body, koa, locale }) {
        limit.take(koa.ip);
        const { tenant, enterprise, channel } = await channelIntakeOf(deps, params.tenant!, body.enterprise, body.via);
        // What the enterprise came for (反映诉求, 申请调解, 法律咨询), chosen on the code's page.
        const purpose = enterprise && body.purpose ? { purpose: PURPOSES[body.purpose as Purpose] } : {};
        const extra = enterprise ? { enterpriseId: enterprise.id, enterpriseName: enterprise.name, ...purpose } : {};
        const { trackingNo } = await startAppeal(deps, {
          tenantId: tenant.id,
          channel,
          data: body.data as Record<string, unknown>,
          extra,
          actor: 'public',
          locale,
        });
        return { trackingNo, tenant };
      },
    },
    {
      method: 'get',
      path: '/api/public/appeals/:trackingNo',
      tag: 'public',
      public: true,
      params: { trackingNo: { type: 'string', pattern: TRACKING } },
      response: objectOf({
        trackingNo: stringType,
        tenant: NAMED,
        status: { enum: ['active', 'completed', 'terminated'] },
        category: stringOrNull,
        submittedAt: stringType,
        endedAt: stringOrNull,
        steps: arrayOf(objectOf({ name: stringType, dueAt: stringOrNull })),
      }),
      summary: 'Follow an appeal (跟踪问效): its tracking number and the phone number given with it',
      query: { required: ['phone'], properties: { phone: { type: 'string', minLength: 5, maxLength: 20 } } },
      async handler({ deps, params, query, koa }) {
        limit.take(koa.ip);
        const row = await deps.db.knex('instances').where({ business_key: params.trackingNo }).first();
        if (!row) throw new ApiError(404, 'NOT_FOUND', NOT_FOUND_APPEAL);
        const state = parseState(row);
        const root = Object.values(state.scopes).find((s) => s.parent === null);
        if (!root || root.vars.phone !== query.phone) throw new ApiError(404, 'NOT_FOUND', NOT_FOUND_APPEAL);
        // The case and the cases it called (a township's appeal that went on to the city).
        const family = [row.id as string];
        for (let level = [row.id as string]; level.length > 0 && family.length < 50; ) {
          level = (
            (await deps.db.knex('instances').whereIn('parent_id', level).select('id')) as Array<{ id: string }>
          ).map((r) => r.id);
          family.push(...level);
        }
        const open = (await deps.db
          .knex('tasks')
          .whereIn('instance_id', family)
          .select('name', 'element_id', 'due_at')) as Array<{
          name: string | null;
          element_id: string;
          due_at: string | null;
        }>;
        const tenant = await deps.tenants.get(row.tenant_id);
        return {
          trackingNo: params.trackingNo,
          tenant: { id: row.tenant_id, name: tenant?.name ?? row.tenant_id },
          status: row.status,
          category: root.vars.category ?? null,
          submittedAt: row.created_at,
          endedAt: row.ended_at,
          steps: open.map((t) => ({ name: t.name ?? t.element_id, dueAt: t.due_at })),
        };
      },
    },
  );
}

async function channelIntakeOf(
  deps: Deps,
  tenantId: string,
  enterpriseId: string | undefined,
  via: string | undefined,
) {
  const tenant = await deps.tenants.get(tenantId);
  if (!tenant) throw notFound('tenant', tenantId);
  // `?enterprise=` carries the enterprise's current QR code: a replaced code or a deactivated enterprise answers 410.
  const enterprise = enterpriseId ? await enterpriseByCode(deps.db.knex, tenantId, enterpriseId) : null;
  const channel: Channel = enterprise ? 'enterprise-qr' : via === 'mini-program' ? 'mini-program' : 'web';
  const { form } = await intakeFormOf(deps, tenantId, channel);
  return { tenant: { id: tenant.id, name: tenant.name }, form, enterprise, channel };
}
