import { fileFieldsOf } from '../../definitions/index.js';
import {
  ACCEPTED_EXTENSIONS,
  AttachmentFiles,
  AttachmentPolicies,
  attachIntakeUploads,
  claimIntakeUploads,
  DEFAULT_ATTACHMENT_LIMITS,
  keepIntakeUpload,
  receiveFile,
  releaseIntakeUploads,
  type AttachmentConfig,
} from '../attachments/index.js';
import { CHANNEL_NAMES, intakeFormOf, startAppeal, type Channel } from '../channels/index.js';
import { enterpriseByCode, PURPOSES, type Purpose } from '../enterprises/index.js';
import { parseState } from '../execution/instance-row.js';
import { ApiError, notFound } from '../platform/http/errors.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import { RateLimit } from '../platform/http/rate-limit.js';
import {
  anyObject,
  arrayOf,
  idSchema,
  integerType,
  nullable,
  objectOf,
  stringList,
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

const ATTACHMENT_RULES = objectOf({
  kinds: stringList,
  accept: stringType,
  maxFiles: integerType,
  maxFileBytes: integerType,
});

export function publicIntakeRoutes(
  api: RuntimeApi,
  config: PublicIntakeConfig = DEFAULT_LIMIT,
  attachments: AttachmentConfig = { dir: 'data/attachments', limits: DEFAULT_ATTACHMENT_LIMITS },
): void {
  const limit = new RateLimit(config.limitPerMinute);
  const files = new AttachmentFiles(attachments.dir);
  const policyOf = (deps: Deps, tenant: string) =>
    new AttachmentPolicies(deps.tenants, attachments.limits).effective(deps.db.knex, tenant);
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
        /** What the form's photo fields accept: the unit's public attachment policy. */
        attachments: ATTACHMENT_RULES,
      }),
      summary:
        'The appeal form a tenant (township, street …) shows citizens; with ?enterprise= the enterprise of a 一企一码 QR code',
      query: { properties: { enterprise: idSchema, via: viaSchema } },
      async handler({ deps, params, query, koa }) {
        limit.take(koa.ip);
        const { tenant, form, enterprise } = await channelIntakeOf(deps, params.tenant!, query.enterprise, query.via);
        const policy = await policyOf(deps, tenant.id);
        return {
          tenant,
          enterprise,
          form: { schema: form.schema, uiSchema: form.uiSchema ?? {} },
          attachments: {
            kinds: policy.publicKinds,
            accept: acceptOf(policy.publicKinds),
            maxFiles: policy.publicKinds.length === 0 ? 0 : policy.publicMaxFiles,
            maxFileBytes: policy.maxFileBytes,
          },
        };
      },
    },
    {
      method: 'post',
      path: '/api/public/intake/:tenant/attachments',
      tag: 'public',
      public: true,
      params: { tenant: idSchema },
      status: 201,
      upload: {
        type: 'object',
        required: ['file'],
        additionalProperties: false,
        properties: { file: { type: 'string', format: 'binary' } },
      },
      response: objectOf({ token: stringType, fileName: stringType, mediaType: stringType, size: integerType }),
      summary:
        'Upload a photo for an appeal before submitting it (multipart field "file"): checked from its bytes against the unit\'s public attachment policy; answers a token the form\'s photo field carries',
      async handler({ deps, params, koa, locale }) {
        limit.take(koa.ip);
        const tenant = await deps.tenants.get(params.tenant!);
        if (!tenant) throw notFound('tenant', params.tenant!);
        const policy = await policyOf(deps, tenant.id);
        const file = await receiveFile(koa, files, policy.maxFileBytes, locale);
        return keepIntakeUpload(deps, files, policy, attachments.limits, tenant.id, file, locale);
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
        const { tenant, enterprise, channel, form } = await channelIntakeOf(
          deps,
          params.tenant!,
          body.enterprise,
          body.via,
        );
        // What the enterprise came for (反映诉求, 申请调解, 法律咨询), chosen on the code's page.
        const purpose = enterprise && body.purpose ? { purpose: PURPOSES[body.purpose as Purpose] } : {};
        const extra = enterprise ? { enterpriseId: enterprise.id, enterpriseName: enterprise.name, ...purpose } : {};
        // Photos uploaded before: the file fields carry their tokens; the case gets attachment ids instead.
        const data = { ...(body.data as Record<string, unknown>) };
        const fileFields = fileFieldsOf(form.schema as { properties?: Record<string, unknown> }).filter((f) =>
          Array.isArray(data[f]),
        );
        const tokens = fileFields.flatMap((f) => (data[f] as unknown[]).filter((v) => typeof v === 'string'));
        const policy = await policyOf(deps, tenant.id);
        const claimed = await claimIntakeUploads(deps.db.knex, tenant.id, tokens, policy, deps.clock.now(), locale);
        for (const f of fileFields)
          data[f] = (data[f] as unknown[]).map((v) => (typeof v === 'string' ? (claimed.ids.get(v) ?? v) : v));
        let started: Awaited<ReturnType<typeof startAppeal>>;
        try {
          started = await startAppeal(deps, { tenantId: tenant.id, channel, data, extra, actor: 'public', locale });
        } catch (err) {
          await releaseIntakeUploads(deps.db.knex, claimed);
          throw err;
        }
        await attachIntakeUploads(deps, claimed, started.instanceId, `群众上报（${CHANNEL_NAMES[channel]}）`);
        return { trackingNo: started.trackingNo, tenant };
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

/** The file-name extensions of the allowed kinds, as an `<input accept>`. */
function acceptOf(kinds: readonly string[]): string {
  const byKind: Record<string, string[]> = {
    photo: ['jpg', 'jpeg', 'png', 'gif', 'webp', 'heic', 'heif', 'bmp'],
    pdf: ['pdf'],
    office: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp'],
  };
  const exts = kinds.flatMap((k) => byKind[k] ?? []).filter((e) => ACCEPTED_EXTENSIONS.includes(e));
  return [...(kinds.includes('photo') ? ['image/*'] : []), ...exts.map((e) => `.${e}`)].join(',');
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
