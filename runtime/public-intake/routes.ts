import { validateFormData } from '../../definitions/index.js';
import { intakeOf, trackingNumber } from './intake.js';
import { parseState } from '../execution/instance-row.js';
import { indexCase } from '../cases/index.js';
import { ApiError, notFound } from '../platform/http/errors.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import { RateLimit } from '../platform/http/rate-limit.js';
import { anyObject, arrayOf, idSchema, nullable, objectOf, stringOrNull, stringType } from '../platform/http/schemas.js';

const NAMED = objectOf({ id: stringType, name: stringType });

/** What citizens and enterprises can do without an account: see a tenant's intake form, submit an appeal, follow it. */
export interface PublicIntakeConfig {
  processKey: string;
  formKey: string;
  /** Requests per client address and minute on the public endpoints. */
  limitPerMinute: number;
}

export const DEFAULT_PUBLIC_INTAKE: PublicIntakeConfig = { processKey: 'appeal-loop', formKey: 'appeal-intake', limitPerMinute: 20 };

const TRACKING = '^SQ[0-9]{8}-[0-9A-Z]{8}$';
const NOT_FOUND_APPEAL = 'no appeal with this tracking number and phone number';

export function publicIntakeRoutes(api: RuntimeApi, config: PublicIntakeConfig = DEFAULT_PUBLIC_INTAKE): void {
  const limit = new RateLimit(config.limitPerMinute);
  api.add(
    {
      method: 'get', path: '/api/public/intake/:tenant', tag: 'public', public: true, params: { tenant: idSchema },
      response: objectOf({ tenant: NAMED, enterprise: nullable(NAMED), form: objectOf({ schema: anyObject, uiSchema: anyObject }) }),
      summary: 'The appeal form a tenant (township, street …) shows citizens; with ?enterprise= the enterprise of a 一企一码 QR code',
      query: { properties: { enterprise: idSchema } },
      async handler({ deps, params, query, koa }) {
        limit.take(koa.ip);
        const { tenant, form, enterprise } = await intakeOf(deps, config, params.tenant!, query.enterprise);
        return { tenant, enterprise, form: { schema: form.schema, uiSchema: form.uiSchema ?? {} } };
      },
    },
    {
      method: 'post', path: '/api/public/intake/:tenant', tag: 'public', public: true, params: { tenant: idSchema }, status: 201,
      response: objectOf({ trackingNo: stringType, tenant: NAMED }),
      summary: 'Submit an appeal (诉求): validated against the form, started as a case; answers the tracking number',
      body: { type: 'object', required: ['data'], additionalProperties: false, properties: { data: { type: 'object' }, enterprise: idSchema } },
      async handler({ deps, params, body, koa, locale }) {
        limit.take(koa.ip);
        const { tenant, form, enterprise } = await intakeOf(deps, config, params.tenant!, body.enterprise);
        const data = body.data as Record<string, unknown>;
        // A citizen sets the form's fields and nothing else: no variable a later gateway or task reads.
        const fields = new Set(Object.keys((form.schema.properties ?? {}) as Record<string, unknown>));
        const unknown = Object.keys(data).filter((k) => !fields.has(k));
        if (unknown.length > 0) {
          throw new ApiError(400, 'FORM_INVALID', locale === 'zh-CN' ? `表单中没有这些字段：${unknown.join('、')}` : `the form has no field ${unknown.join(', ')}`, unknown.map((k) => ({ path: `/${k}`, keyword: 'additionalProperties', message: locale === 'zh-CN' ? `表单中没有字段 ${k}` : `the form has no field ${k}` })));
        }
        const problems = validateFormData(form, data, locale);
        if (problems.length > 0) throw new ApiError(400, 'FORM_INVALID', `${locale === 'zh-CN' ? '表单填写有误' : 'form data is invalid'}：${problems.map((p) => p.message).join('；')}`, problems);
        const trackingNo = trackingNumber(deps.clock.now());
        const variables = { ...data, channel: enterprise ? '一企一码' : '小程序', ...(enterprise ? { enterpriseId: enterprise.id, enterpriseName: enterprise.name } : {}) };
        const started = await deps.commands.transact((unit) => unit.startLatest({ processKey: config.processKey, tenant: tenant.id, businessKey: trackingNo, variables, actor: 'public' }));
        await indexCase(deps.db.knex, started.id);
        return { trackingNo, tenant };
      },
    },
    {
      method: 'get', path: '/api/public/appeals/:trackingNo', tag: 'public', public: true, params: { trackingNo: { type: 'string', pattern: TRACKING } },
      response: objectOf({ trackingNo: stringType, tenant: NAMED, status: { enum: ['active', 'completed', 'terminated'] }, category: stringOrNull, submittedAt: stringType, endedAt: stringOrNull, steps: arrayOf(objectOf({ name: stringType, dueAt: stringOrNull })) }),
      summary: 'Follow an appeal (跟踪问效): its tracking number and the phone number given with it',
      query: { required: ['phone'], properties: { phone: { type: 'string', minLength: 5, maxLength: 20 } } },
      async handler({ deps, params, query, koa }) {
        limit.take(koa.ip);
        const row = await deps.db.knex('instances').where({ business_key: params.trackingNo }).first();
        if (!row) throw new ApiError(404, 'NOT_FOUND', NOT_FOUND_APPEAL);
        const state = parseState(row);
        const root = Object.values(state.scopes).find((s) => s.parent === null);
        if (!root || root.vars.phone !== query.phone) throw new ApiError(404, 'NOT_FOUND', NOT_FOUND_APPEAL);
        const open = (await deps.db.knex('tasks').where({ instance_id: row.id }).select('name', 'element_id', 'due_at')) as Array<{ name: string | null; element_id: string; due_at: string | null }>;
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
