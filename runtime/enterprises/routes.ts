import QRCode from 'qrcode';
import { requireRole, requireVisibleTenant } from '../auth/index.js';
import { isUnifiedSocialCreditCode } from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { arrayOf, idSchema, textOf } from '../platform/http/schemas.js';
import { ENTERPRISE_IMPORT_SCHEMA, importEnterprises } from './import.js';
import { ENTERPRISE, enterpriseView, intakeUrl, type EnterpriseRow } from './model.js';
import { enterprisePrintRoutes } from './print-routes.js';
import {
  createEnterprise,
  reissueCode,
  sameNameWarnings,
  setActive,
  updateEnterprise,
  visibleEnterprise,
} from './service.js';

const CREDIT_CODE = {
  type: 'string',
  maxLength: 40,
  description: 'unified social credit code (GB 32100), check character included',
} as const;

/** The code as typed, without spaces and in capitals, if its check character matches; otherwise what to do, in the user's language. */
function checkedCreditCode(typed: string, locale: 'zh-CN' | 'en'): string {
  const code = typed.replace(/\s+/g, '').toUpperCase();
  if (isUnifiedSocialCreditCode(code)) return code;
  const zh = locale === 'zh-CN';
  if (code.length !== 18)
    throw new ApiError(
      400,
      'CREDIT_CODE_INVALID',
      zh
        ? `统一社会信用代码应为18位，您填写了${code.length}位，请按营业执照核对`
        : `a unified social credit code has 18 characters, this one ${code.length}: copy it from the business licence`,
    );
  throw new ApiError(
    400,
    'CREDIT_CODE_INVALID',
    zh
      ? '统一社会信用代码有误（校验位不符或含有不使用的字母），请按营业执照逐位核对'
      : 'the unified social credit code is wrong (its check character does not match or it has a letter codes never use): copy it from the business licence',
  );
}
const NAME = { type: 'string', minLength: 2, maxLength: 200 } as const;
const CONTACT = { type: 'string', maxLength: 100 } as const;

// The address this request came to (Koa 3's `origin` is "null" for plain HTTP requests here).
const originOf = (koa: { protocol: string; host: string }) => `${koa.protocol}://${koa.host}`;

export interface EnterpriseRouteOptions {
  /** The address citizens reach (default: the request's). */
  publicUrl?: string;
  /** CIVICFLOW_PDF_FONT: the Chinese font of the PDF sheets, `path` or `path,PostScriptName` (default: WenQuanYi Micro Hei). */
  pdfFont?: string;
}

/** 一企一码: enterprises of a tenant, each with a QR code to the public intake form, printed as A4 sheets (HTML or PDF). */
export function enterpriseRoutes(api: RuntimeApi, { publicUrl, pdfFont }: EnterpriseRouteOptions = {}): void {
  api.add(
    {
      method: 'post',
      path: '/api/enterprises',
      tag: 'enterprises',
      status: 201,
      summary:
        'Register an enterprise (一企一码) of a tenant; a credit code is checked (check character) and unique in the tenant; a same name is a warning',
      response: ENTERPRISE,
      body: {
        type: 'object',
        required: ['name', 'tenantId'],
        additionalProperties: false,
        properties: { name: NAME, tenantId: idSchema, creditCode: CREDIT_CODE, contact: CONTACT },
      },
      async handler({ deps, principal, body, koa, locale }) {
        requireRole(principal, 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, body.tenantId);
        if (body.creditCode !== undefined) body.creditCode = checkedCreditCode(body.creditCode, locale);
        const warnings = await sameNameWarnings(deps.db.knex, body.tenantId, body.name);
        const row = await createEnterprise(deps.db.knex, body.tenantId, body, deps.clock.now());
        return { ...enterpriseView(row, publicUrl ?? originOf(koa)), warnings };
      },
    },
    {
      method: 'get',
      path: '/api/enterprises',
      tag: 'enterprises',
      summary: "Enterprises of the caller's subtree (of one tenant with ?tenant=)",
      response: arrayOf(ENTERPRISE),
      query: { properties: { tenant: idSchema } },
      async handler({ deps, principal, query, koa }) {
        let q = deps.db.knex('enterprises').whereIn('tenant_id', [...principal.subtree]);
        if (query.tenant) q = q.where({ tenant_id: query.tenant });
        const rows = (await q.orderBy('name')) as EnterpriseRow[];
        return rows.map((r) => enterpriseView(r, publicUrl ?? originOf(koa)));
      },
    },
    {
      method: 'put',
      path: '/api/enterprises/:id',
      tag: 'enterprises',
      summary: 'Edit an enterprise: name, credit code, contact (null clears); the QR code stays the same',
      response: ENTERPRISE,
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          name: NAME,
          creditCode: { anyOf: [CREDIT_CODE, { type: 'null' }] },
          contact: { anyOf: [CONTACT, { type: 'null' }] },
        },
      },
      async handler({ deps, principal, params, body, koa, locale }) {
        requireRole(principal, 'tenant-admin');
        const row = await visibleEnterprise(deps.db.knex, principal.subtree, params.id!);
        if (typeof body.creditCode === 'string') body.creditCode = checkedCreditCode(body.creditCode, locale);
        const warnings = body.name ? await sameNameWarnings(deps.db.knex, row.tenant_id, body.name, row.id) : [];
        const saved = await updateEnterprise(deps.db.knex, row, body, deps.clock.now());
        return { ...enterpriseView(saved, publicUrl ?? originOf(koa)), warnings };
      },
    },
    ...(['deactivate', 'activate'] as const).map((action) => ({
      method: 'post' as const,
      path: `/api/enterprises/:id/${action}`,
      tag: 'enterprises',
      summary:
        action === 'deactivate'
          ? 'Deactivate an enterprise: its QR code stops opening the intake form and says so'
          : 'Activate a deactivated enterprise again',
      response: ENTERPRISE,
      body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } },
      async handler({ deps, principal, params, koa }: Parameters<Parameters<RuntimeApi['add']>[0]['handler']>[0]) {
        requireRole(principal, 'tenant-admin');
        const row = await visibleEnterprise(deps.db.knex, principal.subtree, params.id!);
        return enterpriseView(
          await setActive(deps.db.knex, row, action === 'activate', deps.clock.now()),
          publicUrl ?? originOf(koa),
        );
      },
    })),
    {
      method: 'post',
      path: '/api/enterprises/:id/reissue',
      tag: 'enterprises',
      summary:
        'Issue a new QR code (a lost or misused sheet): the old code stops working and the public page says it was replaced',
      response: ENTERPRISE,
      body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } },
      async handler({ deps, principal, params, koa }) {
        requireRole(principal, 'tenant-admin');
        const row = await visibleEnterprise(deps.db.knex, principal.subtree, params.id!);
        return enterpriseView(
          await reissueCode(deps.db.knex, row, principal.username, deps.clock.now()),
          publicUrl ?? originOf(koa),
        );
      },
    },
    {
      method: 'post',
      path: '/api/enterprises/import',
      tag: 'enterprises',
      summary:
        'Import enterprises from an Excel (.xlsx, base64) or CSV sheet with a per-row report; with any bad row (or dryRun) nothing is written',
      response: ENTERPRISE_IMPORT_SCHEMA,
      body: {
        type: 'object',
        required: ['format', 'content', 'tenantId'],
        additionalProperties: false,
        properties: {
          format: { enum: ['xlsx', 'csv'] },
          content: { type: 'string', maxLength: 1_500_000 },
          dryRun: { type: 'boolean' },
          tenantId: idSchema,
        },
      },
      async handler({ deps, principal, body, locale }) {
        requireRole(principal, 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, body.tenantId);
        return importEnterprises(
          deps.db.knex,
          { format: body.format, content: body.content, dryRun: body.dryRun ?? false, defaultTenant: body.tenantId },
          await deps.tenants.all(),
          principal.subtree,
          locale,
          deps.clock.now(),
        );
      },
    },
    {
      method: 'get',
      path: '/api/enterprises/:id/qr.svg',
      tag: 'enterprises',
      summary: "The enterprise's QR code (SVG) to the public intake form",
      response: textOf('image/svg+xml'),
      async handler({ deps, principal, params, koa }) {
        const row = await visibleEnterprise(deps.db.knex, principal.subtree, params.id!);
        koa.type = 'image/svg+xml';
        return QRCode.toString(intakeUrl(publicUrl ?? originOf(koa), row), {
          type: 'svg',
          errorCorrectionLevel: 'M',
          margin: 2,
        });
      },
    },
  );
  enterprisePrintRoutes(api, (koa) => publicUrl ?? originOf(koa), pdfFont);
}
