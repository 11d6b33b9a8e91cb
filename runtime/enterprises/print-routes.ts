import { requireRole, requireVisibleTenant, type Principal } from '../auth/index.js';
import { ApiError } from '../platform/http/errors.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import { idSchema, textOf } from '../platform/http/schemas.js';
import type { EnterpriseRow } from './model.js';
import { loadPdfFont } from './pdf-font.js';
import { pdfSheets } from './pdf.js';
import { MAX_PRINT_BATCH, printSheets } from './print.js';
import { visibleEnterprise } from './service.js';

type Locale = 'zh-CN' | 'en';
const WHICH = { properties: { id: idSchema, tenant: idSchema } } as const;

/** What one print asks for: one enterprise (?id=), or the active enterprises of a unit such as a park (?tenant=), at most MAX_PRINT_BATCH. */
async function printedRows(
  deps: Deps,
  principal: Principal,
  query: { id?: string; tenant?: string },
  locale: Locale,
): Promise<EnterpriseRow[]> {
  const zh = locale === 'zh-CN';
  if (query.id) return [await visibleEnterprise(deps.db.knex, principal.subtree, query.id)];
  if (!query.tenant)
    throw new ApiError(
      400,
      'PRINT_WHAT',
      zh
        ? '请指明打印哪家企业（?id=）或哪个单位的全部企业（?tenant=）'
        : 'give ?id= for one enterprise or ?tenant= for all of a unit',
    );
  await requireVisibleTenant(principal, deps.tenants, query.tenant);
  const rows = (await deps.db
    .knex('enterprises')
    .where({ tenant_id: query.tenant, active: true })
    .orderBy('name')
    .limit(MAX_PRINT_BATCH + 1)) as EnterpriseRow[];
  if (rows.length > MAX_PRINT_BATCH)
    throw new ApiError(
      400,
      'PRINT_TOO_LARGE',
      zh
        ? `一次最多打印 ${MAX_PRINT_BATCH} 家企业，该单位在用企业超过此数，请逐家打印或分批处理`
        : `at most ${MAX_PRINT_BATCH} sheets at once; print the unit's enterprises in parts`,
    );
  return rows;
}

const tenantNames = async (deps: Deps) => new Map((await deps.tenants.all()).map((tn) => [tn.id, tn.name]));

/**
 * The A4 sheets of 一企一码: HTML to print from the browser, and the same as a PDF (one page per
 * enterprise) set in the Chinese font `pdfFont` names (CIVICFLOW_PDF_FONT; default: WenQuanYi Micro Hei).
 */
export function enterprisePrintRoutes(
  api: RuntimeApi,
  originOf: (koa: { protocol: string; host: string }) => string,
  pdfFont?: string,
): void {
  api.add(
    {
      method: 'get',
      path: '/api/enterprises/print',
      tag: 'enterprises',
      summary:
        'Printable A4 sheets (HTML, print CSS): one enterprise (?id=), or all active ones of a tenant such as a park (?tenant=)',
      response: textOf('text/html'),
      query: WHICH,
      async handler({ deps, principal, query, koa, locale }) {
        requireRole(principal, 'tenant-admin', 'supervisor');
        const rows = await printedRows(deps, principal, query, locale);
        koa.type = 'text/html';
        return printSheets(rows, await tenantNames(deps), originOf(koa));
      },
    },
    {
      method: 'get',
      path: '/api/enterprises/print.pdf',
      tag: 'enterprises',
      summary: `The A4 sheets as a PDF download, one page per enterprise: one enterprise (?id=), or all active ones of a tenant such as a park (?tenant=, at most ${MAX_PRINT_BATCH}); 503 PDF_FONT_MISSING when the server has no Chinese font`,
      response: textOf('application/pdf'),
      query: WHICH,
      async handler({ deps, principal, query, koa, locale }) {
        requireRole(principal, 'tenant-admin', 'supervisor');
        const rows = await printedRows(deps, principal, query, locale);
        if (rows.length === 0)
          throw new ApiError(
            400,
            'PRINT_EMPTY',
            locale === 'zh-CN'
              ? '该单位没有在用的企业，没有可生成的张贴单；请先登记或导入企业'
              : 'the unit has no active enterprise to print: register or import some first',
          );
        const font = await loadPdfFont(pdfFont, locale);
        const names = await tenantNames(deps);
        const pdf = await pdfSheets(rows, names, originOf(koa), font, deps.clock.now(), locale);
        const title = query.id ? rows[0]!.name : (names.get(query.tenant!) ?? query.tenant!);
        koa.attachment(`一企一码-${title}.pdf`);
        koa.type = 'application/pdf';
        koa.set('Cache-Control', 'private, no-store');
        return pdf;
      },
    },
  );
}
