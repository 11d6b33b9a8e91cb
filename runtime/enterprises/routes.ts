import QRCode from 'qrcode';
import { requireRole, requireVisibleTenant } from '../auth/index.js';
import { isUnifiedSocialCreditCode } from '../../definitions/index.js';
import { ApiError, notFound } from '../platform/http/errors.js';
import { newId } from '../platform/ids.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { arrayOf, idSchema, objectOf, stringOrNull, stringType, textOf } from '../platform/http/schemas.js';

const ENTERPRISE = objectOf({ id: stringType, tenantId: stringType, name: stringType, creditCode: stringOrNull, contact: stringOrNull, createdAt: stringType, intakeUrl: stringType });

interface EnterpriseRow {
  id: string;
  tenant_id: string;
  name: string;
  credit_code: string | null;
  contact: string | null;
  created_at: string;
}

/** Where an enterprise's QR code leads: the public intake page of its tenant, with the enterprise filled in. */
export function intakeUrl(origin: string, e: Pick<EnterpriseRow, 'id' | 'tenant_id'>): string {
  return `${origin}/#/intake/${encodeURIComponent(e.tenant_id)}?enterprise=${encodeURIComponent(e.id)}`;
}

// The address this request came to (Koa 3's `origin` is "null" for plain HTTP requests here).
const originOf = (koa: { protocol: string; host: string }) => `${koa.protocol}://${koa.host}`;

const view = (e: EnterpriseRow, origin: string) => ({ id: e.id, tenantId: e.tenant_id, name: e.name, creditCode: e.credit_code, contact: e.contact, createdAt: e.created_at, intakeUrl: intakeUrl(origin, e) });

/** 一企一码: enterprises of a tenant, each with a QR code to the public intake form. `publicUrl` is the address citizens reach (default: the request's). */
/** The code as printed on a business licence (spaces and case forgiven), or a refusal naming what is wrong. */
function checkedCreditCode(typed: string, locale: 'zh-CN' | 'en'): string {
  const code = typed.replace(/\s+/g, '').toUpperCase();
  if (isUnifiedSocialCreditCode(code)) return code;
  const zh = locale === 'zh-CN';
  if (code.length !== 18) throw new ApiError(400, 'CREDIT_CODE_INVALID', zh ? `统一社会信用代码应为18位，您填写了${code.length}位，请按营业执照核对` : `a unified social credit code has 18 characters, this one ${code.length}: copy it from the business licence`);
  throw new ApiError(400, 'CREDIT_CODE_INVALID', zh ? '统一社会信用代码有误（校验位不符或含有不使用的字母），请按营业执照逐位核对' : 'the unified social credit code is wrong (its check character does not match or it has a letter codes never use): copy it from the business licence');
}

export function enterpriseRoutes(api: RuntimeApi, publicUrl?: string): void {
  api.add(
    {
      method: 'post', path: '/api/enterprises', tag: 'enterprises', status: 201, summary: 'Register an enterprise (一企一码) of a tenant',
      response: ENTERPRISE,
      body: {
        type: 'object', required: ['name', 'tenantId'], additionalProperties: false,
        properties: { name: { type: 'string', minLength: 2, maxLength: 200 }, tenantId: idSchema, creditCode: { type: 'string', maxLength: 40, description: 'unified social credit code (GB 32100), check character included' }, contact: { type: 'string', maxLength: 100 } },
      },
      async handler({ deps, principal, body, koa, locale }) {
        requireRole(principal, 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, body.tenantId);
        const creditCode = body.creditCode === undefined ? null : checkedCreditCode(body.creditCode, locale);
        const row: EnterpriseRow = { id: newId(), tenant_id: body.tenantId, name: body.name, credit_code: creditCode, contact: body.contact ?? null, created_at: deps.clock.now() };
        if (row.credit_code && (await deps.db.knex('enterprises').where({ credit_code: row.credit_code }).first())) {
          throw new ApiError(409, 'ENTERPRISE_EXISTS', `an enterprise with credit code ${row.credit_code} is registered already`);
        }
        await deps.db.knex('enterprises').insert(row);
        return view(row, publicUrl ?? originOf(koa));
      },
    },
    {
      method: 'get', path: '/api/enterprises', tag: 'enterprises', summary: 'Enterprises of the caller\'s subtree',
      response: arrayOf(ENTERPRISE),
      async handler({ deps, principal, koa }) {
        const rows = (await deps.db.knex('enterprises').whereIn('tenant_id', [...principal.subtree]).orderBy('name')) as EnterpriseRow[];
        return rows.map((r) => view(r, publicUrl ?? originOf(koa)));
      },
    },
    {
      method: 'get', path: '/api/enterprises/:id/qr.svg', tag: 'enterprises', summary: 'The enterprise\'s QR code (SVG) to the public intake form',
      response: textOf('image/svg+xml'),
      async handler({ deps, principal, params, koa }) {
        const row = (await deps.db.knex('enterprises').where({ id: params.id }).first()) as EnterpriseRow | undefined;
        if (!row || !principal.subtree.has(row.tenant_id)) throw notFound('enterprise', params.id!);
        koa.type = 'image/svg+xml';
        return QRCode.toString(intakeUrl(publicUrl ?? originOf(koa), row), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      },
    },
  );
}
